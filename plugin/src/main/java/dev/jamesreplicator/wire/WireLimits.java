package dev.jamesreplicator.wire;

import java.time.Duration;

import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.content.ContentSpool;

/** The bounds every replication connection lives within. */
public final class WireLimits {
    /**
     * Largest frame accepted after authentication. Control frames only (a user's STATE can be
     * megabytes); message bodies travel in chunks of {@link #BODY_CHUNK_BYTES}.
     */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;
    /** Largest frame accepted before authentication: a HELLO or a PROOF is a few hundred bytes. */
    public static final int PRE_AUTH_MAX_FRAME_BYTES = 4 * 1024;
    /** Largest piece of a message body in one frame. */
    public static final int BODY_CHUNK_BYTES = 256 * 1024;
    /** Largest message body accepted (the sum of its chunks), unless {@code <maxMessageSize>} says otherwise. */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = ReplicationConfig.DEFAULT_MAX_MESSAGE_SIZE;

    private final int maxFrameBytes;
    private final Duration handshakeTimeout;
    private final Duration idleTimeout;
    private final int maxConnections;
    private final long maxMessageBytes;
    private final ContentSpool spool;

    public WireLimits(int maxFrameBytes, Duration handshakeTimeout, Duration idleTimeout, int maxConnections) {
        this(maxFrameBytes, handshakeTimeout, idleTimeout, maxConnections, DEFAULT_MAX_MESSAGE_BYTES);
    }

    public WireLimits(int maxFrameBytes, Duration handshakeTimeout, Duration idleTimeout, int maxConnections, long maxMessageBytes) {
        this(maxFrameBytes, handshakeTimeout, idleTimeout, maxConnections, maxMessageBytes, ContentSpool.inTempDirectory());
    }

    public WireLimits(int maxFrameBytes, Duration handshakeTimeout, Duration idleTimeout, int maxConnections, long maxMessageBytes,
                      ContentSpool spool) {
        if (maxFrameBytes < PRE_AUTH_MAX_FRAME_BYTES || maxFrameBytes < BODY_CHUNK_BYTES + 1) {
            throw new IllegalArgumentException("maxFrameBytes must hold a body chunk: at least " + (BODY_CHUNK_BYTES + 1));
        }
        this.maxMessageBytes = maxMessageBytes;
        this.maxFrameBytes = maxFrameBytes;
        this.handshakeTimeout = handshakeTimeout;
        this.idleTimeout = idleTimeout;
        this.maxConnections = maxConnections;
        this.spool = spool;
    }

    /** The limits conf/replication.xml sets: {@code <maxConnections>}, {@code <maxMessageSize>}, the spool under {@code <stateDirectory>}. */
    public static WireLimits forConfig(ReplicationConfig config) {
        return new WireLimits(DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(10), Duration.ofSeconds(120), config.maxConnections(),
            config.maxMessageSize(), ContentSpool.ownDirectory(config.spoolDirectory(), ContentSpool.DEFAULT_MEMORY_THRESHOLD));
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** Largest message body, in bytes, a peer may send in one BODY_CHUNK... BODY_END sequence. */
    public long maxMessageBytes() {
        return maxMessageBytes;
    }

    /**
     * Where a body being received waits: in memory up to its memory threshold
     * bytes, in a file above it, so a connection holds at most that much of a body in the heap.
     */
    public ContentSpool spool() {
        return spool;
    }
}

package dev.jamesreplicator.wire;

import java.time.Duration;

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
    /** Largest message body accepted (the sum of its chunks). */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 64L * 1024 * 1024;

    private final int maxFrameBytes;
    private final Duration handshakeTimeout;
    private final Duration idleTimeout;
    private final int maxConnections;
    private final long maxMessageBytes;

    public WireLimits(int maxFrameBytes, Duration handshakeTimeout, Duration idleTimeout, int maxConnections) {
        this(maxFrameBytes, handshakeTimeout, idleTimeout, maxConnections, DEFAULT_MAX_MESSAGE_BYTES);
    }

    public WireLimits(int maxFrameBytes, Duration handshakeTimeout, Duration idleTimeout, int maxConnections, long maxMessageBytes) {
        if (maxFrameBytes < PRE_AUTH_MAX_FRAME_BYTES || maxFrameBytes < BODY_CHUNK_BYTES + 1) {
            throw new IllegalArgumentException("maxFrameBytes must hold a body chunk: at least " + (BODY_CHUNK_BYTES + 1));
        }
        this.maxMessageBytes = maxMessageBytes;
        this.maxFrameBytes = maxFrameBytes;
        this.handshakeTimeout = handshakeTimeout;
        this.idleTimeout = idleTimeout;
        this.maxConnections = maxConnections;
    }

    public static WireLimits defaults(int maxConnections) {
        return new WireLimits(DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(10), Duration.ofSeconds(120), maxConnections);
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
}

package dev.jamesreplicator.wire;

import java.time.Duration;

/** The bounds every replication connection lives within. */
public final class WireLimits {
    /** Largest frame accepted; message bodies above it are refused rather than buffered. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;

    private final int maxFrameBytes;
    private final Duration handshakeTimeout;
    private final Duration idleTimeout;
    private final int maxConnections;

    public WireLimits(int maxFrameBytes, Duration handshakeTimeout, Duration idleTimeout, int maxConnections) {
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
}

package dev.jamesreplicator.wire;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One unit on the replication port. On the wire: a 4-byte big-endian length of what follows,
 * one type byte, then the payload.
 */
public final class Frame {
    /** Length prefix plus type byte. */
    public static final int HEADER_BYTES = 5;

    private final FrameType type;
    private final byte[] payload;

    public Frame(FrameType type, byte[] payload) {
        this.type = Objects.requireNonNull(type);
        this.payload = Objects.requireNonNull(payload);
    }

    public static Frame text(FrameType type, String payload) {
        return new Frame(type, payload.getBytes(StandardCharsets.UTF_8));
    }

    public FrameType type() {
        return type;
    }

    public byte[] payload() {
        return payload;
    }

    public String payloadAsText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return type + "(" + payload.length + " bytes)";
    }
}

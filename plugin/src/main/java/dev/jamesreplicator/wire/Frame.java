package dev.jamesreplicator.wire;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import dev.jamesreplicator.content.MessageContent;

/**
 * One unit on the replication port. On the wire: a 4-byte big-endian length of what follows,
 * one type byte, then the payload. A {@link FrameType#BODY} is the exception: it carries a
 * {@link MessageContent}, never a payload, and crosses the wire as chunks.
 */
public final class Frame {
    /** Length prefix plus type byte. */
    public static final int HEADER_BYTES = 5;
    private static final byte[] NO_PAYLOAD = new byte[0];

    private final FrameType type;
    private final byte[] payload;
    private final MessageContent content;

    public Frame(FrameType type, byte[] payload) {
        if (type == FrameType.BODY) {
            throw new IllegalArgumentException("a BODY carries a MessageContent: use Frame.body");
        }
        this.type = Objects.requireNonNull(type);
        this.payload = Objects.requireNonNull(payload);
        this.content = null;
    }

    private Frame(MessageContent content) {
        this.type = FrameType.BODY;
        this.payload = NO_PAYLOAD;
        this.content = Objects.requireNonNull(content);
    }

    public static Frame text(FrameType type, String payload) {
        return new Frame(type, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** A whole message body, as the session code sends and receives it. */
    public static Frame body(MessageContent content) {
        return new Frame(content);
    }

    public FrameType type() {
        return type;
    }

    /** The payload of any frame but a {@link FrameType#BODY}. */
    public byte[] payload() {
        if (content != null) {
            throw new IllegalStateException("a BODY has no payload: read its content()");
        }
        return payload;
    }

    /** The message body of a {@link FrameType#BODY}. */
    public MessageContent content() {
        if (content == null) {
            throw new IllegalStateException("a " + type + " frame carries no message body");
        }
        return content;
    }

    public String payloadAsText() {
        return new String(payload(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return type + "(" + (content != null ? content.size() : payload.length) + " bytes)";
    }
}

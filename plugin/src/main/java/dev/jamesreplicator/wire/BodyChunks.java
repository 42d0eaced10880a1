package dev.jamesreplicator.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The body framing: a {@link FrameType#BODY} crosses the wire as BODY_CHUNK frames of at most
 * {@link WireLimits#BODY_CHUNK_BYTES} and a BODY_END carrying the total length, so no frame
 * holds a whole large message; the receiving side caps the total.
 */
public final class BodyChunks {
    private final long maxMessageBytes;
    private ByteArrayOutputStream body;

    public BodyChunks(long maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The wire frames for one frame: itself, or the chunks and end of a body. */
    public static List<Frame> toWire(Frame frame) {
        if (frame.type() != FrameType.BODY) {
            return List.of(frame);
        }
        byte[] content = frame.payload();
        List<Frame> frames = new ArrayList<>(content.length / WireLimits.BODY_CHUNK_BYTES + 2);
        for (int offset = 0; offset < content.length; offset += WireLimits.BODY_CHUNK_BYTES) {
            frames.add(new Frame(FrameType.BODY_CHUNK,
                Arrays.copyOfRange(content, offset, Math.min(content.length, offset + WireLimits.BODY_CHUNK_BYTES))));
        }
        frames.add(end(content.length));
        return frames;
    }

    public static Frame end(long totalLength) {
        return new Frame(FrameType.BODY_END, ByteBuffer.allocate(8).putLong(totalLength).array());
    }

    /**
     * Takes one wire frame; returns the frame the session sees (an assembled BODY at its end, any
     * other frame as it is), or null while a body is still arriving.
     */
    public Frame accept(Frame frame) {
        switch (frame.type()) {
            case BODY_CHUNK:
                if (frame.payload().length > WireLimits.BODY_CHUNK_BYTES) {
                    throw new WireException("a body chunk of " + frame.payload().length + " bytes, above "
                        + WireLimits.BODY_CHUNK_BYTES);
                }
                if (body == null) {
                    body = new ByteArrayOutputStream();
                }
                if ((long) body.size() + frame.payload().length > maxMessageBytes) {
                    throw new WireException("a message body above the limit of " + maxMessageBytes + " bytes");
                }
                body.writeBytes(frame.payload());
                return null;
            case BODY_END:
                if (frame.payload().length != 8) {
                    throw new WireException("a BODY_END without its 8-byte length");
                }
                long declared = ByteBuffer.wrap(frame.payload()).getLong();
                byte[] content = body == null ? new byte[0] : body.toByteArray();
                body = null;
                if (declared != content.length) {
                    throw new WireException("a body announced as " + declared + " bytes came as " + content.length);
                }
                return new Frame(FrameType.BODY, content);
            default:
                if (body != null) {
                    throw new WireException("a body cut short by a " + frame.type() + " frame");
                }
                return frame;
        }
    }
}

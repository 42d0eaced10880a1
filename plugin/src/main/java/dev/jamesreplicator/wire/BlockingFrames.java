package dev.jamesreplicator.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.function.Consumer;

/** The same framing as {@link FrameDecoder}/{@link FrameEncoder}, over blocking streams (the client side). */
public final class BlockingFrames {
    private BlockingFrames() {
    }

    /**
     * Writes a frame; a {@link FrameType#BODY} goes out as chunks read from its content one at a
     * time (the socket's own backpressure paces them) and an end frame. The content stays open.
     */
    public static void write(DataOutputStream out, Frame frame) throws IOException {
        write(out, frame, wire -> { });
    }

    /** As {@link #write(DataOutputStream, Frame)}, telling {@code onWire} of each frame as it goes on the wire. */
    public static void write(DataOutputStream out, Frame frame, Consumer<Frame> onWire) throws IOException {
        if (frame.type() != FrameType.BODY) {
            writeOne(out, frame, onWire);
            return;
        }
        try (BodyChunks.Outgoing body = new BodyChunks.Outgoing(frame.content())) {
            for (Frame chunk = body.next(); chunk != null; chunk = body.next()) {
                writeOne(out, chunk, onWire);
            }
        }
    }

    private static void writeOne(DataOutputStream out, Frame frame, Consumer<Frame> onWire) throws IOException {
        out.writeInt(frame.payload().length + 1);
        out.writeByte(frame.type().code());
        out.write(frame.payload());
        onWire.accept(frame);
    }

    /** Reads one frame as it is on the wire. */
    public static Frame read(DataInputStream in, int maxFrameBytes) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            throw new WireException("the peer closed the connection");
        }
        if (length < 1 || length > maxFrameBytes) {
            throw new WireException("frame length " + Integer.toUnsignedString(length) + " is outside 1.." + maxFrameBytes);
        }
        FrameType type = FrameType.fromCode(in.readByte());
        byte[] payload = new byte[length - 1];
        in.readFully(payload);
        return new Frame(type, payload);
    }

    /**
     * Reads the next frame the session sees: a body's chunks are spooled and come back as one
     * {@link FrameType#BODY}, which the caller closes. A body cut short (the peer closed, a
     * timeout, a bad frame) is dropped with its spool file.
     */
    public static Frame readAssembled(DataInputStream in, int maxFrameBytes, BodyChunks bodies) throws IOException {
        return readAssembled(in, maxFrameBytes, bodies, wire -> { });
    }

    /** As {@link #readAssembled(DataInputStream, int, BodyChunks)}, telling {@code onWire} of each frame read. */
    public static Frame readAssembled(DataInputStream in, int maxFrameBytes, BodyChunks bodies, Consumer<Frame> onWire)
            throws IOException {
        try {
            while (true) {
                Frame wire = read(in, maxFrameBytes);
                onWire.accept(wire);
                Frame frame = bodies.accept(wire);
                if (frame != null) {
                    return frame;
                }
            }
        } catch (IOException | RuntimeException e) {
            bodies.discard();
            throw e;
        }
    }
}

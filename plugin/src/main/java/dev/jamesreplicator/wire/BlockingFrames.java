package dev.jamesreplicator.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/** The same framing as {@link FrameDecoder}/{@link FrameEncoder}, over blocking streams (the client side). */
public final class BlockingFrames {
    private BlockingFrames() {
    }

    /** Writes a frame; a {@link FrameType#BODY} goes out as chunks and an end frame. */
    public static void write(DataOutputStream out, Frame frame) throws IOException {
        for (Frame wire : BodyChunks.toWire(frame)) {
            out.writeInt(wire.payload().length + 1);
            out.writeByte(wire.type().code());
            out.write(wire.payload());
        }
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
}

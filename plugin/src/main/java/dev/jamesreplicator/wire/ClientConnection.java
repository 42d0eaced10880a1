package dev.jamesreplicator.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;

/**
 * An authenticated connection to the twin: frames out, frames in. A {@link FrameType#BODY}
 * crosses the wire in chunks both ways; callers send and receive it whole.
 */
public class ClientConnection implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final WireLimits limits;
    private final BodyChunks bodies;
    private int maxFrameBytes = WireLimits.PRE_AUTH_MAX_FRAME_BYTES;
    private long framesSent;
    private long bytesSent;
    private long framesReceived;
    private long bytesReceived;

    ClientConnection(Socket socket, DataInputStream in, DataOutputStream out, WireLimits limits) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.limits = limits;
        this.bodies = new BodyChunks(limits.maxMessageBytes());
    }

    /** The twin proved it knows the password: from now on it may send frames up to the full limit. */
    void authenticated() {
        maxFrameBytes = limits.maxFrameBytes();
    }

    /** Queues a frame; {@link #receive()} flushes before it waits. */
    public void send(Frame frame) throws IOException {
        for (Frame wire : BodyChunks.toWire(frame)) {
            BlockingFrames.write(out, wire);
            framesSent++;
            bytesSent += Frame.HEADER_BYTES + wire.payload().length;
        }
    }

    /** The next frame; a body comes back whole, as one {@link FrameType#BODY} of at most the message limit. */
    public Frame receive() throws IOException {
        out.flush();
        while (true) {
            Frame wire = BlockingFrames.read(in, maxFrameBytes);
            framesReceived++;
            bytesReceived += Frame.HEADER_BYTES + wire.payload().length;
            Frame frame = bodies.accept(wire);
            if (frame != null) {
                return frame;
            }
        }
    }

    /** Frames sent so far, as on the wire (a body counts its chunks and its end), handshake included. */
    public long framesSent() {
        return framesSent;
    }

    /** Bytes sent so far: frame headers and payloads, before TLS. */
    public long bytesSent() {
        return bytesSent;
    }

    public long framesReceived() {
        return framesReceived;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the connection is gone either way
        }
    }
}

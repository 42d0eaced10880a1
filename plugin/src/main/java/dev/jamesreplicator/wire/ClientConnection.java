package dev.jamesreplicator.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;

/**
 * An authenticated connection to the twin: frames out, frames in. A {@link FrameType#BODY}
 * crosses the wire in chunks both ways, streamed from its content and spooled on arrival;
 * callers send and receive it as one frame.
 */
public class ClientConnection implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final WireLimits limits;
    private final BodyChunks bodies;
    private int maxFrameBytes = WireLimits.PRE_AUTH_MAX_FRAME_BYTES;

    ClientConnection(Socket socket, DataInputStream in, DataOutputStream out, WireLimits limits) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.limits = limits;
        this.bodies = new BodyChunks(limits.maxMessageBytes(), limits.spool());
    }

    /** The twin proved it knows the password: from now on it may send frames up to the full limit. */
    void authenticated() {
        maxFrameBytes = limits.maxFrameBytes();
    }

    /** The largest message body this side sends or takes ({@code <maxMessageSize>}). */
    public long maxMessageBytes() {
        return limits.maxMessageBytes();
    }

    /** Queues a frame (a body is streamed from its content, which stays open); {@link #receive()} flushes before it waits. */
    public void send(Frame frame) throws IOException {
        BlockingFrames.write(out, frame);
    }

    /**
     * The next frame; a body comes back as one {@link FrameType#BODY} of at most the message
     * limit, spooled (the caller closes it).
     */
    public Frame receive() throws IOException {
        out.flush();
        return BlockingFrames.readAssembled(in, maxFrameBytes, bodies);
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

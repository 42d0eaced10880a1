package dev.jamesreplicator.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

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
        BlockingFrames.write(out, frame);
    }

    /** The next frame; a body comes back whole, as one {@link FrameType#BODY} of at most the message limit. */
    public Frame receive() throws IOException {
        out.flush();
        return BlockingFrames.readAssembled(in, maxFrameBytes, bodies);
    }

    /**
     * Ends the sync session on this connection and waits for the twin to confirm: the twin has
     * released what the session held, and the connection may carry another session.
     */
    public void endSession() throws IOException {
        exchange(FrameType.END);
    }

    /** One round trip with nothing in it: the connection is alive, and the twin's idle timer starts again. */
    public void ping() throws IOException {
        exchange(FrameType.PING);
    }

    private void exchange(FrameType type) throws IOException {
        send(new Frame(type, new byte[0]));
        Frame answer = receive();
        if (answer.type() == FrameType.ERROR) {
            throw new WireException("the peer refused " + type + ": " + answer.payloadAsText());
        }
        if (answer.type() != type) {
            throw new WireException("expected " + type + " in answer to " + type + ", got " + answer.type());
        }
    }

    /** How long a {@link #receive()} waits for the twin before it fails. */
    public void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
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

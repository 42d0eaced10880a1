package dev.jamesreplicator.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

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
    private long framesSent;
    private long bytesSent;
    private long framesReceived;
    private long bytesReceived;

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
        BlockingFrames.write(out, frame, wire -> {
            framesSent++;
            bytesSent += Frame.HEADER_BYTES + wire.payload().length;
        });
    }

    /**
     * The next frame; a body comes back as one {@link FrameType#BODY} of at most the message
     * limit, spooled (the caller closes it).
     */
    public Frame receive() throws IOException {
        out.flush();
        // A body cut short (the peer closed, a timeout, a bad frame) goes with its spool file.
        return BlockingFrames.readAssembled(in, maxFrameBytes, bodies, wire -> {
            framesReceived++;
            bytesReceived += Frame.HEADER_BYTES + wire.payload().length;
        });
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

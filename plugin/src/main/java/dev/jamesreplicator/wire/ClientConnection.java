package dev.jamesreplicator.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;

/** An authenticated connection to the twin: frames out, frames in. */
public class ClientConnection implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final int maxFrameBytes;

    ClientConnection(Socket socket, DataInputStream in, DataOutputStream out, int maxFrameBytes) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Queues a frame; {@link #receive()} flushes before it waits. */
    public void send(Frame frame) throws IOException {
        BlockingFrames.write(out, frame);
    }

    public Frame receive() throws IOException {
        out.flush();
        return BlockingFrames.read(in, maxFrameBytes);
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

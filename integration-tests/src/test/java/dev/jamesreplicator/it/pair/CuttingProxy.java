package dev.jamesreplicator.it.pair;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A TCP relay on node a's link to node b's replication port (node a's {@code twin} points here),
 * transparent until a test asks it to cut: then connections are reset (RST, as a crashing peer or
 * a broken network does) after a random number of bytes, in the middle of a handshake, a state
 * exchange or a body, whichever direction they flow.
 */
public final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final Supplier<InetSocketAddress> target;
    private final AtomicLong cut = new AtomicLong();
    private volatile Cuts cuts = Cuts.NONE;

    /** Connections are cut with this probability, after a byte budget drawn from [minBytes, maxBytes]. */
    public record Cuts(double probability, int minBytes, int maxBytes) {
        static final Cuts NONE = new Cuts(0, 0, 0);
        /** The link is down: every connection, new or kept, is reset at its next byte until {@link #stopCutting()}. */
        public static final Cuts EVERYTHING = new Cuts(1.0, 0, 0);
    }

    public CuttingProxy(Supplier<InetSocketAddress> target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void cut(Cuts cuts) {
        this.cuts = cuts;
    }

    public void stopCutting() {
        this.cuts = Cuts.NONE;
    }

    /** Connections reset before either side closed them. */
    public long cutConnections() {
        return cut.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                relay(client);
            } catch (IOException e) {
                // Closed, or one failed accept: keep serving while open.
            }
        }
    }

    /** Bytes a connection may still relay under {@code policy}: drawn once per connection and policy. */
    private static long draw(Cuts policy) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return policy.probability() > 0 && random.nextDouble() < policy.probability()
                ? random.nextLong(policy.minBytes(), policy.maxBytes() + 1L) : Long.MAX_VALUE;
    }

    private void relay(Socket client) {
        Connection connection = new Connection(client);
        try {
            connection.twin = new Socket();
            connection.twin.connect(target.get(), 5_000);
            connection.twin.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
        } catch (IOException e) {
            connection.close(false);
            return;
        }
        start(() -> connection.pump(client, connection.twin), "cutting-proxy-up");
        start(() -> connection.pump(connection.twin, client), "cutting-proxy-down");
    }

    private static void start(Runnable pump, String name) {
        Thread thread = new Thread(pump, name);
        thread.setDaemon(true);
        thread.start();
    }

    private final class Connection {
        private final Socket client;
        private final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);
        /** The policy the budget was drawn under: a connection kept open across cut() draws again. */
        private Cuts policy;
        private volatile Socket twin;
        private volatile boolean closed;

        Connection(Socket client) {
            this.client = client;
        }

        private synchronized long spend(int bytes) {
            Cuts now = cuts;
            if (now != policy) {
                policy = now;
                budget.set(draw(now));
            }
            return budget.addAndGet(-bytes);
        }

        void pump(Socket from, Socket to) {
            byte[] buffer = new byte[8192];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    long left = spend(read);
                    if (left < 0) {
                        // Pass on what fits in the budget, then reset both sides mid-stream.
                        out.write(buffer, 0, (int) Math.max(0, read + left));
                        out.flush();
                        close(true);
                        return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // The other pump closed the connection, or a side went away.
            }
            close(false);
        }

        /** Closes both sides once: with an RST when cutting, as a normal close otherwise. */
        synchronized void close(boolean cutting) {
            if (closed) {
                return;
            }
            closed = true;
            if (cutting) {
                cut.incrementAndGet();
            }
            for (Socket socket : new Socket[] {client, twin}) {
                if (socket == null) {
                    continue;
                }
                try {
                    if (cutting) {
                        socket.setSoLinger(true, 0);
                    }
                    socket.close();
                } catch (IOException e) {
                    // Already gone.
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

package dev.jamesreplicator.wire;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.config.HostPort;

/**
 * The authenticated connections to the twin this server keeps open between sync sessions, so a
 * session skips the TCP connect, the TLS handshake and the password proofs (about 15 of the
 * 35-40 ms it took to replicate one new message on the latency benchmark).
 *
 * <ul>
 * <li>At most {@code maxIdle} connections wait here; a session that ends while that many wait
 *     closes its connection. With 0, every session has a connection of its own.
 * <li>Only a connection whose session ran to its end comes back, and only once the twin has
 *     answered END (it released the user it locked). A session that failed in any way closes its
 *     connection: nothing half-done is ever carried into the next session.
 * <li>A waiting connection is pinged after a quarter of the idle timeout without traffic, so the
 *     twin's idle timeout never closes it under a session; one that fails its ping is closed.
 * <li>A waiting connection may still be dead when taken (the twin restarted, a network cut). The
 *     session's first call then fails on it; that call (OPEN) leaves nothing behind on the twin
 *     (its lock dies with the connection), so it is made once more on a new connection, after
 *     the other waiting connections, likely dead too, are closed. Nothing else is ever retried.
 * </ul>
 */
public final class TwinConnections implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(TwinConnections.class);

    private final ReplicaClient client;
    private final HostPort twin;
    private final int maxIdle;
    private final Duration firstCallTimeout;
    private final Duration sessionTimeout;
    private final long keepAliveNanos;
    /** Most recently used first. */
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private ScheduledExecutorService keeper;
    private boolean closed;

    public TwinConnections(ReplicaClient client, HostPort twin, int maxIdle) {
        if (maxIdle < 0) {
            throw new IllegalArgumentException("maxIdle must not be negative");
        }
        this.client = client;
        this.twin = twin;
        this.maxIdle = maxIdle;
        this.firstCallTimeout = client.limits().handshakeTimeout();
        this.sessionTimeout = client.limits().idleTimeout();
        this.keepAliveNanos = client.limits().idleTimeout().toNanos() / 4;
    }

    /**
     * A connection to the twin with the session's first call made on it: a waiting connection if
     * there is one, else a new one. When the call fails on a waiting connection because the
     * connection is dead, the waiting connections are closed and the call is made again, once,
     * on a new connection; when it fails otherwise (the twin refused it), it fails.
     */
    public <T> Session<T> open(Function<ClientConnection, T> firstCall) {
        ClientConnection kept = take();
        if (kept != null) {
            try {
                kept.readTimeout(firstCallTimeout);
                T opened = firstCall.apply(kept);
                kept.readTimeout(sessionTimeout);
                return new Session<>(kept, opened);
            } catch (IOException | RuntimeException e) {
                kept.close();
                if (!isLinkFailure(e)) {
                    throw e instanceof RuntimeException ? (RuntimeException) e : new WireException(e.getMessage(), e);
                }
                int dropped = dropWaiting();
                LOGGER.info("A kept connection to the twin at {} was dead ({}); closed it{}, connecting anew", twin,
                    e.getMessage(), dropped == 0 ? "" : " and " + dropped + " more");
            }
        }
        ClientConnection fresh = client.connect(twin);
        try {
            return new Session<>(fresh, firstCall.apply(fresh));
        } catch (RuntimeException e) {
            fresh.close();
            throw e;
        }
    }

    /** How many connections wait for a session now. */
    public synchronized int waiting() {
        return waiting.size();
    }

    /** Closes the waiting connections; connections of running sessions close when those end. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (keeper != null) {
                keeper.shutdownNow();
            }
        }
        dropWaiting();
    }

    private synchronized ClientConnection take() {
        Waiting entry = waiting.pollFirst();
        return entry == null ? null : entry.connection;
    }

    private int dropWaiting() {
        List<Waiting> dropped;
        synchronized (this) {
            dropped = new ArrayList<>(waiting);
            waiting.clear();
        }
        dropped.forEach(entry -> entry.connection.close());
        return dropped.size();
    }

    private synchronized boolean hasRoom() {
        return !closed && waiting.size() < maxIdle;
    }

    /** Keeps a connection whose session ran to its end, if there is room; closes it otherwise. */
    private void giveBack(ClientConnection connection) {
        if (!hasRoom()) {
            connection.close();
            return;
        }
        try {
            connection.endSession();
            connection.readTimeout(firstCallTimeout);
        } catch (IOException | RuntimeException e) {
            // The twin closed the connection, or did not acknowledge END in time: no reuse.
            LOGGER.debug("Not keeping a connection to the twin at {}: {}", twin, e.getMessage());
            connection.close();
            return;
        }
        if (!keep(connection, false)) {
            connection.close();
        }
    }

    private synchronized boolean keep(ClientConnection connection, boolean leastRecentlyUsed) {
        if (closed || waiting.size() >= maxIdle) {
            return false;
        }
        Waiting entry = new Waiting(connection, System.nanoTime());
        if (leastRecentlyUsed) {
            waiting.addLast(entry);
        } else {
            waiting.addFirst(entry);
        }
        if (keeper == null) {
            keeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "replicator-keepalive");
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(1, keepAliveNanos / 2);
            keeper.scheduleWithFixedDelay(this::pingQuietConnections, period, period, TimeUnit.NANOSECONDS);
        }
        return true;
    }

    /** Pings the connections that have been quiet for a quarter of the idle timeout; closes those that fail. */
    void pingQuietConnections() {
        long now = System.nanoTime();
        List<Waiting> due = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Waiting> entries = waiting.iterator(); entries.hasNext(); ) {
                Waiting entry = entries.next();
                if (now - entry.since >= keepAliveNanos) {
                    entries.remove();
                    due.add(entry);
                }
            }
        }
        for (Waiting entry : due) {
            try {
                entry.connection.ping();
            } catch (IOException | RuntimeException e) {
                LOGGER.debug("A kept connection to the twin at {} failed its ping: {}", twin, e.getMessage());
                entry.connection.close();
                continue;
            }
            if (!keep(entry.connection, true)) {
                entry.connection.close();
            }
        }
    }

    /** Whether a failure is the connection's (I/O, framing, the peer hanging up) rather than a refusal in a REPLY. */
    static boolean isLinkFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof WireException) {
                return true;
            }
        }
        return false;
    }

    private static final class Waiting {
        final ClientConnection connection;
        final long since;

        Waiting(ClientConnection connection, long since) {
            this.connection = connection;
            this.since = since;
        }
    }

    /**
     * One sync session's use of a connection. {@link #end()} when the session ran to its end;
     * {@link #close()} in any case (it closes the connection unless {@code end} kept it).
     */
    public final class Session<T> implements AutoCloseable {
        private final ClientConnection connection;
        private final T opened;
        private boolean ended;

        private Session(ClientConnection connection, T opened) {
            this.connection = connection;
            this.opened = opened;
        }

        public ClientConnection connection() {
            return connection;
        }

        /** What the first call returned. */
        public T opened() {
            return opened;
        }

        /** The session ran to its end: the connection may serve the next one. */
        public void end() {
            if (!ended) {
                ended = true;
                giveBack(connection);
            }
        }

        @Override
        public void close() {
            if (!ended) {
                ended = true;
                connection.close();
            }
        }
    }
}

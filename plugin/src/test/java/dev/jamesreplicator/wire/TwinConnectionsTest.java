package dev.jamesreplicator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.common.collect.ImmutableList;

import dev.jamesreplicator.config.HostPort;

/**
 * Connections kept between sync sessions, against a real {@link ReplicaServer}: what comes back
 * to the pool, what is closed, and what happens when a kept connection turns out dead.
 */
class TwinConnectionsTest {
    private static final String PASSWORD = "a-shared-secret-of-some-length";
    /** Derived once for the class: the timeouts here are short, and a key derivation on a loaded machine is not. */
    private static final ServerSalt SALT = ServerSalt.random();
    private static final MutualAuth AUTH = new MutualAuth(PASSWORD);

    static {
        AUTH.key(SALT.salt(), SALT.iterations());
    }
    /**
     * A short idle timeout, so that keeping connections past it shows within a test (not shorter:
     * the first handshake of a cold JVM on a busy machine can pause that long between bytes).
     */
    private static final WireLimits LIMITS = new WireLimits(1024 * 1024, Duration.ofSeconds(3), Duration.ofSeconds(2), 4);

    /** The current server's sessions, in the order it opened them; "closed" once released. */
    private volatile List<String> sessions;
    private final List<TwinConnections> pools = new ArrayList<>();
    private ReplicaServer server;
    private HostPort address;

    private ServedSession open(String peer) {
        List<String> served = sessions;
        int index;
        synchronized (served) {
            served.add("open");
            index = served.size() - 1;
        }
        return new ServedSession() {
            @Override
            public List<Frame> onFrame(Frame frame) {
                if (frame.payloadAsText().equals("refuse")) {
                    return ImmutableList.of(Frame.text(FrameType.REPLY, "refused"));
                }
                return ImmutableList.of(Frame.text(FrameType.REPLY, frame.payloadAsText()));
            }

            @Override
            public void close() {
                served.set(index, "closed");
            }
        };
    }

    private HostPort startServer(int port) {
        sessions = new CopyOnWriteArrayList<>();
        server = new ReplicaServer("b", AUTH, SALT, LIMITS, WireSecurity.plaintext(), this::open);
        InetSocketAddress bound = server.start(new InetSocketAddress("127.0.0.1", port));
        return new HostPort("127.0.0.1", bound.getPort());
    }

    private TwinConnections pool(int maxIdle) {
        TwinConnections pool = new TwinConnections(new ReplicaClient("a", AUTH, LIMITS, TlsChannel.off(), Duration.ofSeconds(2)),
            address, maxIdle);
        pools.add(pool);
        return pool;
    }

    /** The session's first call: one CALL and its REPLY; a reply "refused" is a refusal, not a link failure. */
    private static Function<ClientConnection, String> call(String text) {
        return connection -> {
            try {
                connection.send(Frame.text(FrameType.CALL, text));
                String reply = connection.receive().payloadAsText();
                if (reply.equals("refused")) {
                    throw new IllegalStateException("the twin refused");
                }
                return reply;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @BeforeEach
    void start() {
        address = startServer(0);
    }

    @AfterEach
    void stop() {
        pools.forEach(TwinConnections::close);
        server.close();
    }

    @Test
    void aSessionThatRanToItsEndHandsItsConnectionToTheNext() {
        TwinConnections pool = pool(2);
        ClientConnection first;
        try (TwinConnections.Session<String> session = pool.open(call("OPEN u1"))) {
            assertThat(session.opened()).isEqualTo("OPEN u1");
            first = session.connection();
            session.end();
        }
        assertThat(sessions).as("END released the served session before the next one").containsExactly("closed", "open");
        try (TwinConnections.Session<String> session = pool.open(call("OPEN u2"))) {
            assertThat(session.connection()).isSameAs(first);
            session.end();
        }
        assertThat(pool.waiting()).isEqualTo(1);
    }

    @Test
    void aSessionThatDidNotRunToItsEndClosesItsConnection() {
        TwinConnections pool = pool(2);
        ClientConnection first;
        try (TwinConnections.Session<String> session = pool.open(call("OPEN u1"))) {
            first = session.connection();
            // the session fails: no end()
        }
        assertThat(pool.waiting()).isZero();
        try (TwinConnections.Session<String> session = pool.open(call("OPEN u2"))) {
            assertThat(session.connection()).isNotSameAs(first);
            session.end();
        }
        awaitSessions("closed", "closed", "open");
    }

    @Test
    void noMoreThanMaxIdleConnectionsWait() {
        TwinConnections pool = pool(2);
        List<TwinConnections.Session<String>> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            running.add(pool.open(call("OPEN u" + i)));
        }
        running.forEach(TwinConnections.Session::end);
        running.forEach(TwinConnections.Session::close);
        assertThat(pool.waiting()).isEqualTo(2);
        awaitSessions("closed", "closed", "closed", "open", "open");

        TwinConnections none = pool(0);
        try (TwinConnections.Session<String> session = none.open(call("OPEN u3"))) {
            session.end();
        }
        assertThat(none.waiting()).isZero();
    }

    @Test
    void aKeptConnectionFoundDeadIsReplacedAndTheFirstCallMadeOnceMore() {
        TwinConnections pool = pool(2);
        List<TwinConnections.Session<String>> running = List.of(pool.open(call("OPEN u1")), pool.open(call("OPEN u2")));
        running.forEach(TwinConnections.Session::end);
        assertThat(pool.waiting()).isEqualTo(2);

        // the twin restarts: both kept connections are dead
        server.close();
        startServer(address.port());

        AtomicInteger attempts = new AtomicInteger();
        try (TwinConnections.Session<String> session = pool.open(connection -> {
            attempts.incrementAndGet();
            return call("OPEN u3").apply(connection);
        })) {
            assertThat(session.opened()).isEqualTo("OPEN u3");
            session.end();
        }
        assertThat(attempts).as("once on a dead connection, once on a new one").hasValue(2);
        assertThat(pool.waiting()).as("the other dead connection was dropped too").isEqualTo(1);
        assertThat(sessions).containsExactly("closed", "open");
    }

    @Test
    void aRefusalOnAKeptConnectionIsNotRetried() {
        TwinConnections pool = pool(2);
        try (TwinConnections.Session<String> session = pool.open(call("OPEN u1"))) {
            session.end();
        }
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> pool.open(connection -> {
            attempts.incrementAndGet();
            return call("refuse").apply(connection);
        })).hasMessageContaining("refused");
        assertThat(attempts).hasValue(1);
        assertThat(pool.waiting()).as("the refused session's connection is closed").isZero();
        awaitSessions("closed", "closed");
    }

    @Test
    void aWaitingConnectionIsPingedPastTheTwinsIdleTimeout() throws InterruptedException {
        TwinConnections pool = pool(1);
        ClientConnection first;
        try (TwinConnections.Session<String> session = pool.open(call("OPEN u1"))) {
            first = session.connection();
            session.end();
        }
        // A fixed wait on purpose: the twin's idle timeout must elapse (twice and more), with nothing
        // to observe meanwhile; only the pool's pings keep the connection alive through it.
        Thread.sleep(LIMITS.idleTimeout().multipliedBy(5).dividedBy(2).toMillis());
        AtomicInteger attempts = new AtomicInteger();
        try (TwinConnections.Session<String> session = pool.open(connection -> {
            attempts.incrementAndGet();
            return call("OPEN u2").apply(connection);
        })) {
            assertThat(session.connection()).isSameAs(first);
            session.end();
        }
        assertThat(attempts).as("the kept connection was alive").hasValue(1);
    }

    @Test
    void closingThePoolClosesTheWaitingConnectionsAndKeepsNoMore() {
        TwinConnections pool = pool(2);
        TwinConnections.Session<String> running = pool.open(call("OPEN u1"));
        try (TwinConnections.Session<String> session = pool.open(call("OPEN u2"))) {
            session.end();
        }
        pool.close();
        assertThat(pool.waiting()).isZero();
        running.end();
        running.close();
        assertThat(pool.waiting()).isZero();
        awaitSessions("closed", "closed", "closed");
    }

    /** The server notices a closed connection on its own thread: wait for it. */
    private void awaitSessions(String... expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
            .untilAsserted(() -> assertThat(sessions).containsExactly(expected));
    }
}

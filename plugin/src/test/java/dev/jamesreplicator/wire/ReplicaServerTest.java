package dev.jamesreplicator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.common.collect.ImmutableList;

import dev.jamesreplicator.config.HostPort;

class ReplicaServerTest {
    private static final String PASSWORD = "a-shared-secret-of-some-length";
    private static final WireLimits LIMITS = new WireLimits(1024 * 1024, Duration.ofSeconds(2), Duration.ofSeconds(5), 4);

    private final List<String> openedFor = new CopyOnWriteArrayList<>();
    private ReplicaServer server;
    private HostPort address;

    /** Echoes each CALL back as a REPLY: enough to see that a session runs after authentication. */
    private ServedSession echo(String peer) {
        openedFor.add(peer);
        return new ServedSession() {
            @Override
            public List<Frame> onFrame(Frame frame) {
                return ImmutableList.of(new Frame(FrameType.REPLY, frame.payload()));
            }

            @Override
            public void close() {
            }
        };
    }

    @BeforeEach
    void start() {
        server = new ReplicaServer("b", PASSWORD, LIMITS, this::echo);
        InetSocketAddress bound = server.start(new InetSocketAddress("127.0.0.1", 0));
        address = new HostPort("127.0.0.1", bound.getPort());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ClientConnection connect(String node, String password) {
        return new ReplicaClient(node, password, LIMITS, Duration.ofSeconds(2)).connect(address);
    }

    private void assertStillServesTheTwin() throws IOException {
        try (ClientConnection connection = connect("a", PASSWORD)) {
            connection.send(Frame.text(FrameType.CALL, "ping"));
            assertThat(connection.receive().payloadAsText()).isEqualTo("ping");
        }
    }

    @Test
    void theTwinAuthenticatesAndIsServed() throws IOException {
        assertStillServesTheTwin();
        assertThat(openedFor).containsExactly("a");
    }

    @Test
    void aWrongPasswordIsRefusedAndOpensNoSession() throws IOException {
        assertThatThrownBy(() -> connect("a", "not-the-shared-secret-at-all"))
            .isInstanceOf(WireException.class).hasMessageContaining("authentication failed");
        assertThat(openedFor).isEmpty();
        assertStillServesTheTwin();
    }

    @Test
    void aServerThatDoesNotKnowThePasswordIsNotTrusted() {
        ReplicaServer impostor = new ReplicaServer("b", "an-impostor-guessing-the-secret", LIMITS, this::echo);
        InetSocketAddress bound = impostor.start(new InetSocketAddress("127.0.0.1", 0));
        try {
            assertThatThrownBy(() -> new ReplicaClient("a", PASSWORD, LIMITS, Duration.ofSeconds(2))
                .connect(new HostPort("127.0.0.1", bound.getPort())))
                .isInstanceOf(WireException.class);
        } finally {
            impostor.close();
        }
    }

    @Test
    void callsBeforeAuthenticationAreRefused() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", address.port())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            BlockingFrames.write(out, Frame.text(FrameType.CALL, "{\"op\":\"STATE\"}"));
            out.flush();
            Frame answer = BlockingFrames.read(new DataInputStream(socket.getInputStream()), 1024);
            assertThat(answer.type()).isEqualTo(FrameType.ERROR);
            assertThat(answer.payloadAsText()).contains("expected a HELLO frame");
            assertThat(socket.getInputStream().read()).as("connection closed").isEqualTo(-1);
        }
        assertThat(openedFor).isEmpty();
        assertStillServesTheTwin();
    }

    @Test
    void anotherProtocolVersionGetsAClearError() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", address.port())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            BlockingFrames.write(out, WireJson.frame(FrameType.HELLO, new Hello(99, "a", MutualAuth.newNonce())));
            out.flush();
            Frame answer = BlockingFrames.read(new DataInputStream(socket.getInputStream()), 1024);
            assertThat(answer.payloadAsText()).contains("protocol version 99").contains("version 1");
        }
    }

    @Test
    void garbageAndHugeLengthPrefixesCloseTheConnectionOnly() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        assertClosedAfterSending(garbage);
        assertClosedAfterSending(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1});
        assertThat(openedFor).isEmpty();
        assertStillServesTheTwin();
    }

    @Test
    void aSilentPeerIsDisconnectedAfterTheHandshakeTimeout() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", address.port())) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            long started = System.nanoTime();
            in.readAllBytes();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
        }
    }

    private void assertClosedAfterSending(byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", address.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            socket.getInputStream().readAllBytes();
        }
    }
}

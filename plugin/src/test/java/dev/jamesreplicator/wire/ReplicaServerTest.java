package dev.jamesreplicator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.common.base.Ticker;
import com.google.common.collect.ImmutableList;

import dev.jamesreplicator.config.AddressRange;
import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.config.TlsMode;
import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.state.StateStore;

/**
 * Every bad input of issue 4 against a real {@link ReplicaServer} on 127.0.0.1: each is refused
 * without opening a session, and afterwards the server still serves its twin.
 */
class ReplicaServerTest {
    private static final String PASSWORD = "a-shared-secret-of-some-length";
    private static final WireLimits LIMITS = new WireLimits(1024 * 1024, Duration.ofSeconds(3), Duration.ofSeconds(5), 4,
        3L * 1024 * 1024);
    private static final TestKeys A_KEYS = TestKeys.create("a");
    private static final TestKeys B_KEYS = TestKeys.create("b");
    /** Every server here asks for this salt, and every password's key is derived once, outside any handshake: the timeouts here are short. */
    private static final ServerSalt SALT = ServerSalt.random();
    private static final Map<String, MutualAuth> AUTHS = new ConcurrentHashMap<>();

    private static MutualAuth auth(String password) {
        return AUTHS.computeIfAbsent(password, secret -> {
            MutualAuth auth = new MutualAuth(secret);
            auth.key(SALT.salt(), SALT.iterations());
            return auth;
        });
    }

    private final List<String> openedFor = new CopyOnWriteArrayList<>();
    private final List<Frame> served = new CopyOnWriteArrayList<>();
    private final List<byte[]> servedBodies = new CopyOnWriteArrayList<>();
    private final List<ReplicaServer> servers = new ArrayList<>();
    private HostPort address;

    /** Echoes each CALL back as a REPLY and each BODY as a BODY: enough to see a session run after authentication. */
    private ServedSession echo(String peer) {
        openedFor.add(peer);
        return new ServedSession() {
            @Override
            public List<Frame> onFrame(Frame frame) {
                served.add(frame);
                if (frame.type() == FrameType.BODY) {
                    byte[] bytes = bytes(frame.content());
                    servedBodies.add(bytes);
                    return ImmutableList.of(Frame.body(MessageContent.of(bytes)));
                }
                return ImmutableList.of(new Frame(FrameType.REPLY, frame.payload()));
            }

            @Override
            public void close() {
            }
        };
    }

    private HostPort startServer(WireSecurity security) {
        ReplicaServer server = new ReplicaServer("b", auth(PASSWORD), SALT, LIMITS, security, this::echo);
        servers.add(server);
        InetSocketAddress bound = server.start(new InetSocketAddress("127.0.0.1", 0));
        return new HostPort("127.0.0.1", bound.getPort());
    }

    @BeforeEach
    void start() {
        address = startServer(WireSecurity.plaintext());
    }

    @AfterEach
    void stop() {
        servers.forEach(ReplicaServer::close);
    }

    private ClientConnection connect(String node, String password) {
        return connect(node, password, TlsChannel.off(), address);
    }

    private static ClientConnection connect(String node, String password, TlsChannel tls, HostPort to) {
        return new ReplicaClient(node, auth(password), LIMITS, tls, Duration.ofSeconds(2)).connect(to);
    }

    private void assertStillServesTheTwin() throws IOException {
        assertServes(address, TlsChannel.off());
    }

    private static void assertServes(HostPort to, TlsChannel tls) throws IOException {
        try (ClientConnection connection = connect("a", PASSWORD, tls, to)) {
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
        ReplicaServer impostorServer = new ReplicaServer("b", auth("an-impostor-guessing-the-secret"), SALT, LIMITS,
            WireSecurity.plaintext(), this::echo);
        servers.add(impostorServer);
        HostPort impostor = new HostPort("127.0.0.1", impostorServer.start(new InetSocketAddress("127.0.0.1", 0)).getPort());
        assertThatThrownBy(() -> connect("a", PASSWORD, TlsChannel.off(), impostor))
            .isInstanceOf(WireException.class);
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
        // a body before authentication is no better
        assertClosedAfterSending(wire(FrameType.BODY.code(), new byte[100]));
        assertThat(openedFor).isEmpty();
        assertStillServesTheTwin();
    }

    @Test
    void anotherProtocolVersionGetsAClearError() throws IOException {
        // 4: the last version before the salted key, whose proofs this server could not check;
        // 5: the last whose calls shared one set of fields, which this server could not read
        for (int version : new int[] {1, 4, 5}) {
            try (Socket socket = new Socket("127.0.0.1", address.port())) {
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                BlockingFrames.write(out, WireJson.frame(FrameType.HELLO, new Hello(version, "a", MutualAuth.newNonce())));
                out.flush();
                Frame answer = BlockingFrames.read(new DataInputStream(socket.getInputStream()), 1024);
                assertThat(answer.payloadAsText()).contains("protocol version " + version + " is not supported")
                    .contains("speaks version " + MutualAuth.PROTOCOL_VERSION);
            }
        }
        assertThat(openedFor).isEmpty();
        assertStillServesTheTwin();
    }

    @Test
    void garbageTruncatedFramesAndHugeLengthPrefixesCloseTheConnectionOnly() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        assertClosedAfterSending(garbage);
        // a 2 GB length prefix, and one just above what a peer may send before authenticating
        assertClosedAfterSending(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1});
        assertClosedAfterSending(new byte[] {(byte) 0x80, 0, 0, 0, 1});
        assertClosedAfterSending(new byte[] {0, 0, 0x10, 0x01, 1});
        // a truncated frame: the peer announces 100 bytes, sends 10 and goes quiet (the handshake timeout ends it)
        byte[] truncated = Arrays.copyOf(new byte[] {0, 0, 0, 100, FrameType.HELLO.code()}, 15);
        assertThat(timeToCloseAfterSending(truncated)).isLessThan(LIMITS.handshakeTimeout().plusSeconds(2));
        assertThat(openedFor).isEmpty();
        assertStillServesTheTwin();
    }

    @Test
    void aSilentPeerIsDisconnectedAfterTheHandshakeTimeout() throws IOException {
        assertThat(timeToCloseAfterSending(new byte[0])).isLessThan(LIMITS.handshakeTimeout().plusSeconds(2));
    }

    @Test
    void oneBytePerIntervalCannotHoldASlotPastTheHandshakeTimeout() throws Exception {
        byte[] hello = wire(WireJson.frame(FrameType.HELLO, new Hello(MutualAuth.PROTOCOL_VERSION, "a", MutualAuth.newNonce())));
        ExecutorService pool = Executors.newFixedThreadPool(LIMITS.maxConnections());
        try {
            List<Future<Duration>> slowlorises = new ArrayList<>();
            for (int i = 0; i < LIMITS.maxConnections(); i++) {
                slowlorises.add(pool.submit(() -> dripUntilClosed(hello, Duration.ofMillis(100))));
            }
            for (Future<Duration> slowloris : slowlorises) {
                assertThat(slowloris.get()).isLessThan(LIMITS.handshakeTimeout().plusMillis(1500));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(openedFor).isEmpty();
        assertStillServesTheTwin();
    }

    @Test
    void twoHundredConnectionsAtOnceAreCappedAndThenTheTwinIsServed() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < 200; i++) {
                Socket socket = new Socket("127.0.0.1", address.port());
                socket.setSoTimeout(10_000);
                sockets.add(socket);
            }
            int closedAtOnce = 0;
            for (Socket socket : sockets) {
                socket.setSoTimeout(300);
                try {
                    if (socket.getInputStream().read() == -1) {
                        closedAtOnce++;
                    }
                } catch (java.net.SocketTimeoutException held) {
                    // one of the few the server holds until the handshake timeout
                } catch (SocketException reset) {
                    closedAtOnce++;
                }
                if (System.nanoTime() - started > LIMITS.handshakeTimeout().toNanos() / 2) {
                    break;
                }
            }
            assertThat(closedAtOnce).as("connections refused at once").isGreaterThanOrEqualTo(1);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertThat(openedFor).isEmpty();
        assertStillServesTheTwin();
    }

    @Test
    void theConnectionCapHoldsWhileTheHandshakeTimeoutRuns() throws Exception {
        ReplicaServer server = servers.get(0);
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < LIMITS.maxConnections(); i++) {
                held.add(new Socket("127.0.0.1", address.port()));
            }
            // the kernel completes a connect before the server has taken (and counted) the connection
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(server::openConnections, open -> open == LIMITS.maxConnections());
            assertThatThrownBy(() -> connect("a", PASSWORD)).isInstanceOf(WireException.class);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
            .until(server::openConnections, open -> open == 0);
        assertStillServesTheTwin();
    }

    @Test
    void aReplayedHandshakeFails() throws IOException {
        List<byte[]> recorded = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", address.port())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            Hello mine = new Hello(MutualAuth.PROTOCOL_VERSION, "a", MutualAuth.newNonce());
            Frame hello = WireJson.frame(FrameType.HELLO, mine);
            recorded.add(wire(hello));
            BlockingFrames.write(out, hello);
            out.flush();
            Hello theirs = WireJson.read(BlockingFrames.read(in, 4096), FrameType.HELLO, Hello.class);
            Frame proof = WireJson.frame(FrameType.PROOF,
                new Proof(auth(PASSWORD).proof("client", mine, theirs, MutualAuth.NO_CHANNEL_BINDING)));
            recorded.add(wire(proof));
            BlockingFrames.write(out, proof);
            out.flush();
            assertThat(BlockingFrames.read(in, 4096).type()).as("the recorded handshake worked").isEqualTo(FrameType.PROOF);
        }
        assertThat(openedFor).hasSize(1);
        try (Socket socket = new Socket("127.0.0.1", address.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(recorded.get(0));
            out.flush();
            assertThat(BlockingFrames.read(in, 4096).type()).isEqualTo(FrameType.HELLO);
            out.write(recorded.get(1));
            out.flush();
            Frame answer = BlockingFrames.read(in, 4096);
            assertThat(answer.type()).isEqualTo(FrameType.ERROR);
            assertThat(answer.payloadAsText()).contains("authentication failed");
        }
        assertThat(openedFor).hasSize(1);
        assertStillServesTheTwin();
    }

    @Test
    void aHelloWhoseNodeNameBreaksTheConfigsRuleIsRefusedWithoutRepeatingIt() throws IOException {
        String forged = "a\n12:00:00.000 [INFO ] forged log line";
        try (Socket socket = new Socket("127.0.0.1", address.port())) {
            socket.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            BlockingFrames.write(out, WireJson.frame(FrameType.HELLO, new Hello(MutualAuth.PROTOCOL_VERSION, forged, MutualAuth.newNonce())));
            out.flush();

            Frame answer = BlockingFrames.read(new DataInputStream(socket.getInputStream()), 4096);
            assertThat(answer.type()).isEqualTo(FrameType.ERROR);
            assertThat(answer.payloadAsText()).contains("needs a node name").doesNotContain("forged");
        }
        assertThat(openedFor).isEmpty();
        assertStillServesTheTwin();
    }

    @Test
    void aWrongAndARightProofInOneWriteOpenNoSessionAndCountAsOneFailure() throws IOException {
        LoginThrottle throttle = new LoginThrottle(2, Duration.ofMinutes(1), Duration.ofMinutes(5), Ticker.systemTicker());
        HostPort server = startServer(new WireSecurity(TlsChannel.off(), AllowList.any(), throttle));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            Hello mine = new Hello(MutualAuth.PROTOCOL_VERSION, "a", MutualAuth.newNonce());
            BlockingFrames.write(out, WireJson.frame(FrameType.HELLO, mine));
            out.flush();
            Hello theirs = WireJson.read(BlockingFrames.read(in, 4096), FrameType.HELLO, Hello.class);
            Frame wrong = WireJson.frame(FrameType.PROOF,
                new Proof(auth("not the password").proof("client", mine, theirs, MutualAuth.NO_CHANNEL_BINDING)));
            Frame right = WireJson.frame(FrameType.PROOF,
                new Proof(auth(PASSWORD).proof("client", mine, theirs, MutualAuth.NO_CHANNEL_BINDING)));
            java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
            batch.write(wire(wrong));
            batch.write(wire(right));
            batch.write(wire(WireJson.frame(FrameType.CALL, "{}")));
            out.write(batch.toByteArray());
            out.flush();

            Frame answer = BlockingFrames.read(in, 4096);
            assertThat(answer.type()).isEqualTo(FrameType.ERROR);
            assertThat(answer.payloadAsText()).contains("authentication failed");
            assertThat(readAllQuietly(in)).as("nothing after the refusal: the connection closes").isEmpty();
        }
        assertThat(openedFor).as("no session from the guesses that came with the wrong one").isEmpty();
        assertThat(served).isEmpty();
        assertThat(throttle.blockedFor(InetAddress.getLoopbackAddress())).as("one failure of the two free").isZero();
    }

    @Test
    void aClientOutsideTheAllowListIsRefusedAtAccept() throws IOException {
        HostPort onlyLocalhost = startServer(new WireSecurity(TlsChannel.off(),
            AllowList.of(List.of(AddressRange.parse("127.0.0.1/32"))), LoginThrottle.defaults()));
        try (Socket outsider = new Socket()) {
            outsider.bind(new InetSocketAddress("127.0.0.2", 0));
            outsider.connect(new InetSocketAddress("127.0.0.1", onlyLocalhost.port()));
            outsider.setSoTimeout(5000);
            outsider.getOutputStream().write(wire(WireJson.frame(FrameType.HELLO,
                new Hello(MutualAuth.PROTOCOL_VERSION, "a", MutualAuth.newNonce()))));
            assertThat(readAllQuietly(outsider.getInputStream())).as("not even an answer").isEmpty();
        }
        assertThat(openedFor).isEmpty();
        assertServes(onlyLocalhost, TlsChannel.off());
    }

    @Test
    void failedLoginsAreThrottledPerAddress() throws Exception {
        FakeTicker ticker = new FakeTicker();
        HostPort throttled = startServer(new WireSecurity(TlsChannel.off(), AllowList.any(),
            new LoginThrottle(3, Duration.ofSeconds(30), Duration.ofMinutes(5), ticker)));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> connect("a", "not-the-shared-secret-at-all", TlsChannel.off(), throttled))
                .hasMessageContaining("authentication failed");
        }
        assertThatThrownBy(() -> connect("a", PASSWORD, TlsChannel.off(), throttled))
            .as("even the right password waits out the backoff").isInstanceOf(WireException.class)
            .hasMessageContaining("closed");
        ticker.advance(Duration.ofSeconds(31));
        assertServes(throttled, TlsChannel.off());
        assertThat(openedFor).containsExactly("a");
    }

    @Test
    void aSuccessfulLoginDoesNotClearTheFailuresOfItsAddress() throws Exception {
        FakeTicker ticker = new FakeTicker();
        HostPort throttled = startServer(new WireSecurity(TlsChannel.off(), AllowList.any(),
            new LoginThrottle(3, Duration.ofSeconds(30), Duration.ofMinutes(5), ticker)));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> connect("a", "not-the-shared-secret-at-all", TlsChannel.off(), throttled))
                .hasMessageContaining("authentication failed");
        }
        // the twin logs in from the same address: that gives a guesser there no fresh set of tries
        assertServes(throttled, TlsChannel.off());
        assertThatThrownBy(() -> connect("a", "not-the-shared-secret-at-all", TlsChannel.off(), throttled))
            .hasMessageContaining("authentication failed");
        assertThatThrownBy(() -> connect("a", PASSWORD, TlsChannel.off(), throttled))
            .as("the third failure blocks the address").isInstanceOf(WireException.class).hasMessageContaining("closed");
        ticker.advance(Duration.ofSeconds(31));
        assertServes(throttled, TlsChannel.off());
    }

    @Test
    void endClosesTheSessionAndTheConnectionCarriesAnother() throws IOException {
        try (ClientConnection connection = connect("a", PASSWORD)) {
            connection.send(Frame.text(FrameType.CALL, "first"));
            assertThat(connection.receive().payloadAsText()).isEqualTo("first");
            connection.endSession();
            connection.ping();
            connection.send(Frame.text(FrameType.CALL, "second"));
            assertThat(connection.receive().payloadAsText()).isEqualTo("second");
        }
        assertThat(openedFor).as("a session per END, on one connection").containsExactly("a", "a");
        assertThat(served).extracting(Frame::payloadAsText).containsExactly("first", "second");
    }

    @Test
    void endAndPingBeforeAuthenticationAreRefused() throws IOException {
        for (FrameType type : List.of(FrameType.END, FrameType.PING)) {
            try (Socket socket = new Socket("127.0.0.1", address.port())) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write(wire(new Frame(type, new byte[0])));
                Frame answer = BlockingFrames.read(new DataInputStream(socket.getInputStream()), 4096);
                assertThat(answer.type()).isEqualTo(FrameType.ERROR);
                assertThat(answer.payloadAsText()).contains("expected a HELLO frame");
            }
        }
        assertThat(openedFor).isEmpty();
        assertStillServesTheTwin();
    }

    @Test
    void largeBodiesCrossInChunksBothWays() throws IOException {
        byte[] content = new byte[WireLimits.BODY_CHUNK_BYTES * 5 + 17];
        new Random(7).nextBytes(content);
        try (ClientConnection connection = connect("a", PASSWORD)) {
            connection.send(Frame.body(MessageContent.of(content)));
            Frame back = connection.receive();
            assertThat(back.type()).isEqualTo(FrameType.BODY);
            assertThat(bytes(back.content())).isEqualTo(content);
            connection.send(Frame.body(MessageContent.of(new byte[0])));
            assertThat(bytes(connection.receive().content())).isEmpty();
        }
        assertThat(served).extracting(Frame::type).containsExactly(FrameType.BODY, FrameType.BODY);
        assertThat(servedBodies.get(0)).isEqualTo(content);
    }

    @Test
    void aBodyAboveTheMessageLimitOrAnOversizedChunkEndsTheConnection() throws IOException {
        try (ClientConnection connection = connect("a", PASSWORD)) {
            connection.send(Frame.body(MessageContent.of(new byte[(int) LIMITS.maxMessageBytes() + 1])));
            assertRefused(connection, "above the limit");
        }
        try (ClientConnection connection = connect("a", PASSWORD)) {
            connection.send(new Frame(FrameType.BODY_CHUNK, new byte[WireLimits.BODY_CHUNK_BYTES + 1]));
            assertRefused(connection, "body chunk");
        }
        try (ClientConnection connection = connect("a", PASSWORD)) {
            connection.send(new Frame(FrameType.BODY_CHUNK, new byte[10]));
            connection.send(Frame.text(FrameType.CALL, "ping"));
            assertRefused(connection, "cut short");
        }
        try (ClientConnection connection = connect("a", PASSWORD)) {
            connection.send(new Frame(FrameType.BODY_CHUNK, new byte[10]));
            connection.send(BodyChunks.end(11));
            assertRefused(connection, "announced as 11");
        }
        assertThat(served).isEmpty();
        assertStillServesTheTwin();
    }

    @Test
    void twinsWithPinnedCertificatesTalkTls() throws IOException {
        HostPort tls = startServer(new WireSecurity(B_KEYS.tls(TlsMode.REQUIRED, A_KEYS), AllowList.any(), LoginThrottle.defaults()));
        assertServes(tls, A_KEYS.tls(TlsMode.REQUIRED, B_KEYS));
        assertServes(tls, A_KEYS.tls(TlsMode.ON, B_KEYS));
        assertThat(openedFor).containsExactly("a", "a");
    }

    @Test
    void aPlaintextClientOnATlsRequiredPortIsRefused() throws IOException {
        HostPort tls = startServer(new WireSecurity(B_KEYS.tls(TlsMode.REQUIRED, A_KEYS), AllowList.any(), LoginThrottle.defaults()));
        assertThatThrownBy(() -> connect("a", PASSWORD, TlsChannel.off(), tls)).isInstanceOf(WireException.class);
        try (Socket socket = new Socket("127.0.0.1", tls.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(wire(WireJson.frame(FrameType.HELLO,
                new Hello(MutualAuth.PROTOCOL_VERSION, "a", MutualAuth.newNonce()))));
            byte[] answer = readAllQuietly(socket.getInputStream());
            assertThat(new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("nonce");
        }
        assertThat(openedFor).isEmpty();
        assertServes(tls, A_KEYS.tls(TlsMode.REQUIRED, B_KEYS));
    }

    @Test
    void aCertificateOtherThanThePinnedOneIsRefusedBothWays() throws IOException {
        TestKeys stranger = TestKeys.create("stranger");
        HostPort tls = startServer(new WireSecurity(B_KEYS.tls(TlsMode.REQUIRED, A_KEYS), AllowList.any(), LoginThrottle.defaults()));
        // a client presenting another certificate, even one knowing the password
        assertThatThrownBy(() -> connect("a", PASSWORD, stranger.tls(TlsMode.REQUIRED, B_KEYS), tls))
            .isInstanceOf(WireException.class);
        // a server presenting another certificate: the client hangs up, with <tls>on too (no fallback on a bad certificate)
        HostPort impostor = startServer(new WireSecurity(stranger.tls(TlsMode.REQUIRED, A_KEYS), AllowList.any(), LoginThrottle.defaults()));
        assertThatThrownBy(() -> connect("a", PASSWORD, A_KEYS.tls(TlsMode.REQUIRED, B_KEYS), impostor))
            .isInstanceOf(WireException.class).hasMessageContaining("TLS");
        assertThatThrownBy(() -> connect("a", PASSWORD, A_KEYS.tls(TlsMode.ON, B_KEYS), impostor))
            .isInstanceOf(WireException.class).hasMessageContaining("TLS");
        assertThat(openedFor).isEmpty();
        assertServes(tls, A_KEYS.tls(TlsMode.REQUIRED, B_KEYS));
    }

    @Test
    void tlsOnAcceptsBothAndFallsBackOnlyToAPortWithoutTls() throws IOException {
        HostPort on = startServer(new WireSecurity(B_KEYS.tls(TlsMode.ON, A_KEYS), AllowList.any(), LoginThrottle.defaults()));
        assertServes(on, TlsChannel.off());
        assertServes(on, A_KEYS.tls(TlsMode.REQUIRED, B_KEYS));
        // address is a <tls>off port: on falls back, required does not
        assertServes(address, A_KEYS.tls(TlsMode.ON, B_KEYS));
        assertThatThrownBy(() -> connect("a", PASSWORD, A_KEYS.tls(TlsMode.REQUIRED, B_KEYS), address))
            .isInstanceOf(WireException.class).hasMessageContaining("does not speak TLS");
        assertThat(openedFor).hasSize(3);
    }

    @Test
    void aTwinThatOnceSpokeTlsIsNeverTalkedToInPlaintextAgainEvenAfterARestart(@TempDir Path stateDirectory) throws IOException {
        // The production handshake timeout: a JVM's first TLS handshake on a loaded machine can take seconds.
        WireLimits limits = new WireLimits(1024 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(10), 4);
        ReplicaServer tlsServer = new ReplicaServer("b", auth(PASSWORD), SALT, limits,
            new WireSecurity(B_KEYS.tls(TlsMode.ON, A_KEYS), AllowList.any(), LoginThrottle.defaults()), this::echo);
        servers.add(tlsServer);
        int port = tlsServer.start(new InetSocketAddress("127.0.0.1", 0)).getPort();
        HostPort twin = new HostPort("127.0.0.1", port);
        try (StateStore state = new StateStore(stateDirectory)) {
            try (ClientConnection connection = new ReplicaClient("a", auth(PASSWORD), limits, A_KEYS.tls(TlsMode.ON, B_KEYS),
                Duration.ofSeconds(2), TwinTlsMemory.of(state)).connect(twin)) {
                assertThat(connection).isNotNull();
            }
        }
        // The twin's port now answers in plaintext (someone strips TLS, or its TLS broke).
        tlsServer.close();
        ReplicaServer plaintext = new ReplicaServer("b", auth(PASSWORD), SALT, limits, WireSecurity.plaintext(), this::echo);
        servers.add(plaintext);
        plaintext.start(new InetSocketAddress("127.0.0.1", port));
        try (StateStore state = new StateStore(stateDirectory)) {
            assertThatThrownBy(() -> new ReplicaClient("a", auth(PASSWORD), limits, A_KEYS.tls(TlsMode.ON, B_KEYS),
                Duration.ofSeconds(2), TwinTlsMemory.of(state)).connect(twin))
                .isInstanceOf(WireException.class).hasMessageContaining("spoke TLS before").hasMessageContaining("not replicating in clear");
        }
        assertThat(openedFor).as("sessions opened in plaintext").containsExactly("a");
        // A node that never saw the twin speak TLS still falls back, as <tls>on is for switching a pair to TLS.
        assertServes(twin, A_KEYS.tls(TlsMode.ON, B_KEYS));
    }

    @Test
    void proofsAreBoundToTheChannel() {
        MutualAuth auth = new MutualAuth(PASSWORD);
        Hello client = new Hello(MutualAuth.PROTOCOL_VERSION, "a", MutualAuth.newNonce());
        Hello server = Hello.server("b", MutualAuth.newNonce(), ServerSalt.random());
        String plain = auth.proof("client", client, server, MutualAuth.NO_CHANNEL_BINDING);
        assertThat(auth.verify("client", client, server, "tls AA BB", plain)).isFalse();
        assertThat(auth.verify("server", client, server, MutualAuth.NO_CHANNEL_BINDING, plain)).isFalse();
        assertThat(auth.verify("client", client, server, MutualAuth.NO_CHANNEL_BINDING, plain)).isTrue();
    }

    // ---------------------------------------------------------------- helpers

    private static void assertRefused(ClientConnection connection, String reason) {
        try {
            Frame answer = connection.receive();
            assertThat(answer.type()).isEqualTo(FrameType.ERROR);
            assertThat(answer.payloadAsText()).contains(reason);
        } catch (IOException e) {
            throw new AssertionError("expected an ERROR frame, the connection failed: " + e, e);
        }
    }

    static byte[] wire(Frame frame) throws IOException {
        return wire(frame.type().code(), frame.payload());
    }

    static byte[] wire(byte type, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(payload.length + 1);
        out.writeByte(type);
        out.write(payload);
        return bytes.toByteArray();
    }

    static byte[] bytes(MessageContent content) {
        try (content; InputStream in = content.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertClosedAfterSending(byte[] bytes) throws IOException {
        assertThat(timeToCloseAfterSending(bytes)).isLessThan(LIMITS.handshakeTimeout().plusSeconds(2));
    }

    private Duration timeToCloseAfterSending(byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", address.port())) {
            socket.setSoTimeout(10_000);
            long started = System.nanoTime();
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            } catch (SocketException closedWhileWriting) {
                // the server hung up first
            }
            readAllQuietly(socket.getInputStream());
            return Duration.ofNanos(System.nanoTime() - started);
        }
    }

    private Duration dripUntilClosed(byte[] bytes, Duration interval) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", address.port())) {
            long started = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < bytes.length * 10; i++) {
                try {
                    out.write(bytes[i % bytes.length]);
                    out.flush();
                } catch (SocketException closed) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
                // the drip's pace is the point: a byte per interval, slower than any handshake should take
                Thread.sleep(interval.toMillis());
                socket.setSoTimeout(1);
                try {
                    if (socket.getInputStream().read() == -1) {
                        return Duration.ofNanos(System.nanoTime() - started);
                    }
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // keep dripping
                } catch (SocketException reset) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            }
            return Duration.ofDays(1);
        }
    }

    static byte[] readAllQuietly(InputStream in) {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                read.write(buffer, 0, n);
            }
        } catch (IOException resetOrTimeout) {
            // a reset is a close too
        }
        return read.toByteArray();
    }

    static final class FakeTicker extends Ticker {
        private volatile long nanos = 1_000_000_000L;

        void advance(Duration duration) {
            nanos += duration.toNanos();
        }

        @Override
        public long read() {
            return nanos;
        }
    }
}

package dev.jamesreplicator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.state.StateStore;

/**
 * Issue 14, item 2: a recorded handshake allows no cheap offline guessing. The key is PBKDF2 of
 * the password with the salt and iteration count the server sends; a client refuses a server
 * that asks for a cheap one; each side derives a key once and reuses it.
 */
class MutualAuthTest {
    private static final String PASSWORD = "a-shared-secret-of-some-length";
    private static final ServerSalt SALT = ServerSalt.random();
    private static final MutualAuth AUTH = new MutualAuth(PASSWORD);
    private static final WireLimits LIMITS = new WireLimits(1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(5), 4);

    @Test
    void theProofIsAnHmacWithAKeyStretchedByPbkdf2FromTheServersSalt() throws Exception {
        Hello client = new Hello(MutualAuth.PROTOCOL_VERSION, "a", MutualAuth.newNonce());
        Hello server = Hello.server("b", MutualAuth.newNonce(), SALT);
        assertThat(server.iterations()).isGreaterThanOrEqualTo(200_000);
        assertThat(Base64.getDecoder().decode(server.salt())).hasSize(16);

        // What an attacker holding the transcript must compute for every guess.
        byte[] stretched = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec(PASSWORD.toCharArray(), Base64.getDecoder().decode(SALT.salt()), SALT.iterations(), 256))
            .getEncoded();
        byte[] key = hmac(stretched, "james-replicator key v2");
        String transcript = String.join("\n", "client", Integer.toString(MutualAuth.PROTOCOL_VERSION), "a", client.nonce(),
            "b", server.nonce(), SALT.salt(), Integer.toString(SALT.iterations()), MutualAuth.NO_CHANNEL_BINDING);
        assertThat(AUTH.proof("client", client, server, MutualAuth.NO_CHANNEL_BINDING))
            .isEqualTo(Base64.getEncoder().encodeToString(hmac(key, transcript)));
    }

    @Test
    void anotherSaltGivesAnotherKey() {
        Hello client = new Hello(MutualAuth.PROTOCOL_VERSION, "a", MutualAuth.newNonce());
        String nonce = MutualAuth.newNonce();
        String one = AUTH.proof("client", client, Hello.server("b", nonce, SALT), MutualAuth.NO_CHANNEL_BINDING);
        String other = AUTH.proof("client", client, Hello.server("b", nonce, ServerSalt.random()), MutualAuth.NO_CHANNEL_BINDING);
        assertThat(one).isNotEqualTo(other);
    }

    @Test
    void aKeyIsDerivedOnceAndReused() {
        long started = System.nanoTime();
        byte[] first = AUTH.key(SALT.salt(), SALT.iterations());
        long derivation = System.nanoTime() - started;
        started = System.nanoTime();
        byte[] again = AUTH.key(SALT.salt(), SALT.iterations());
        long reuse = System.nanoTime() - started;
        assertThat(again).isSameAs(first);
        System.out.printf("key derivation (PBKDF2, %d iterations): %d ms (or less: another test may have paid it); "
            + "again: %d us%n", SALT.iterations(), TimeUnit.NANOSECONDS.toMillis(derivation), TimeUnit.NANOSECONDS.toMicros(reuse));
    }

    @Test
    void aServerStoresItsSaltAndKeepsItAcrossRestarts(@TempDir Path directory) {
        String salt;
        try (StateStore store = new StateStore(directory)) {
            salt = ServerSalt.of(store).salt();
            assertThat(ServerSalt.of(store).salt()).isEqualTo(salt);
        }
        try (StateStore store = new StateStore(directory)) {
            assertThat(ServerSalt.of(store).salt()).isEqualTo(salt);
            assertThat(ServerSalt.of(store).iterations()).isEqualTo(MutualAuth.ITERATIONS);
        }
    }

    @Test
    void aClientRefusesAServerThatAsksForACheapKeyAndProvesNothingToIt() throws Exception {
        for (Integer iterations : new Integer[] {1, 199_999, null, 100_000_000}) {
            assertRefusedBeforeAnyProof(new Hello(MutualAuth.PROTOCOL_VERSION, "b", MutualAuth.newNonce(), SALT.salt(), iterations),
                "key iterations");
        }
        assertRefusedBeforeAnyProof(new Hello(MutualAuth.PROTOCOL_VERSION, "b", MutualAuth.newNonce(), null, SALT.iterations()),
            "no usable salt");
        assertRefusedBeforeAnyProof(new Hello(MutualAuth.PROTOCOL_VERSION, "b", MutualAuth.newNonce(), "c2hvcnQ=", SALT.iterations()),
            "no usable salt");
    }

    @Test
    void aReconnectCostsNoKeyDerivation() throws Exception {
        List<String> opened = new CopyOnWriteArrayList<>();
        ReplicaServer server = new ReplicaServer("b", PASSWORD, SALT, LIMITS, WireSecurity.plaintext(), peer -> {
            opened.add(peer);
            return new ServedSession() {
                @Override
                public List<Frame> onFrame(Frame frame) {
                    return List.of(new Frame(FrameType.REPLY, frame.payload()));
                }

                @Override
                public void close() {
                }
            };
        });
        try {
            HostPort address = new HostPort("127.0.0.1", server.start(new InetSocketAddress("127.0.0.1", 0)).getPort());
            ReplicaClient client = new ReplicaClient("a", PASSWORD, LIMITS, TlsChannel.off(), Duration.ofSeconds(2));
            long started = System.nanoTime();
            client.connect(address).close();
            long first = System.nanoTime() - started;
            long again = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                started = System.nanoTime();
                client.connect(address).close();
                again = Math.min(again, System.nanoTime() - started);
            }
            System.out.printf("handshake, plaintext on loopback: first %d ms (the client derives its key), reconnect %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(first), TimeUnit.NANOSECONDS.toMillis(again));
            assertThat(opened).hasSize(6);
            assertThat(again).as("a reconnect, in ns").isLessThan(first);
        } finally {
            server.close();
        }
    }

    /** A fake server answers with {@code hello}: the client must hang up without sending a PROOF. */
    private static void assertRefusedBeforeAnyProof(Hello hello, String reason) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<FrameType>> received = CompletableFuture.supplyAsync(() -> {
                List<FrameType> types = new CopyOnWriteArrayList<>();
                try (Socket socket = listener.accept()) {
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    types.add(BlockingFrames.read(in, 4096).type());
                    BlockingFrames.write(out, WireJson.frame(FrameType.HELLO, hello));
                    out.flush();
                    while (true) {
                        types.add(BlockingFrames.read(in, 4096).type());
                    }
                } catch (IOException | WireException closed) {
                    return types;
                }
            });
            ReplicaClient client = new ReplicaClient("a", AUTH, LIMITS, TlsChannel.off(), Duration.ofSeconds(2));
            assertThatThrownBy(() -> client.connect(new HostPort("127.0.0.1", listener.getLocalPort())))
                .isInstanceOf(WireException.class).hasMessageContaining(reason);
            assertThat(received.get(5, TimeUnit.SECONDS)).as("frames the client sent").containsExactly(FrameType.HELLO);
        }
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}

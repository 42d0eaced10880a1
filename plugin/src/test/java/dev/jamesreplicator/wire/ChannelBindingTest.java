package dev.jamesreplicator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;

import com.google.common.collect.ImmutableList;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.config.TlsMode;
import dev.jamesreplicator.config.TlsSettings;

/**
 * A man in the middle whose certificate both twins accept (say, one from the CA in their
 * truststores) terminates TLS on each side and relays the handshake frames unchanged. Each twin
 * saw other certificates than the other, so the password proofs, bound to them, do not verify:
 * he learns nothing and no session opens, although the real twin knows the password.
 */
class ChannelBindingTest {
    private static final String PASSWORD = "a-shared-secret-of-some-length";
    private static final WireLimits LIMITS = new WireLimits(1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(5), 4);
    private static final TestKeys A = TestKeys.create("a");
    private static final TestKeys B = TestKeys.create("b");
    private static final TestKeys MITM = TestKeys.create("mallory");

    @Test
    void proofsRelayedBetweenTwoTlsConnectionsFail() throws Exception {
        List<String> opened = new CopyOnWriteArrayList<>();
        // b accepts a's certificate and, wrongly, mallory's
        ReplicaServer b = new ReplicaServer("b", PASSWORD, LIMITS, new WireSecurity(trusting(B, A, MITM), AllowList.any(),
            LoginThrottle.defaults()), peer -> {
                opened.add(peer);
                return new ServedSession() {
                    @Override
                    public List<Frame> onFrame(Frame frame) {
                        return ImmutableList.of(new Frame(FrameType.REPLY, frame.payload()));
                    }

                    @Override
                    public void close() {
                    }
                };
            });
        int bPort = b.start(new InetSocketAddress("127.0.0.1", 0)).getPort();
        try (Relay relay = new Relay(bPort)) {
            // a accepts b's certificate and, wrongly, mallory's
            ReplicaClient a = new ReplicaClient("a", PASSWORD, LIMITS, trusting(A, B, MITM), Duration.ofSeconds(2));
            assertThat(relay.port).isPositive();
            assertThatThrownBy(() -> a.connect(new HostPort("127.0.0.1", relay.port)))
                .isInstanceOf(WireException.class).hasMessageContaining("authentication failed");
            assertThat(opened).isEmpty();
            // the same twins, directly: fine
            a.connect(new HostPort("127.0.0.1", bPort)).close();
            assertThat(opened).containsExactly("a");
        } finally {
            b.close();
        }
    }

    /** TLS as {@code self}, accepting exactly the certificates of {@code trusted}. */
    private static TlsChannel trusting(TestKeys self, TestKeys... trusted) throws Exception {
        java.security.KeyStore truststore = java.security.KeyStore.getInstance("PKCS12");
        truststore.load(null, null);
        for (int i = 0; i < trusted.length; i++) {
            truststore.setCertificateEntry("t" + i, trusted[i].asTruststore().getCertificate("twin"));
        }
        return TlsChannel.from(TlsSettings.of(TlsMode.REQUIRED, self.keystore(), TestKeys.PASSWORD, Optional.of(truststore),
            Optional.empty()));
    }

    /** Mallory: TLS server towards a, TLS client towards b, bytes copied both ways. */
    private static final class Relay implements AutoCloseable {
        private final SSLServerSocket listener;
        private final int port;
        private final Thread acceptor;

        Relay(int targetPort) throws Exception {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(MITM.keystore(), TestKeys.PASSWORD);
            context.init(keys.getKeyManagers(), new TrustManager[] {new TrustAnything()}, null);
            listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
            listener.setNeedClientAuth(true);
            port = listener.getLocalPort();
            acceptor = new Thread(() -> {
                try (Socket fromA = listener.accept();
                     SSLSocket toB = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", targetPort)) {
                    toB.startHandshake();
                    Thread back = pump(toB.getInputStream(), fromA.getOutputStream());
                    pump(fromA.getInputStream(), toB.getOutputStream()).join();
                    back.join(2000);
                } catch (Exception ignored) {
                    // the relay ends when either side hangs up
                }
            }, "mallory");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static Thread pump(InputStream in, OutputStream out) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                    out.close();
                } catch (IOException ignored) {
                    // one side hung up
                }
            });
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    private static final class TrustAnything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

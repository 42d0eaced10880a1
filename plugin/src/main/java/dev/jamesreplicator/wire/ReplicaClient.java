package dev.jamesreplicator.wire;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.config.NodeNames;
import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.config.TlsMode;
import dev.jamesreplicator.state.StateStore;

/** Opens authenticated connections to the twin's replication port (blocking; {@link TwinConnections} keeps them between sessions). */
public class ReplicaClient {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplicaClient.class);

    private final String nodeName;
    private final MutualAuth auth;
    private final WireLimits limits;
    private final TlsChannel tls;
    private final Duration connectTimeout;
    private final TwinTlsMemory tlsMemory;
    /** Every plaintext fallback is logged, within a budget. */
    private final LogBudget fallbacks = LogBudget.perMinute();

    public ReplicaClient(String nodeName, String password, WireLimits limits, TlsChannel tls, Duration connectTimeout) {
        this(nodeName, password, limits, tls, connectTimeout, TwinTlsMemory.inMemory());
    }

    public ReplicaClient(String nodeName, String password, WireLimits limits, TlsChannel tls, Duration connectTimeout,
                         TwinTlsMemory tlsMemory) {
        this(nodeName, new MutualAuth(password), limits, tls, connectTimeout, tlsMemory);
    }

    /** With keys already derived (tests share them: deriving one is the slow part). */
    ReplicaClient(String nodeName, MutualAuth auth, WireLimits limits, TlsChannel tls, Duration connectTimeout) {
        this(nodeName, auth, limits, tls, connectTimeout, TwinTlsMemory.inMemory());
    }

    ReplicaClient(String nodeName, MutualAuth auth, WireLimits limits, TlsChannel tls, Duration connectTimeout,
                  TwinTlsMemory tlsMemory) {
        this.nodeName = nodeName;
        this.auth = auth;
        this.limits = limits;
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.tlsMemory = tlsMemory;
    }

    /** The client conf/replication.xml describes; whether the twin ever spoke TLS is kept in {@code state}. */
    public static ReplicaClient forConfig(ReplicationConfig config, StateStore state) {
        return new ReplicaClient(config.nodeName(), config.password(), WireLimits.forConfig(config),
            TlsChannel.from(config.tls()), Duration.ofSeconds(5), TwinTlsMemory.of(state));
    }

    /** The bounds its connections live within. */
    public WireLimits limits() {
        return limits;
    }

    /**
     * Connects, with TLS as {@code <tls>} says (with {@code on}, plaintext when the twin's port
     * does not speak TLS and never has), and authenticates both ways.
     */
    public ClientConnection connect(HostPort twin) {
        if (tls.mode() == TlsMode.OFF) {
            return open(twin, false);
        }
        try {
            return open(twin, true);
        } catch (NotTlsException e) {
            if (tls.mode() == TlsMode.REQUIRED) {
                throw new WireException("the twin at " + twin + " does not speak TLS and <tls> is required: " + e.getMessage(), e);
            }
            if (tlsMemory.spokeTls(twin)) {
                WireException refused = new WireException("the twin at " + twin + " spoke TLS before and now answers in plaintext ("
                    + e.getMessage() + "): not replicating in clear. Someone between the servers may be stripping TLS; if the twin's "
                    + "TLS was turned off on purpose, set <tls>off</tls> on this server too", e);
                int heldBack = fallbacks.spend();
                if (heldBack >= 0) {
                    LOGGER.error("Replication with the twin refused: {}{}", refused.getMessage(),
                        heldBack == 0 ? "" : " (" + heldBack + " such lines not logged before this one: at most 10 a minute)");
                }
                throw refused;
            }
            int heldBack = fallbacks.spend();
            if (heldBack >= 0) {
                LOGGER.warn("The twin at {} does not speak TLS ({}); replicating in plaintext while <tls> is on. "
                    + "Set up TLS on the twin, then <tls>required</tls> on both.{}", twin, e.getMessage(),
                    heldBack == 0 ? "" : " (" + heldBack + " such fallbacks not logged before this one: at most 10 a minute)");
            }
            return open(twin, false);
        }
    }

    private ClientConnection open(HostPort twin, boolean useTls) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(twin.toSocketAddress(), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) limits.handshakeTimeout().toMillis());
            String channelBinding = MutualAuth.NO_CHANNEL_BINDING;
            if (useTls) {
                SSLSocket secured = tlsHandshake(socket, twin);
                socket = secured;
                // The twin's certificate passed its checks: from now on a plaintext answer is a downgrade.
                tlsMemory.sawTls(twin);
                channelBinding = TlsChannel.binding(secured.getSession(), false);
            }
            ClientConnection connection = new ClientConnection(socket,
                new DataInputStream(new BufferedInputStream(socket.getInputStream())),
                new DataOutputStream(new BufferedOutputStream(socket.getOutputStream())), limits);
            handshake(connection, channelBinding);
            connection.authenticated();
            socket.setSoTimeout((int) limits.idleTimeout().toMillis());
            return connection;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new WireException("the twin at " + twin + " did not answer in time", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new WireException("cannot reach the twin at " + twin + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private SSLSocket tlsHandshake(Socket socket, HostPort twin) throws IOException {
        try {
            return tls.clientHandshake(socket, twin);
        } catch (SSLHandshakeException e) {
            throw new WireException("TLS with the twin at " + twin + " failed: " + e.getMessage(), e);
        } catch (SSLException e) {
            // The answer was not TLS at all: a port with <tls>off.
            closeQuietly(socket);
            throw new NotTlsException(e.getMessage());
        }
    }

    private void handshake(ClientConnection connection, String channelBinding) throws IOException {
        Hello mine = new Hello(MutualAuth.PROTOCOL_VERSION, nodeName, MutualAuth.newNonce());
        connection.send(WireJson.frame(FrameType.HELLO, mine));
        Hello theirs = WireJson.read(connection.receive(), FrameType.HELLO, Hello.class);
        if (!NodeNames.isValid(theirs.node())) {
            throw new WireException("the twin sent no valid node name (" + NodeNames.RULE + ")");
        }
        if (theirs.protocol() != MutualAuth.PROTOCOL_VERSION) {
            throw new WireException("the twin speaks protocol version " + theirs.protocol() + ", node " + nodeName
                + " speaks version " + MutualAuth.PROTOCOL_VERSION);
        }
        // Derives the key on the first connection to this salt (refusing one a server of ours never sends), then reuses it.
        connection.send(WireJson.frame(FrameType.PROOF, new Proof(auth.proof("client", mine, theirs, channelBinding))));
        Proof proof = WireJson.read(connection.receive(), FrameType.PROOF, Proof.class);
        if (!auth.verify("server", mine, theirs, channelBinding, proof.mac())) {
            throw new WireException("the twin '" + theirs.node() + "' failed to prove it knows the password");
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    private static final class NotTlsException extends WireException {
        private static final long serialVersionUID = 1L;

        NotTlsException(String message) {
            super(message);
        }
    }
}

package dev.jamesreplicator.wire;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import dev.jamesreplicator.config.HostPort;

/** Opens authenticated connections to the twin's replication port (blocking, one per sync session). */
public class ReplicaClient {
    private final String nodeName;
    private final MutualAuth auth;
    private final WireLimits limits;
    private final Duration connectTimeout;

    public ReplicaClient(String nodeName, String password, WireLimits limits, Duration connectTimeout) {
        this.nodeName = nodeName;
        this.auth = new MutualAuth(password);
        this.limits = limits;
        this.connectTimeout = connectTimeout;
    }

    public ClientConnection connect(HostPort twin) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(twin.toSocketAddress(), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) limits.handshakeTimeout().toMillis());
            ClientConnection connection = new ClientConnection(socket,
                new DataInputStream(new BufferedInputStream(socket.getInputStream())),
                new DataOutputStream(new BufferedOutputStream(socket.getOutputStream())), limits.maxFrameBytes());
            handshake(connection);
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

    private void handshake(ClientConnection connection) throws IOException {
        Hello mine = new Hello(MutualAuth.PROTOCOL_VERSION, nodeName, MutualAuth.newNonce());
        connection.send(WireJson.frame(FrameType.HELLO, mine));
        Hello theirs = WireJson.read(connection.receive(), FrameType.HELLO, Hello.class);
        if (theirs.protocol() != MutualAuth.PROTOCOL_VERSION) {
            throw new WireException("the twin speaks protocol version " + theirs.protocol() + ", node " + nodeName
                + " speaks version " + MutualAuth.PROTOCOL_VERSION);
        }
        connection.send(WireJson.frame(FrameType.PROOF, new Proof(auth.proof("client", mine, theirs))));
        Proof proof = WireJson.read(connection.receive(), FrameType.PROOF, Proof.class);
        if (!auth.verify("server", mine, theirs, proof.mac())) {
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
}

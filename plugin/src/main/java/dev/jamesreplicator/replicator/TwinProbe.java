package dev.jamesreplicator.replicator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.config.ReplicationConfig;

/**
 * Whether the twin's replication port accepts a TCP connection and keeps it: cheap and without a
 * handshake, for the health check and for noticing the twin's return while users wait out a
 * backoff. A connection closed at once is no answer: a relay, a proxy or a load balancer in
 * front of a twin that is down accepts and then has nowhere to go. It does not prove the
 * password matches: failed sessions show that.
 */
@Singleton
public class TwinProbe {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** The twin's port waits for the handshake; a port closed within this was not the twin's. */
    static final Duration KEPT_OPEN = Duration.ofMillis(250);

    private final HostPort twin;

    @Inject
    public TwinProbe(ReplicationConfig config) {
        this.twin = config.twin();
    }

    /** Empty if the twin accepted a connection; else why not. */
    public Optional<String> unreachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(twin.host(), twin.port()), (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) KEPT_OPEN.toMillis());
            try {
                if (socket.getInputStream().read() < 0) {
                    return Optional.of("twin " + twin + " unreachable: the connection was closed at once");
                }
            } catch (SocketTimeoutException e) {
                // Kept open, waiting for a handshake: the twin's port.
            }
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("twin " + twin + " unreachable: " + e.getMessage());
        }
    }
}

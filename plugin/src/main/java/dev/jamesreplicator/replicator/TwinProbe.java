package dev.jamesreplicator.replicator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.config.ReplicationConfig;

/**
 * Whether the twin's replication port accepts a TCP connection. Cheap and without a handshake
 * (the port closes the connection at once), for the health check and for noticing the twin's
 * return while users wait out a backoff. It does not prove the password matches: failed
 * sessions show that.
 */
@Singleton
public class TwinProbe {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final HostPort twin;

    @Inject
    public TwinProbe(ReplicationConfig config) {
        this.twin = config.twin();
    }

    /** Empty if the twin accepted a connection; else why not. */
    public Optional<String> unreachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(twin.host(), twin.port()), (int) CONNECT_TIMEOUT.toMillis());
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("twin " + twin + " unreachable: " + e.getMessage());
        }
    }
}

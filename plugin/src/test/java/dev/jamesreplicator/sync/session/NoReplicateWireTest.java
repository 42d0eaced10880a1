package dev.jamesreplicator.sync.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.ModelMailStore;
import dev.jamesreplicator.sync.ReplicationLink;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.UserLocks;
import dev.jamesreplicator.wire.ReplicaClient;
import dev.jamesreplicator.wire.ReplicaServer;
import dev.jamesreplicator.wire.TlsChannel;
import dev.jamesreplicator.wire.TwinConnections;
import dev.jamesreplicator.wire.WireLimits;
import dev.jamesreplicator.wire.WireSecurity;

/** The twin's noReplicate list and its refusal, over a real replication port. */
class NoReplicateWireTest {
    private static final String PASSWORD = "a-shared-secret-of-some-length";

    @TempDir
    Path directory;

    private ReplicaServer server;
    private StateStore state;
    private TwinConnections connections;

    private WireLimits limits(String node) {
        return TestWireLimits.of(directory, node, 1 << 20);
    }

    @BeforeEach
    void start() {
        state = new StateStore(directory.resolve("state"));
        Journal journal = new Journal(state);
        ModelMailStore served = new ModelMailStore(new Random(1));
        server = new ReplicaServer("b", PASSWORD, limits("b"), WireSecurity.plaintext(),
            peer -> new ServedSyncSession("b", peer, new UserLocks(), user -> true, user -> served, new ReplicationLink(),
                journal, user -> user.endsWith("@lists.x"), () -> List.of("*@lists.x", "archive@x")));
        HostPort address = new HostPort("127.0.0.1", server.start(new InetSocketAddress("127.0.0.1", 0)).getPort());
        connections = new TwinConnections(new ReplicaClient("a", PASSWORD, limits("a"), TlsChannel.off(), Duration.ofSeconds(5)),
            address, 1);
    }

    @AfterEach
    void stop() {
        connections.close();
        server.close();
        state.close();
    }

    @Test
    void theTwinsListIsReadOnAConnectionBoundToNoUserWhichThenServesASession() {
        try (TwinConnections.Session<List<String>> twin = connections.open(RemoteMailStore::noReplicateOf)) {
            assertThat(twin.opened()).containsExactly("*@lists.x", "archive@x");
            twin.end();
        }
        assertThat(connections.waiting()).as("given back").isEqualTo(1);

        try (TwinConnections.Session<RemoteMailStore> session = connections.open(connection -> RemoteMailStore.open(connection,
            "alice@x"))) {
            assertThat(session.opened().node()).isEqualTo("b");
            session.end();
        }
    }

    @Test
    void openingAUserTheTwinLeavesOutFailsWithItsCode() {
        assertThatThrownBy(() -> connections.open(connection -> RemoteMailStore.open(connection, "dev@lists.x")))
            .isInstanceOfSatisfying(SyncException.class, e -> {
                assertThat(e.code()).isEqualTo(SyncException.Code.NO_REPLICATE);
                assertThat(e.getMessage()).contains("node 'b' leaves user dev@lists.x out of replication");
            });
    }
}

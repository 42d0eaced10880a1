package dev.jamesreplicator.sync.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.state.ServerDataJournal;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.ModelMailStore;
import dev.jamesreplicator.sync.ReplicationLink;
import dev.jamesreplicator.sync.ServerDataKind;
import dev.jamesreplicator.sync.ServerDataSync;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.UserLocks;
import dev.jamesreplicator.sync.james.JamesServerDataStore;
import dev.jamesreplicator.wire.ReplicaClient;
import dev.jamesreplicator.wire.ReplicaServer;
import dev.jamesreplicator.wire.TlsChannel;
import dev.jamesreplicator.wire.TwinConnections;
import dev.jamesreplicator.wire.WireSecurity;

/**
 * The server data unit over a real replication port: the twin's data behind its served session
 * (bound by SERVER_DATA_OPEN, locked as a user is), the SERVER_DATA_* calls as JSON frames, each
 * side's journal in its own state store.
 */
class ServerDataWireTest {
    private static final String PASSWORD = "a-shared-secret-of-some-length";

    @TempDir
    Path directory;

    private ReplicaServer server;
    private StateStore localState;
    private StateStore twinState;
    private Side local;
    private Side twin;
    private UserLocks twinLocks;
    private TwinConnections connections;

    /** One server: a map-backed kind per name, its journal; an administrator's change is recorded as the agent's listener does. */
    private static final class Side {
        final Map<String, MapKind> kinds = new TreeMap<>();
        final ServerDataJournal journal;
        final JamesServerDataStore store;

        Side(StateStore state) {
            journal = new ServerDataJournal(state);
            kinds.put("domain", new MapKind("domain"));
            kinds.put("quota", new MapKind("quota"));
            store = new JamesServerDataStore(List.copyOf(kinds.values()), journal);
        }

        void adminSets(String kind, String key, String value) {
            if (value == null) {
                kinds.get(kind).items.remove(key);
            } else {
                kinds.get(kind).items.put(key, value);
            }
            journal.record(kind, key, value == null);
        }

        Map<String, String> items(String kind) {
            return kinds.get(kind).items;
        }
    }

    private static final class MapKind implements ServerDataKind {
        final String name;
        final Map<String, String> items = new TreeMap<>();

        MapKind(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Map<String, String> items() {
            return Map.copyOf(items);
        }

        @Override
        public void put(String key, String value, Optional<String> replacing) {
            items.put(key, value);
        }

        @Override
        public void remove(String key) {
            items.remove(key);
        }
    }

    @BeforeEach
    void start() {
        localState = new StateStore(directory.resolve("a-state"));
        twinState = new StateStore(directory.resolve("b-state"));
        local = new Side(localState);
        twin = new Side(twinState);
        twinLocks = new UserLocks();
        Journal journal = new Journal(twinState);
        ModelMailStore mail = new ModelMailStore(new Random(1));
        server = new ReplicaServer("b", PASSWORD, TestWireLimits.of(directory, "b", 1 << 20), WireSecurity.plaintext(),
            peer -> new ServedSyncSession("b", peer, twinLocks, user -> true, user -> mail, new ReplicationLink(),
                journal, user -> false, List::of, user -> { }, null, null, null, () -> twin.store));
        HostPort address = new HostPort("127.0.0.1", server.start(new InetSocketAddress("127.0.0.1", 0)).getPort());
        connections = new TwinConnections(new ReplicaClient("a", PASSWORD, TestWireLimits.of(directory, "a", 1 << 20),
            TlsChannel.off(), Duration.ofSeconds(5)), address, 1);
    }

    @AfterEach
    void stop() {
        connections.close();
        server.close();
        localState.close();
        twinState.close();
    }

    private void sync() throws Exception {
        try (TwinConnections.Session<RemoteServerDataStore> session = connections.open(RemoteServerDataStore::open)) {
            assertThat(session.opened().node()).isEqualTo("b");
            new ServerDataSync(List.of("domain", "quota")).sync(local.store, session.opened(), false);
            session.end();
        }
    }

    @Test
    void itemsAndRemovalsCrossThePortBothWays() throws Exception {
        local.adminSets("domain", "a.test", "");
        twin.adminSets("domain", "b.test", "");
        twin.adminSets("quota", "global", "100");
        sync();
        assertThat(twin.items("domain")).containsOnlyKeys("a.test", "b.test");
        assertThat(local.items("domain")).containsOnlyKeys("a.test", "b.test");
        assertThat(local.items("quota")).containsEntry("global", "100");

        twin.adminSets("domain", "a.test", null);
        local.adminSets("quota", "global", "200");
        sync();
        assertThat(local.items("domain")).containsOnlyKeys("b.test");
        assertThat(twin.items("quota")).containsEntry("global", "200");
        assertThat(twin.journal.tombstones().isEmpty()).as("the twin dropped the tombstone it sent").isTrue();
        assertThat(twin.journal.common()).isEqualTo(local.journal.common()).isEqualTo(local.store.read().state());
    }

    @Test
    void aRemovalWhileApartBeatsNothingButAChange() throws Exception {
        local.adminSets("domain", "a.test", "");
        local.adminSets("quota", "global", "100");
        sync();
        // The link is cut: a removes both, b changes the quota meanwhile.
        local.adminSets("domain", "a.test", null);
        local.adminSets("quota", "global", null);
        twin.adminSets("quota", "global", "150");
        sync();
        assertThat(twin.items("domain")).isEmpty();
        assertThat(local.items("quota")).containsEntry("global", "150");
    }

    @Test
    void aWriteTheTwinRefusesComesBackAsItsConflict() {
        twin.adminSets("quota", "global", "admin's");

        assertThatThrownBy(() -> {
            try (TwinConnections.Session<RemoteServerDataStore> session = connections.open(RemoteServerDataStore::open)) {
                session.opened().write("quota", "global", Optional.of("mine"), Optional.empty());
            }
        }).isInstanceOf(SyncException.class).extracting(e -> ((SyncException) e).code()).isEqualTo(SyncException.Code.CONFLICT);
        assertThat(twin.items("quota")).containsEntry("global", "admin's");
    }

    @Test
    void theTwinSyncingItsServerDataAnswersBusy() {
        assertThat(twinLocks.tryLock(ServerItems.UNIT)).isTrue();
        assertThatThrownBy(() -> {
            try (TwinConnections.Session<RemoteServerDataStore> session = connections.open(RemoteServerDataStore::open)) {
                session.end();
            }
        }).isInstanceOf(SyncException.class).extracting(e -> ((SyncException) e).code()).isEqualTo(SyncException.Code.BUSY);
    }

    @Test
    void aMailCallOnAConnectionBoundToTheServerDataIsRefused() {
        assertThatThrownBy(() -> {
            try (TwinConnections.Session<RemoteServerDataStore> session = connections.open(RemoteServerDataStore::open)) {
                RemoteMailStore.open(session.connection(), "alice@example.test");
            }
        }).isInstanceOf(RuntimeException.class);
        // The served session that refused is closed with its connection: the unit is free again.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            boolean free = twinLocks.tryLock(ServerItems.UNIT);
            if (free) {
                twinLocks.unlock(ServerItems.UNIT);
            }
            return free;
        });
    }
}

package dev.jamesreplicator.sync.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.apache.james.core.Username;
import org.apache.james.sieverepository.api.ScriptContent;
import org.apache.james.sieverepository.api.ScriptName;
import org.apache.james.sieverepository.file.SieveFileRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.content.Sha256;
import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.sieve.SieveChange;
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.state.SieveJournal;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.ModelMailStore;
import dev.jamesreplicator.sync.ReplicationLink;
import dev.jamesreplicator.sync.SieveSync;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.UserLocks;
import dev.jamesreplicator.sync.james.JamesSieveStore;
import dev.jamesreplicator.agent.WorkingDirectoryFileSystem;
import dev.jamesreplicator.wire.ReplicaClient;
import dev.jamesreplicator.wire.ReplicaServer;
import dev.jamesreplicator.wire.TlsChannel;
import dev.jamesreplicator.wire.TwinConnections;
import dev.jamesreplicator.wire.WireLimits;
import dev.jamesreplicator.wire.WireSecurity;

/**
 * The Sieve step over a real replication port: this side's scripts in one SieveFileRepository,
 * the twin's in another behind its served session, the SIEVE_* calls through JSON frames.
 */
class SieveWireTest {
    private static final String PASSWORD = "a-shared-secret-of-some-length";
    private static final Username ALICE = Username.of("alice@example.test");
    private static final String SPAM = "require \"fileinto\";\r\nfileinto \"Spam\"; # été\r\n";
    private static final String WORK = "require \"fileinto\";\r\nfileinto \"Work\";\r\n";

    @TempDir
    Path directory;

    private ReplicaServer server;
    private StateStore localState;
    private StateStore twinState;
    private SieveJournal localJournal;
    private SieveJournal twinJournal;
    private SieveFileRepository local;
    private SieveFileRepository twin;
    private TwinConnections connections;

    private WireLimits limits(String node) {
        return TestWireLimits.of(directory, node, 1 << 20);
    }

    @BeforeEach
    void start() throws Exception {
        localState = new StateStore(directory.resolve("a-state"));
        twinState = new StateStore(directory.resolve("b-state"));
        localJournal = new SieveJournal(localState);
        twinJournal = new SieveJournal(twinState);
        local = new SieveFileRepository(WorkingDirectoryFileSystem.of(directory.resolve("a").toFile()));
        twin = new SieveFileRepository(WorkingDirectoryFileSystem.of(directory.resolve("b").toFile()));
        Journal journal = new Journal(twinState);
        ModelMailStore mail = new ModelMailStore(new Random(1));
        server = new ReplicaServer("b", PASSWORD, limits("b"), WireSecurity.plaintext(),
            peer -> new ServedSyncSession("b", peer, new UserLocks(), user -> true, user -> mail, new ReplicationLink(),
                journal, user -> false, List::of, user -> { }, user -> new JamesSieveStore(twin, twinJournal, user)));
        HostPort address = new HostPort("127.0.0.1", server.start(new InetSocketAddress("127.0.0.1", 0)).getPort());
        connections = new TwinConnections(new ReplicaClient("a", PASSWORD, limits("a"), TlsChannel.off(), Duration.ofSeconds(5)),
            address, 1);
    }

    @AfterEach
    void stop() {
        connections.close();
        server.close();
        localState.close();
        twinState.close();
    }

    private void syncSieve() throws Exception {
        try (TwinConnections.Session<RemoteMailStore> session = connections.open(connection -> RemoteMailStore.open(connection,
            ALICE.asString()))) {
            new SieveSync().sync(new JamesSieveStore(local, localJournal, ALICE), session.opened().sieve(), false);
            session.end();
        }
    }

    private static String read(SieveFileRepository repository, String name) throws Exception {
        try (InputStream content = repository.getScript(ALICE, new ScriptName(name))) {
            return new String(content.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void scriptsGoBothWaysAndBothServersAgreeOnTheResult() throws Exception {
        local.putScript(ALICE, new ScriptName("spam"), new ScriptContent(SPAM));
        local.setActive(ALICE, new ScriptName("spam"));
        twin.putScript(ALICE, new ScriptName("work"), new ScriptContent(WORK));

        syncSieve();

        assertThat(read(twin, "spam")).isEqualTo(SPAM);
        assertThat(read(local, "work")).isEqualTo(WORK);
        assertThat(new String(twin.getActive(ALICE).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(SPAM);
        SieveState agreed = new SieveState(java.util.Map.of("spam", Sha256.of(SPAM.getBytes(StandardCharsets.UTF_8)),
            "work", Sha256.of(WORK.getBytes(StandardCharsets.UTF_8))), "spam");
        assertThat(localJournal.common(ALICE.asString())).isEqualTo(agreed);
        assertThat(twinJournal.common(ALICE.asString())).isEqualTo(agreed);
    }

    @Test
    void theTwinsDeletionRecordTravelsAndIsDroppedOnceCarriedOut() throws Exception {
        local.putScript(ALICE, new ScriptName("spam"), new ScriptContent(SPAM));
        syncSieve();
        twin.deleteScript(ALICE, new ScriptName("spam"));
        twinJournal.record(ALICE.asString(), SieveChange.delete("spam"));

        syncSieve();

        assertThat(local.listScripts(ALICE)).isEmpty();
        assertThat(twinJournal.tombstones(ALICE.asString()).isEmpty()).isTrue();
    }

    @Test
    void aStepTheTwinRefusesComesBackAsItsCode() throws Exception {
        try (TwinConnections.Session<RemoteMailStore> session = connections.open(connection -> RemoteMailStore.open(connection,
            ALICE.asString()))) {
            assertThatThrownBy(() -> session.opened().sieve().put("spam", SPAM.getBytes(StandardCharsets.UTF_8), Optional.of("0".repeat(64))))
                .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.CONFLICT));
            session.end();
        }
        assertThat(twin.listScripts(ALICE)).isEmpty();
    }
}

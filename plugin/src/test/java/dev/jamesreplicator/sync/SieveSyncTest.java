package dev.jamesreplicator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.james.core.Username;
import org.apache.james.sieverepository.api.ScriptContent;
import org.apache.james.sieverepository.api.ScriptName;
import org.apache.james.sieverepository.api.ScriptSummary;
import org.apache.james.sieverepository.api.SieveRepository;
import org.apache.james.sieverepository.file.SieveFileRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;
import dev.jamesreplicator.sieve.SieveChange;
import dev.jamesreplicator.state.SieveJournal;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.james.JamesSieveStore;
import dev.jamesreplicator.agent.WorkingDirectoryFileSystem;

/**
 * Two servers' Sieve scripts, each in James's real SieveFileRepository with its own journal,
 * brought together by SieveSync in one JVM (the wire between them is not part of this).
 * A user's change is made as a client would (through the repository) and recorded as the
 * agent's hook has the plugin record it.
 */
class SieveSyncTest {
    private static final Username ALICE = Username.of("alice@example.test");
    private static final String SPAM = "require \"fileinto\";\r\nfileinto \"Spam\";\r\n";
    private static final String VACATION = "require \"vacation\";\r\nvacation \"Away\";\r\n";
    private static final String WORK = "require \"fileinto\";\r\nfileinto \"Work\";\r\n";

    @TempDir
    Path directory;

    private Server a;
    private Server b;
    private final SieveSync sieveSync = new SieveSync();

    private final class Server implements AutoCloseable {
        final SieveFileRepository repository;
        final StateStore store;
        final SieveJournal journal;
        final JamesSieveStore sieve;

        Server(String name) throws Exception {
            repository = new SieveFileRepository(WorkingDirectoryFileSystem.of(directory.resolve(name).toFile()));
            store = new StateStore(directory.resolve(name + "-state"));
            journal = new SieveJournal(store);
            sieve = new JamesSieveStore(repository, journal, ALICE);
        }

        void put(String name, String content) throws Exception {
            repository.putScript(ALICE, new ScriptName(name), new ScriptContent(content));
            journal.record(ALICE.asString(), SieveChange.put(name));
        }

        void activate(String name) throws Exception {
            repository.setActive(ALICE, new ScriptName(name));
            journal.record(ALICE.asString(), SieveChange.activate(name));
        }

        void rename(String from, String to) throws Exception {
            repository.renameScript(ALICE, new ScriptName(from), new ScriptName(to));
            journal.record(ALICE.asString(), SieveChange.rename(from, to));
        }

        void delete(String name) throws Exception {
            repository.deleteScript(ALICE, new ScriptName(name));
            journal.record(ALICE.asString(), SieveChange.delete(name));
        }

        /** Name to content, and the active one, as a ManageSieve client would list them. */
        String scripts() throws Exception {
            Map<String, String> scripts = new TreeMap<>();
            String active = null;
            for (ScriptSummary summary : repository.listScripts(ALICE)) {
                try (InputStream content = repository.getScript(ALICE, summary.getName())) {
                    scripts.put(summary.getName().getValue(), new String(content.readAllBytes(), StandardCharsets.UTF_8));
                }
                if (summary.isActive()) {
                    active = summary.getName().getValue();
                }
            }
            return scripts + " active " + active;
        }

        @Override
        public void close() {
            store.close();
        }
    }

    @BeforeEach
    void servers() throws Exception {
        a = new Server("a");
        b = new Server("b");
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    /** As a session run by a: b's node name sorts last and wins ties. */
    private void sync() throws Exception {
        sieveSync.sync(a.sieve, b.sieve, false);
    }

    @Test
    void scriptsAndTheActiveOneReachTheTwinAndTheJournalsEmpty() throws Exception {
        a.put("spam", SPAM);
        a.put("vacation", VACATION);
        a.activate("spam");

        sync();

        assertThat(b.scripts()).isEqualTo(a.scripts()).contains("active spam");
        assertThat(b.journal.common(ALICE.asString())).isEqualTo(a.journal.common(ALICE.asString()));
        assertThat(a.journal.tombstones(ALICE.asString())).isEqualTo(SieveTombstones.NONE);
    }

    @Test
    void verifyListsWhatASyncWouldDoToTheScriptsAndNothingOnceInStep() throws Exception {
        a.put("spam", SPAM);
        a.activate("spam");

        assertThat(sieveSync.differences(a.sieve, b.sieve, false))
            .hasSize(2).allMatch(difference -> difference.startsWith("sieve: "));
        assertThat(b.scripts()).as("verify changes nothing").isEqualTo("{} active null");

        sync();
        assertThat(sieveSync.differences(a.sieve, b.sieve, false)).isEmpty();
    }

    @Test
    void aRenameOfTheActiveScriptAndADeletionReachTheTwin() throws Exception {
        a.put("spam", SPAM);
        a.put("vacation", VACATION);
        a.activate("spam");
        sync();

        b.rename("spam", "filters");
        b.delete("vacation");
        sync();

        assertThat(a.scripts()).isEqualTo(b.scripts()).isEqualTo("{filters=" + SPAM + "} active filters");
    }

    @Test
    void aServerThatLostItsScriptsIsRefilledNotEmptiedIntoItsTwin() throws Exception {
        a.put("spam", SPAM);
        a.activate("spam");
        sync();
        // b's var/sieve lost (not deleted by its user): its journal has no tombstone.
        b.repository.setActive(ALICE, SieveRepository.NO_SCRIPT_NAME);
        b.repository.deleteScript(ALICE, new ScriptName("spam"));

        sync();

        assertThat(b.scripts()).isEqualTo(a.scripts()).isEqualTo("{spam=" + SPAM + "} active spam");
    }

    @Test
    void bothServersChangingOneScriptKeepBothVersions() throws Exception {
        a.put("main", SPAM);
        sync();

        a.put("main", WORK);
        b.put("main", VACATION);
        sync();

        assertThat(a.scripts()).isEqualTo(b.scripts());
        assertThat(a.sieve.read().state().scripts()).hasSize(2);
        assertThat(a.scripts()).contains("main=" + VACATION).contains("main-conflict-").contains(WORK);
    }

    @Test
    void aClientsChangeBetweenTheReadAndTheWriteFailsTheStepAndIsKept() throws Exception {
        a.put("main", SPAM);
        sync();
        b.put("main", VACATION);
        SieveStore racing = new Racing(a.sieve, () -> a.put("main", WORK));

        assertThatThrownBy(() -> sieveSync.sync(racing, b.sieve, false))
            .isInstanceOf(SyncException.class).extracting(e -> ((SyncException) e).code()).isEqualTo(SyncException.Code.CONFLICT);
        assertThat(a.scripts()).contains("main=" + WORK);

        sync();
        assertThat(a.scripts()).isEqualTo(b.scripts()).contains(WORK).contains(VACATION);
    }

    private interface Change {
        void make() throws Exception;
    }

    /** A store whose client changes a script right after the session read it. */
    private static final class Racing implements SieveStore {
        private final SieveStore store;
        private final Change change;

        Racing(SieveStore store, Change change) {
            this.store = store;
            this.change = change;
        }

        @Override
        public Snapshot read() throws Exception {
            Snapshot snapshot = store.read();
            change.make();
            return snapshot;
        }

        @Override
        public SieveState common() {
            return store.common();
        }

        @Override
        public byte[] content(String name) throws Exception {
            return store.content(name);
        }

        @Override
        public void put(String name, byte[] content, Optional<String> replacing) throws Exception {
            store.put(name, content, replacing);
        }

        @Override
        public void activate(Optional<String> name, Optional<String> replacing) throws Exception {
            store.activate(name, replacing);
        }

        @Override
        public void delete(String name, String sha256) throws Exception {
            store.delete(name, sha256);
        }

        @Override
        public void completeSync(SieveState agreed, SieveTombstones honoured) {
            store.completeSync(agreed, honoured);
        }
    }
}

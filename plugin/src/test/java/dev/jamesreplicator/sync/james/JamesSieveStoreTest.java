package dev.jamesreplicator.sync.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.sieverepository.api.ScriptContent;
import org.apache.james.sieverepository.api.ScriptName;
import org.apache.james.sieverepository.api.exception.IsActiveException;
import org.apache.james.sieverepository.file.SieveFileRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.agent.WorkingDirectoryFileSystem;
import dev.jamesreplicator.content.Sha256;
import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.sieve.SieveChange;
import dev.jamesreplicator.state.SieveJournal;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.SyncException;

/** Scripts read and written through James's SieveFileRepository, the one both servers bind. */
class JamesSieveStoreTest {
    private static final Username ALICE = Username.of("alice@example.test");
    private static final String SPAM = "require \"fileinto\";\r\nif header :contains \"X-Spam\" \"yes\" { fileinto \"Spam\"; }\r\n";
    private static final String VACATION = "require \"vacation\";\r\nvacation \"Away (été)\";\r\n";

    @TempDir
    Path james;
    @TempDir
    Path state;

    private StateStore store;
    private SieveJournal journal;
    private SieveFileRepository repository;
    private JamesSieveStore sieve;

    @BeforeEach
    void open() throws Exception {
        store = new StateStore(state);
        journal = new SieveJournal(store);
        repository = new SieveFileRepository(WorkingDirectoryFileSystem.of(james.toFile()));
        sieve = new JamesSieveStore(repository, journal, ALICE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static String sha(String script) {
        return Sha256.of(script.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aUsersScriptsAreReadWithTheirHashesTheActiveOneAndTheJournal() throws Exception {
        repository.putScript(ALICE, new ScriptName("spam"), new ScriptContent(SPAM));
        repository.putScript(ALICE, new ScriptName("vacation"), new ScriptContent(VACATION));
        repository.setActive(ALICE, new ScriptName("spam"));
        journal.record(ALICE.asString(), SieveChange.delete("old"));

        JamesSieveStore.Snapshot snapshot = sieve.read();

        assertThat(snapshot.state()).isEqualTo(new SieveState(Map.of("spam", sha(SPAM), "vacation", sha(VACATION)), "spam"));
        assertThat(snapshot.tombstones()).isEqualTo(journal.tombstones(ALICE.asString()));
        assertThat(sieve.content("vacation")).isEqualTo(VACATION.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aUserWithoutScriptsHasNone() throws Exception {
        assertThat(sieve.read().state()).isEqualTo(SieveState.NONE);
    }

    @Test
    void whatTheStoreWritesReadsBackAsThePlanExpects() throws Exception {
        sieve.put("vacation", VACATION.getBytes(StandardCharsets.UTF_8), Optional.empty());
        sieve.put("spam", SPAM.getBytes(StandardCharsets.UTF_8), Optional.empty());
        sieve.activate(Optional.of("vacation"), Optional.empty());
        assertThat(sieve.read().state()).isEqualTo(new SieveState(Map.of("spam", sha(SPAM), "vacation", sha(VACATION)), "vacation"));

        sieve.put("vacation", SPAM.getBytes(StandardCharsets.UTF_8), Optional.of(sha(VACATION)));
        sieve.activate(Optional.empty(), Optional.of("vacation"));
        sieve.delete("spam", sha(SPAM));

        assertThat(sieve.read().state()).isEqualTo(new SieveState(Map.of("vacation", sha(SPAM)), null));
        try (InputStream active = repository.getScript(ALICE, new ScriptName("vacation"))) {
            assertThat(active.readAllBytes()).isEqualTo(SPAM.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void jamesRefusesToDeleteTheActiveScriptSoThePlanDeactivatesFirst() throws Exception {
        sieve.put("spam", SPAM.getBytes(StandardCharsets.UTF_8), Optional.empty());
        sieve.activate(Optional.of("spam"), Optional.empty());

        assertThatThrownBy(() -> sieve.delete("spam", sha(SPAM))).isInstanceOf(IsActiveException.class);
    }

    @Test
    void aScriptAClientChangedSinceTheReadIsLeftAloneAndTheStepConflicts() throws Exception {
        repository.putScript(ALICE, new ScriptName("spam"), new ScriptContent(SPAM));
        String seen = sha(VACATION);

        assertThatThrownBy(() -> sieve.put("spam", VACATION.getBytes(StandardCharsets.UTF_8), Optional.of(seen)))
            .isInstanceOf(SyncException.class).hasMessageContaining("changed since it was read");
        assertThatThrownBy(() -> sieve.put("new", VACATION.getBytes(StandardCharsets.UTF_8), Optional.of(seen)))
            .isInstanceOf(SyncException.class);
        assertThatThrownBy(() -> sieve.delete("spam", seen)).isInstanceOf(SyncException.class);
        assertThatThrownBy(() -> sieve.activate(Optional.of("spam"), Optional.of("spam"))).isInstanceOf(SyncException.class);

        assertThat(sieve.read().state()).isEqualTo(new SieveState(Map.of("spam", sha(SPAM)), null));
    }
}

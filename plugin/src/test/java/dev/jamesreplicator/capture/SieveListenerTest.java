package dev.jamesreplicator.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;
import dev.jamesreplicator.replicator.Priority;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.sieve.SieveChange;
import dev.jamesreplicator.state.SieveJournal;
import dev.jamesreplicator.state.StateStore;

class SieveListenerTest {
    private static final String ALICE = "alice@example.test";

    @TempDir
    Path directory;

    private static List<String> deletedNames(SieveTombstones tombstones) {
        return tombstones.deleted().stream().map(SieveTombstones.Deleted::name).collect(Collectors.toList());
    }

    @Test
    void eachChangeLeavesTheRecordTheMergeNeedsAndQueuesTheUserLow() {
        try (StateStore store = new StateStore(directory)) {
            SieveJournal journal = new SieveJournal(store);
            ReplicationQueue queue = mock(ReplicationQueue.class);
            SieveListener listener = new SieveListener(journal, queue);

            listener.changed(ALICE, SieveChange.delete("old"));
            listener.changed(ALICE, SieveChange.rename("main", "filters"));
            listener.changed(ALICE, SieveChange.activate(""));
            assertThat(deletedNames(journal.tombstones(ALICE))).containsExactly("old", "main");
            assertThat(journal.tombstones(ALICE).deactivated()).isPresent();

            listener.changed(ALICE, SieveChange.put("old"));
            listener.changed(ALICE, SieveChange.rename("filters", "main"));
            listener.changed(ALICE, SieveChange.activate("main"));
            assertThat(deletedNames(journal.tombstones(ALICE))).as("a name used again is no longer deleted")
                .containsExactly("filters");
            assertThat(journal.tombstones(ALICE).deactivated()).isEmpty();

            verify(queue, times(6)).request(ALICE, Priority.LOW);
        }
    }

    @Test
    void aSessionDropsOnlyTheRecordsItPlannedFromAndTheyOutliveARestart() {
        SieveState agreed = new SieveState(Map.of("main", "abc"), "main");
        try (StateStore store = new StateStore(directory)) {
            SieveJournal journal = new SieveJournal(store);
            journal.record(ALICE, SieveChange.delete("old"));
            journal.record(ALICE, SieveChange.activate(null));
            SieveTombstones read = journal.tombstones(ALICE);
            // While the session runs, the user puts "old" again and deletes it again.
            journal.record(ALICE, SieveChange.put("old"));
            journal.record(ALICE, SieveChange.delete("old"));

            journal.completeSync(ALICE, agreed, read);

            assertThat(deletedNames(journal.tombstones(ALICE))).as("the newer deletion stays").containsExactly("old");
            assertThat(journal.tombstones(ALICE).deactivated()).isEmpty();
        }
        try (StateStore store = new StateStore(directory)) {
            SieveJournal journal = new SieveJournal(store);
            assertThat(journal.common(ALICE)).isEqualTo(agreed);
            assertThat(deletedNames(journal.tombstones(ALICE))).containsExactly("old");
        }
    }
}

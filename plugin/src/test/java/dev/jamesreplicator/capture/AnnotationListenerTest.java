package dev.jamesreplicator.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.agent.Backend;
import dev.jamesreplicator.agent.TestJames;
import dev.jamesreplicator.annotation.AnnotationChange;
import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.model.MailboxItemTombstones;
import dev.jamesreplicator.replicator.Priority;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.state.AnnotationJournal;
import dev.jamesreplicator.state.StateStore;

class AnnotationListenerTest {
    private static final String ALICE = "alice@example.test";

    @TempDir
    Path directory;

    private static List<String> removed(MailboxItemTombstones tombstones) {
        return tombstones.removed().stream().map(Object::toString).collect(Collectors.toList());
    }

    @Test
    void aRemovalLeavesATombstoneByUidValidityASetClearsItAndTheOwnerIsQueuedLow() throws Exception {
        TestJames james = Backend.MEMORY.start();
        long work = james.createMailbox(ALICE, "Work").getMailboxEntity().getUidValidity().asLong();
        try (StateStore store = new StateStore(directory)) {
            AnnotationJournal journal = new AnnotationJournal(store);
            ReplicationQueue queue = mock(ReplicationQueue.class);
            AnnotationListener listener = new AnnotationListener(journal, queue, james.mailboxManager());

            listener.changed(new AnnotationChange(ALICE, "Work", Set.of(), Set.of("/private/comment", "/shared/comment")));
            assertThat(removed(journal.tombstones(ALICE))).containsExactlyInAnyOrder(
                work + " /private/comment", work + " /shared/comment");

            listener.changed(new AnnotationChange(ALICE, "Work", Set.of("/private/comment"), Set.of()));
            assertThat(removed(journal.tombstones(ALICE))).as("a key set again is no longer removed")
                .containsExactly(work + " /shared/comment");

            verify(queue, times(2)).request(ALICE, Priority.LOW);
        }
    }

    @Test
    void aSessionDropsOnlyTheRecordsItPlannedFromAndTheyOutliveARestart() {
        MailboxItemState agreed = new MailboxItemState(Map.of(7L, new MailboxItemState.Mailbox("Work", Map.of("/private/x", "y"))));
        try (StateStore store = new StateStore(directory)) {
            AnnotationJournal journal = new AnnotationJournal(store);
            journal.record(ALICE, 7, Set.of(), Set.of("/private/comment"));
            MailboxItemTombstones read = journal.tombstones(ALICE);
            // While the session runs, the user sets the key again and removes it again.
            journal.record(ALICE, 7, Set.of("/private/comment"), Set.of());
            journal.record(ALICE, 7, Set.of(), Set.of("/private/comment"));

            journal.completeSync(ALICE, agreed, read);

            assertThat(removed(journal.tombstones(ALICE))).as("the newer removal stays").containsExactly("7 /private/comment");
        }
        try (StateStore store = new StateStore(directory)) {
            AnnotationJournal journal = new AnnotationJournal(store);
            assertThat(journal.common(ALICE)).isEqualTo(agreed);
            assertThat(removed(journal.tombstones(ALICE))).containsExactly("7 /private/comment");
        }
    }
}

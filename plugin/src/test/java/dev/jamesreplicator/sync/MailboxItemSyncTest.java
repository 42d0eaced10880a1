package dev.jamesreplicator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.state.AnnotationJournal;
import dev.jamesreplicator.state.StateStore;

/**
 * Two servers' annotations, each with its own real journal in its own state store, brought
 * together by MailboxItemSync in one JVM, session after session, as the servers' workers would.
 * b's node name sorts last: b wins ties.
 */
class MailboxItemSyncTest {
    private static final String ALICE = "alice@example.test";
    private static final long WORK = 7;
    private static final String COMMENT = "/private/comment";
    private static final String COLOR = "/private/vendor/acme/color";

    @TempDir
    Path directory;

    private StateStore aState;
    private StateStore bState;
    private ModelMailboxItemStore a;
    private ModelMailboxItemStore b;
    private final MailboxItemSync sync = new MailboxItemSync(MailboxItems.ANNOTATIONS);

    @BeforeEach
    void servers() {
        aState = new StateStore(directory.resolve("a"));
        bState = new StateStore(directory.resolve("b"));
        a = new ModelMailboxItemStore(ALICE, new AnnotationJournal(aState)).mailbox(WORK, "Work");
        b = new ModelMailboxItemStore(ALICE, new AnnotationJournal(bState)).mailbox(WORK, "Work");
    }

    @AfterEach
    void close() {
        aState.close();
        bState.close();
    }

    /** A session run by a (b wins ties), or by b (b wins ties too: its name sorts last). */
    private void syncFromA() throws Exception {
        sync.sync(a, b, false);
    }

    private void syncFromB() throws Exception {
        sync.sync(b, a, true);
    }

    @Test
    void setChangedAndRemovedOnEitherServerReachTheOther() throws Exception {
        a.userSets(WORK, COMMENT, "projects");
        syncFromA();
        assertThat(b.value(WORK, COMMENT)).contains("projects");

        b.userSets(WORK, COMMENT, "clients");
        b.userSets(WORK, COLOR, "red");
        syncFromB();
        assertThat(a.value(WORK, COMMENT)).contains("clients");
        assertThat(a.value(WORK, COLOR)).contains("red");

        a.userSets(WORK, COLOR, null);
        syncFromB();
        assertThat(b.value(WORK, COLOR)).isEmpty();
        assertThat(a.read().tombstones().isEmpty()).as("the tombstone is done with").isTrue();
        assertThat(b.read().tombstones().isEmpty()).as("the values written there are done with").isTrue();
        assertThat(b.read().state()).isEqualTo(a.read().state());
        assertThat(sync.differences(a, b, false)).isEmpty();
        assertThat(sync.sync(a, b, false).isEmpty()).as("one more session finds nothing to do").isTrue();
    }

    @Test
    void aConflictEndsWithTheTieBreakNodesValueOnBoth() throws Exception {
        a.userSets(WORK, COMMENT, "x");
        syncFromA();
        a.userSets(WORK, COMMENT, "from a");
        b.userSets(WORK, COMMENT, "from b");

        syncFromA();

        assertThat(a.value(WORK, COMMENT)).contains("from b");
        assertThat(b.value(WORK, COMMENT)).contains("from b");
    }

    @Test
    void aServerThatLostItsAnnotationsIsRefilledNotEmptied() throws Exception {
        a.userSets(WORK, COMMENT, "keep");
        syncFromA();
        // A memory node restarted: its mail came back from the twin, its annotations did not.
        b.deleteMailbox(WORK);
        b.mailbox(WORK, "Work");

        syncFromB();

        assertThat(b.value(WORK, COMMENT)).contains("keep");
        assertThat(a.value(WORK, COMMENT)).contains("keep");
    }

    @Test
    void aClientsChangeRacingTheStepIsKeptAndTheNextSessionPlansAgain() throws Exception {
        a.userSets(WORK, COMMENT, "first");
        MailboxItemStore racing = new MailboxItemStore() {
            @Override
            public Snapshot read() {
                Snapshot snapshot = b.read();
                // The client writes between the session's read and its write.
                b.userSets(WORK, COMMENT, "client's");
                return snapshot;
            }

            @Override
            public MailboxItemState common() {
                return b.common();
            }

            @Override
            public void write(long uidValidity, String mailbox, String key, Optional<String> value, Optional<String> replacing) {
                b.write(uidValidity, mailbox, key, value, replacing);
            }

            @Override
            public void completeSync(MailboxItemState agreed, dev.jamesreplicator.model.MailboxItemTombstones honoured) {
                b.completeSync(agreed, honoured);
            }
        };

        assertThatThrownBy(() -> sync.sync(a, racing, false)).isInstanceOf(SyncException.class)
            .extracting(e -> ((SyncException) e).code()).isEqualTo(SyncException.Code.CONFLICT);
        assertThat(b.value(WORK, COMMENT)).contains("client's");

        syncFromA();
        // Both set it apart (no common state yet): b's, the tie-break's, and the client's own.
        assertThat(a.value(WORK, COMMENT)).contains("client's");
    }

    @Test
    void verifyListsWhatASyncWouldDo() throws Exception {
        a.userSets(WORK, COMMENT, "projects");

        assertThat(sync.differences(a, b, false))
            .containsExactly("metadata: set /private/comment of Work (uidvalidity 7) on REMOTE");
    }
}

package dev.jamesreplicator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.MessageIdentity;
import dev.jamesreplicator.model.Tombstones;

class JournalTest {
    @TempDir
    Path directory;

    @Test
    void aCommonStateStoredBeforeIncrementalSessionsStillReadsAndIsReplacedByTheNextSync() {
        try (StateStore store = new StateStore(directory)) {
            // As version 0.1 wrote it: the flags only.
            store.map("journal.common").put("alice@example.test", "{\"flags\":{\"7\":{\"1\":[\"\\\\Seen\"]}}}");
            Journal journal = new Journal(store);

            CommonState old = journal.common("alice@example.test");
            assertThat(old.version()).as("no version: the next session compares everything").isNull();
            assertThat(old.flags(7, 1)).contains(List.of("\\Seen"));

            CommonState next = new CommonState("v1", Map.of(7L, Map.of(1L, List.of("\\Seen"))),
                Map.of(7L, Map.of(1L, new MessageIdentity("h", 3, 4))),
                Map.of("a", Map.of(7L, new CommonState.MailboxRecord("12", Map.of(1L, 5L)))));
            journal.completeSync("alice@example.test", next, Tombstones.NONE);
            assertThat(journal.common("alice@example.test")).isEqualTo(next);
        }
    }

    @Test
    void aTombstoneNamesTheRunThatWroteItAndARestartBeginsAnother() {
        Tombstones.Expunged moved = new Tombstones.Expunged(7, 1, "h", 3, 4).movedTo(new Tombstones.MovedTo(9, 5));
        String firstRun;
        try (StateStore store = new StateStore(directory)) {
            Journal journal = new Journal(store);
            journal.recordExpunged("alice@example.test", List.of(moved));
            journal.recordMailboxDeleted("alice@example.test", "Work", 9, 2);
            Tombstones read = journal.tombstones("alice@example.test");
            firstRun = read.boot();
            assertThat(firstRun).isNotNull();
            assertThat(read.expunged()).singleElement().satisfies(tombstone -> {
                assertThat(tombstone.boot()).isEqualTo(firstRun);
                assertThat(tombstone.movedTo()).isEqualTo(new Tombstones.MovedTo(9, 5));
            });
            assertThat(read.deletedMailboxes()).singleElement().satisfies(deletion -> {
                assertThat(deletion.boot()).isEqualTo(firstRun);
                assertThat(deletion.held()).as("messages the mailbox held, kept in the journal").isEqualTo(2);
            });
        }
        try (StateStore store = new StateStore(directory)) {
            Tombstones afterRestart = new Journal(store).tombstones("alice@example.test");
            assertThat(afterRestart.boot()).isNotNull().isNotEqualTo(firstRun);
            assertThat(afterRestart.expunged()).singleElement()
                .satisfies(tombstone -> assertThat(tombstone.boot()).isEqualTo(firstRun));
            assertThat(afterRestart.deletedMailboxes()).singleElement()
                .satisfies(deletion -> assertThat(deletion.boot()).isEqualTo(firstRun));
        }
    }
}

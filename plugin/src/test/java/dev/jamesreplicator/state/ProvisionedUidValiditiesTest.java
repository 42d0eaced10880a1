package dev.jamesreplicator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.Tombstones;

class ProvisionedUidValiditiesTest {
    private static final String USER = "alice@example.test";

    @TempDir
    Path aState;
    @TempDir
    Path bState;

    @Test
    void bothServersDeriveTheSameUidValidityForAProvisionedMailbox() {
        try (StateStore a = new StateStore(aState); StateStore b = new StateStore(bState)) {
            long onA = chooser(a).choose(USER, "INBOX", 0);
            long onB = chooser(b).choose(USER, "INBOX", 0);

            assertThat(onA).isEqualTo(onB).isEqualTo(ProvisionedUidValidities.derive(USER, "INBOX")).isBetween(1L, 0xFFFF_FFFFL);
            assertThat(chooser(a).choose(USER, "Sent", 0)).as("another name").isNotEqualTo(onA).isPositive();
            assertThat(chooser(a).choose("bob@example.test", "INBOX", 0)).as("another user").isNotEqualTo(onA).isPositive();
        }
    }

    @Test
    void onlyTheMailboxesJamesProvisionsAreDerived() {
        try (StateStore a = new StateStore(aState)) {
            assertThat(chooser(a).choose(USER, "Projects", 0)).isZero();
            assertThat(chooser(a).choose(USER, "inbox", 0)).as("James names it INBOX").isZero();
            assertThat(chooser(a).choose("", "INBOX", 0)).as("a shared mailbox has no user").isZero();
            for (String name : List.of("INBOX", "Outbox", "Sent", "Trash", "Drafts", "Archive", "Spam")) {
                assertThat(chooser(a).choose(USER, name, 0)).as(name).isPositive();
            }
        }
    }

    @Test
    void aNameCreatedAgainGetsJamesesOwnNumberEvenAfterARestart() {
        try (StateStore a = new StateStore(aState)) {
            assertThat(chooser(a).choose(USER, "Archive", 0)).isPositive();
            assertThat(chooser(a).choose(USER, "Archive", 0)).as("deleted and created again").isZero();
        }
        try (StateStore restarted = new StateStore(aState)) {
            assertThat(chooser(restarted).choose(USER, "Archive", 0)).isZero();
        }
    }

    @Test
    void aReplicatedCreationCountsAsTheFirst() {
        try (StateStore b = new StateStore(bState)) {
            assertThat(chooser(b).choose(USER, "Trash", 77)).isZero();
            assertThat(chooser(b).choose(USER, "Trash", 0)).as("created again by a user after a deletion").isZero();
        }
    }

    @Test
    void aNumberTheJournalKnowsIsNotGivenAgain() {
        long archive = ProvisionedUidValidities.derive(USER, "Archive");
        long drafts = ProvisionedUidValidities.derive(USER, "Drafts");
        long spam = ProvisionedUidValidities.derive(USER, "Spam");
        try (StateStore a = new StateStore(aState)) {
            Journal journal = new Journal(a);
            journal.completeSync(USER, new CommonState(Map.of(archive, Map.of())), Tombstones.NONE);
            journal.recordMailboxDeleted(USER, "Drafts", drafts, 0);
            journal.recordRenamed(USER, spam, "Spam", "Junk");
            ProvisionedUidValidities chooser = new ProvisionedUidValidities(a, journal);

            assertThat(chooser.choose(USER, "Archive", 0)).as("known to the last sync").isZero();
            assertThat(chooser.choose(USER, "Drafts", 0)).as("deleted").isZero();
            assertThat(chooser.choose(USER, "Spam", 0)).as("renamed away").isZero();
            assertThat(chooser.choose(USER, "Sent", 0)).isEqualTo(ProvisionedUidValidities.derive(USER, "Sent"));
        }
    }

    private static ProvisionedUidValidities chooser(StateStore store) {
        return new ProvisionedUidValidities(store, new Journal(store));
    }
}

package dev.jamesreplicator.it.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.jamesreplicator.it.client.AcknowledgedAppend;
import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.state.AcknowledgedMail;
import jakarta.mail.Flags;

/**
 * The conflict rules of DESIGN.md against two real servers: with the replication link cut,
 * users change the same things on both; once it is restored both converge by the rules and
 * no message a server said OK to is lost (unless a user removed it).
 */
@ExtendWith(JamesPairExtension.class)
class ConflictResolutionIT {
    private static final Instant DATE = Instant.parse("2025-04-01T09:00:00Z");

    private static SampleMessage append(ImapSession session, String mailbox, String label, TestUser user,
                                        AcknowledgedMail acknowledged) throws Exception {
        return AcknowledgedAppend.append(session, mailbox, label, "dave@example.org", user.address(), DATE, acknowledged).message();
    }

    @Test
    void newMailIntoOneMailboxOnBothServersGetsDistinctUidsAndIsAllKept(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("same-uids");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        try (ImapSession a = pair.imap(Node.A, user); ImapSession b = pair.imap(Node.B, user)) {
            append(a, "INBOX", "before", user, acknowledged);
            Convergence.await(pair, user, acknowledged);
            try (ReplicationLinkSwitch cut = ReplicationLinkSwitch.cut(pair)) {
                for (int i = 0; i < 3; i++) {
                    append(a, "INBOX", "on a " + i, user, acknowledged);
                    append(b, "INBOX", "on b " + i, user, acknowledged);
                }
            }
            Convergence.Converged converged = Convergence.await(pair, user, acknowledged);
            assertThat(converged.a().mailbox("INBOX").orElseThrow().messages()).hasSize(7);
        }
    }

    @Test
    void oppositeFlagChangesMergePerFlagAndAnExpungeBeatsAFlagChange(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("flags");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        try (ImapSession a = pair.imap(Node.A, user); ImapSession b = pair.imap(Node.B, user)) {
            append(a, "INBOX", "merge my flags", user, acknowledged);
            append(a, "INBOX", "expunged on a", user, null);
            Convergence.await(pair, user, acknowledged);
            a.setFlags("INBOX", 1, new Flags(Flags.Flag.SEEN), true);
            Convergence.await(pair, user, acknowledged);
            try (ReplicationLinkSwitch cut = ReplicationLinkSwitch.cut(pair)) {
                a.setFlags("INBOX", 1, new Flags(Flags.Flag.SEEN), false);
                b.setFlags("INBOX", 1, new Flags(Flags.Flag.FLAGGED), true);
                a.expunge("INBOX", 2);
                b.setFlags("INBOX", 2, new Flags("$Important"), true);
            }
            Convergence.Converged converged = Convergence.await(pair, user, acknowledged);
            assertThat(converged.b().mailbox("INBOX").orElseThrow().message(1).orElseThrow().flags())
                .contains("\\Flagged").doesNotContain("\\Seen");
            assertThat(converged.b().mailbox("INBOX").orElseThrow().message(2)).as("expunge beats a flag change").isEmpty();
        }
    }

    @Test
    void newMailInAMailboxTheOtherServerDeletedIsKept(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("deleted");
        AcknowledgedMail kept = new AcknowledgedMail();
        try (ImapSession a = pair.imap(Node.A, user); ImapSession b = pair.imap(Node.B, user)) {
            a.create("Project");
            append(a, "Project", "old news", user, null);
            Convergence.await(pair, user, kept);
            try (ReplicationLinkSwitch cut = ReplicationLinkSwitch.cut(pair)) {
                a.delete("Project");
                append(b, "Project", "arrived after the delete", user, kept);
            }
            Convergence.Converged converged = Convergence.await(pair, user, kept);
            assertThat(converged.a().mailbox("Project").orElseThrow().messages()).hasSize(1);
        }
    }

    @Test
    void aRenameOnOneServerCarriesNewMailFromTheOther(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("renamed");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        try (ImapSession a = pair.imap(Node.A, user); ImapSession b = pair.imap(Node.B, user)) {
            a.create("Drafts2");
            Convergence.await(pair, user, acknowledged);
            SampleMessage late;
            try (ReplicationLinkSwitch cut = ReplicationLinkSwitch.cut(pair)) {
                a.rename("Drafts2", "Letters");
                late = append(b, "Drafts2", "written during the rename", user, null);
            }
            acknowledged.storedAsIs("APPEND into the renamed mailbox", "Letters", late.sha256());
            Convergence.Converged converged = Convergence.await(pair, user, acknowledged);
            assertThat(converged.b().mailbox("Drafts2")).isEmpty();
        }
    }

    @Test
    void twoRenamesOfOneMailboxSettleOnOneName(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("two-renames");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        try (ImapSession a = pair.imap(Node.A, user); ImapSession b = pair.imap(Node.B, user)) {
            a.create("Trips");
            Convergence.await(pair, user, acknowledged);
            long uidValidity = a.status("Trips").uidValidity();
            try (ReplicationLinkSwitch cut = ReplicationLinkSwitch.cut(pair)) {
                a.rename("Trips", "Travel");
                b.rename("Trips", "Journeys");
            }
            Convergence.Converged converged = Convergence.await(pair, user, acknowledged);
            // Node names break the tie: "b" sorts after "a".
            assertThat(converged.a().mailbox("Journeys").orElseThrow().uidValidity()).isEqualTo(uidValidity);
            assertThat(converged.a().mailbox("Travel")).isEmpty();
        }
    }

    @Test
    void theSameNewMailboxCreatedOnBothServersIsMergedWithAllItsMail(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("same-name");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        try (ImapSession a = pair.imap(Node.A, user); ImapSession b = pair.imap(Node.B, user)) {
            Convergence.await(pair, user, acknowledged);
            try (ReplicationLinkSwitch cut = ReplicationLinkSwitch.cut(pair)) {
                a.create("Shared");
                b.create("Shared");
                append(a, "Shared", "from a", user, acknowledged);
                append(b, "Shared", "from b 1", user, acknowledged);
                append(b, "Shared", "from b 2", user, acknowledged);
            }
            Convergence.Converged converged = Convergence.await(pair, user, acknowledged);
            assertThat(converged.a().mailbox("Shared").orElseThrow().messages()).hasSize(3);
        }
    }
}

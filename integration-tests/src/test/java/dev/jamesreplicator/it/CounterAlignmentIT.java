package dev.jamesreplicator.it;

import dev.jamesreplicator.it.client.AcknowledgedAppend;
import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.conflict.ReplicationLinkSwitch;
import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.state.AcknowledgedMail;
import dev.jamesreplicator.tools.verify.MailboxState;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counters a client caches. MODSEQs: a SELECT that clears {@code \Recent} takes none, and
 * MODSEQs one side could not take are aligned by the next sync, so a CONDSTORE client that fails
 * over finds the same MODSEQs. UIDNEXT: new mail
 * expunged before the twin saw it leaves a higher UIDNEXT on one side; the next sync raises the
 * other, so a client that fails over is not handed a UID it has seen. Convergence compares
 * UIDNEXTs, MODSEQs and HIGHESTMODSEQs, as every test's does. HIGHESTMODSEQ: a mailbox left
 * empty is raised too, with no message to carry the raise.
 */
@ExtendWith(JamesPairExtension.class)
class CounterAlignmentIT {

    @Test
    void aSelectTakesNoModSeqAndModSeqsTheTwinCannotTakeAreAligned(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("modseq");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        long first;
        try (ImapSession a = pair.imap(Node.A, user)) {
            first = AcknowledgedAppend.append(a, "INBOX", "modseq 1", "x@example.org", user.address(), Instant.now(),
                    acknowledged).uid();
            AcknowledgedAppend.append(a, "INBOX", "modseq 2", "x@example.org", user.address(), Instant.now(), acknowledged);
        }
        Convergence.await(pair, user, acknowledged);
        long highest = inbox(pair, Node.A, user).highestModSeq();

        try (ImapSession b = pair.imap(Node.B, user)) {
            Folder inbox = b.store().getFolder("INBOX");
            inbox.open(Folder.READ_WRITE); // SELECT: b clears \Recent
            inbox.close(false);
        }
        assertThat(inbox(pair, Node.B, user).highestModSeq()).as("clearing \\Recent takes no MODSEQ").isEqualTo(highest);

        // With the link paused, a flag change on b and new mail on a take the same next MODSEQ on
        // each side: b cannot give the new message a's MODSEQ, nor a the flag change b's.
        try (ReplicationLinkSwitch paused = ReplicationLinkSwitch.cut(pair);
             ImapSession a = pair.imap(Node.A, user); ImapSession b = pair.imap(Node.B, user)) {
            b.setFlags("INBOX", first, new Flags(Flags.Flag.FLAGGED), true);
            AcknowledgedAppend.append(a, "INBOX", "modseq 3", "x@example.org", user.address(), Instant.now(), acknowledged);
        }

        Convergence.Converged converged = Convergence.await(pair, user, acknowledged);
        assertThat(converged.a().mailbox("INBOX").orElseThrow().highestModSeq())
                .isEqualTo(converged.b().mailbox("INBOX").orElseThrow().highestModSeq())
                .isGreaterThan(highest + 1);
    }

    @Test
    void aMailboxLeftEmptyEndsWithTheSameHighestModSeqOnBoth(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("emptied");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        long uid;
        try (ImapSession a = pair.imap(Node.A, user)) {
            a.create("Emptied");
            uid = AcknowledgedAppend.append(a, "Emptied", "flagged, then expunged", "x@example.org", user.address(),
                    Instant.now(), null).uid();
        }
        Convergence.await(pair, user, acknowledged);

        // With the link paused, a's flag changes raise its HIGHESTMODSEQ; b only ever sees the expunge.
        long bWhilePaused;
        try (ReplicationLinkSwitch paused = ReplicationLinkSwitch.cut(pair); ImapSession a = pair.imap(Node.A, user)) {
            for (Flags.Flag flag : new Flags.Flag[] {Flags.Flag.FLAGGED, Flags.Flag.SEEN, Flags.Flag.ANSWERED}) {
                a.setFlags("Emptied", uid, new Flags(flag), true);
            }
            a.expunge("Emptied", uid);
            bWhilePaused = mailbox(pair, Node.B, user, "Emptied").highestModSeq();
        }

        Convergence.Converged converged = Convergence.await(pair, user, acknowledged);
        MailboxState onA = converged.a().mailbox("Emptied").orElseThrow();
        MailboxState onB = converged.b().mailbox("Emptied").orElseThrow();
        assertThat(onA.messages()).isEmpty();
        assertThat(onB.highestModSeq()).as("b's HIGHESTMODSEQ, raised to a's with no message to carry it")
                .isEqualTo(onA.highestModSeq())
                .isGreaterThan(bWhilePaused + 2);
    }

    private static MailboxState inbox(JamesPair pair, Node node, TestUser user) throws Exception {
        return mailbox(pair, node, user, "INBOX");
    }

    private static MailboxState mailbox(JamesPair pair, Node node, TestUser user, String name) throws Exception {
        try (ImapSession session = pair.imap(node, user)) {
            return session.snapshot().mailbox(name).orElseThrow();
        }
    }

    @Test
    void newMailExpungedBeforeTheTwinSawItLeavesTheSameUidNextOnBoth(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("uidnext");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        long expunged;
        try (ReplicationLinkSwitch paused = ReplicationLinkSwitch.cut(pair); ImapSession a = pair.imap(Node.A, user)) {
            AcknowledgedAppend.append(a, "INBOX", "kept", "x@example.org", user.address(), Instant.now(), acknowledged);
            expunged = AcknowledgedAppend.append(a, "INBOX", "expunged", "x@example.org", user.address(), Instant.now(), null).uid();
            a.expunge("INBOX", expunged);
            // Read while the link is still paused: once it resumes, b may be raised at any moment.
            assertThat(inbox(pair, Node.B, user).uidNext()).as("b never saw UID %d", expunged).isLessThanOrEqualTo(expunged);
        }

        Convergence.Converged converged = Convergence.await(pair, user, acknowledged);
        assertThat(converged.b().mailbox("INBOX").orElseThrow().uidNext()).isEqualTo(expunged + 1);
    }
}

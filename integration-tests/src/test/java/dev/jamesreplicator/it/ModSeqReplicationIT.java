package dev.jamesreplicator.it;

import dev.jamesreplicator.it.client.AcknowledgedAppend;
import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.state.AcknowledgedMail;
import dev.jamesreplicator.tools.verify.MailboxState;
import jakarta.mail.Folder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MODSEQs: a SELECT that resets {@code \Recent} on one server moves its MODSEQs and
 * HIGHESTMODSEQ alone (and is no reason to sync); the next sync raises the other server's, so a
 * CONDSTORE client that fails over finds the same MODSEQs. Convergence compares MODSEQs and
 * HIGHESTMODSEQs, as every test's does.
 */
@ExtendWith(JamesPairExtension.class)
class ModSeqReplicationIT {

    @Test
    void aRecentResetOnOneServerIsEqualisedByTheNextSync(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("modseq");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        try (ImapSession a = pair.imap(Node.A, user)) {
            AcknowledgedAppend.append(a, "INBOX", "modseq 1", "x@example.org", user.address(), Instant.now(), acknowledged);
            AcknowledgedAppend.append(a, "INBOX", "modseq 2", "x@example.org", user.address(), Instant.now(), acknowledged);
        }
        Convergence.await(pair, user, acknowledged);
        long highestOnA = inbox(pair, Node.A, user).highestModSeq();

        try (ImapSession b = pair.imap(Node.B, user)) {
            Folder inbox = b.store().getFolder("INBOX");
            inbox.open(Folder.READ_WRITE); // SELECT: b clears \Recent, a flag change on b alone
            inbox.close(false);
        }
        assertThat(inbox(pair, Node.B, user).highestModSeq()).as("b's SELECT moved b's HIGHESTMODSEQ only")
                .isGreaterThan(highestOnA);
        assertThat(inbox(pair, Node.A, user).highestModSeq()).isEqualTo(highestOnA);

        // New mail on a (no SELECT there): its sync must also raise a's older messages to b's MODSEQs,
        // and b cannot give the new message a's MODSEQ (b's HIGHESTMODSEQ is past it).
        try (ImapSession a = pair.imap(Node.A, user)) {
            AcknowledgedAppend.append(a, "INBOX", "modseq 3", "x@example.org", user.address(), Instant.now(), acknowledged);
        }

        Convergence.Converged converged = Convergence.await(pair, user, acknowledged);
        assertThat(converged.a().mailbox("INBOX").orElseThrow().highestModSeq())
                .isEqualTo(converged.b().mailbox("INBOX").orElseThrow().highestModSeq())
                .isGreaterThan(highestOnA);
    }

    private static MailboxState inbox(JamesPair pair, Node node, TestUser user) throws Exception {
        try (ImapSession session = pair.imap(node, user)) {
            return session.snapshot().mailbox("INBOX").orElseThrow();
        }
    }
}

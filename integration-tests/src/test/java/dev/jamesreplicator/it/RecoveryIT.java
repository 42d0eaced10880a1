package dev.jamesreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.state.AcknowledgedMail;
import dev.jamesreplicator.tools.verify.MailStore;
import jakarta.mail.Flags;

/**
 * A node killed with SIGKILL and started again converges with its twin, nothing removed from the
 * twin. On the memory backend it comes back empty: it is refilled with the same UIDVALIDITY,
 * UIDs and flags, and its emptiness is never taken for deletions. On the jpa backend it comes
 * back with its mail, and the same end holds.
 */
@ExtendWith(JamesPairExtension.class)
class RecoveryIT {

    @Test
    void aNodeThatRestartsEmptyIsRefilledAndItsTwinKeepsEverything(JamesPair pair) throws Exception {
        TestUser user = pair.newUser("recovery");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        MailStore before;
        try (ImapSession a = pair.imap(Node.A, user)) {
            a.create("Kept");
            for (int i = 0; i < 3; i++) {
                SampleMessage message = SampleMessage.create("kept " + i, "erin@example.org", user.address());
                a.append(i == 0 ? "Kept" : "INBOX", message.bytes(), new Flags(Flags.Flag.SEEN),
                    Instant.parse("2025-05-0" + (i + 1) + "T07:00:00Z"));
                acknowledged.storedAsIs("APPEND " + i, i == 0 ? "Kept" : "INBOX", message.sha256());
            }
            before = Convergence.await(pair, user, acknowledged).a();
        }

        pair.kill(Node.B);
        pair.start(Node.B);
        // A client failing over logs in on b: its first login provisions INBOX, Sent, ... empty,
        // with b's own UIDVALIDITY, which must give way to the twin's without losing anything.
        try (ImapSession b = pair.imap(Node.B, user)) {
            assertThat(b.list()).contains("INBOX");
        }

        Convergence.Converged after = Convergence.await(pair, user, acknowledged);
        assertThat(after.a().mailbox("INBOX").orElseThrow().messages()).isEqualTo(before.mailbox("INBOX").orElseThrow().messages());
        assertThat(after.b().mailbox("Kept").orElseThrow().uidValidity())
            .isEqualTo(before.mailbox("Kept").orElseThrow().uidValidity());
    }
}

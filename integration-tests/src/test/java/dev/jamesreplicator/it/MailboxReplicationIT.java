package dev.jamesreplicator.it;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.state.AcknowledgedMail;
import dev.jamesreplicator.tools.verify.MailboxState;
import jakarta.mail.Flags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(JamesPairExtension.class)
class MailboxReplicationIT {

    @Test
    void nestedMailboxCreatedOnBExistsOnAWithSameUidValidityAndTakesMailBothWays(JamesPair pair) throws Exception {
        TestUser user = pair.newUser("nested");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        String parent;
        String year;
        String quarter;
        long uidValidity;
        SampleMessage fromB = SampleMessage.create("into nested on b", "alice@example.org", user.address());
        long uidFromB;
        try (ImapSession b = pair.imap(Node.B, user)) {
            // James 3.8.1 uses '.' as its hierarchy delimiter; ask rather than assume.
            parent = b.mailboxName("Projects");
            year = b.mailboxName("Projects", "2026");
            quarter = b.mailboxName("Projects", "2026", "Q4");
            b.create(quarter);
            uidValidity = b.status(quarter).uidValidity();
            // Straight away, while the new mailbox may still be on its way to a.
            uidFromB = b.append(quarter, fromB.bytes(), new Flags(Flags.Flag.SEEN), Instant.parse("2026-10-01T08:00:00Z"));
            acknowledged.storedAsIs("APPEND on b of " + fromB.messageId(), quarter, fromB.sha256());
        }

        Convergence.Converged created = Convergence.await(pair, user, acknowledged);

        assertThat(created.a().mailboxes()).containsKeys(parent, year, quarter);
        MailboxState quarterOnA = created.a().mailbox(quarter).orElseThrow();
        assertThat(quarterOnA.uidValidity()).as(quarter + " UIDVALIDITY on a").isEqualTo(uidValidity);
        assertThat(quarterOnA.message(uidFromB).orElseThrow().sha256()).isEqualTo(fromB.sha256());

        SampleMessage fromA = SampleMessage.create("into nested on a", "bob@example.org", user.address());
        long uidFromA;
        try (ImapSession a = pair.imap(Node.A, user)) {
            uidFromA = a.append(quarter, fromA.bytes(), new Flags(), Instant.parse("2026-10-02T09:30:00Z"));
            acknowledged.storedAsIs("APPEND on a of " + fromA.messageId(), quarter, fromA.sha256());
        }

        Convergence.Converged appended = Convergence.await(pair, user, acknowledged);

        MailboxState quarterOnB = appended.b().mailbox(quarter).orElseThrow();
        assertThat(quarterOnB.uidValidity()).isEqualTo(uidValidity);
        assertThat(quarterOnB.message(uidFromA).orElseThrow().sha256()).isEqualTo(fromA.sha256());
    }
}

package dev.jamesreplicator.it;

import dev.jamesreplicator.it.client.AcknowledgedAppend;
import dev.jamesreplicator.it.client.AcknowledgedAppend.AppendedMessage;
import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.client.LmtpClient;
import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.NodePorts;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.replicator.ReplicatorCli;
import dev.jamesreplicator.it.state.AcknowledgedMail;
import dev.jamesreplicator.tools.verify.MailboxState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Synchronous replication ({@code syncTimeout}, set on the test pair): new mail is on the twin
 * the moment its client hears OK. Each check reads the twin once, right after the OK, with no
 * waiting; a twin that is down is {@link ReplicatorOutageIT}'s part.
 */
@ExtendWith(JamesPairExtension.class)
class SynchronousReplicationIT {
    private static final String SENDER = "sender@example.org";

    @Test
    void anImapAppendIsOnTheTwinWhenItsClientHearsOk(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("sync-append");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        ReplicatorCli cli = new ReplicatorCli(pair);
        long timeoutsBefore = cli.statusNumber(Node.A, "timeouts");

        try (ImapSession a = pair.imap(Node.A, user)) {
            for (int i = 1; i <= 5; i++) {
                AppendedMessage appended = AcknowledgedAppend.append(a, "INBOX", "synchronous " + i, SENDER,
                        user.address(), Instant.now(), acknowledged);

                MailboxState inboxOnB = inbox(pair, Node.B, user);
                assertThat(inboxOnB.message(appended.uid()))
                        .as("b holds APPEND %d (UID %d) as a answers OK", i, appended.uid())
                        .hasValueSatisfying(message -> assertThat(message.sha256()).isEqualTo(appended.message().sha256()));
            }
        }

        assertThat(cli.statusNumber(Node.A, "timeouts")).as("no append waited out the timeout").isEqualTo(timeoutsBefore);
        Convergence.await(pair, user, acknowledged);
    }

    @Test
    void anLmtpDeliveryIsOnTheTwinWhenItsClientHearsOk(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("sync-lmtp");
        AcknowledgedMail acknowledged = new AcknowledgedMail();

        for (int i = 1; i <= 3; i++) {
            SampleMessage message = SampleMessage.create("lmtp synchronous " + i, SENDER, user.address());
            NodePorts b = pair.ports(Node.B);
            LmtpClient.deliver(b.host(), b.lmtp(), SENDER, user.address(), message.bytes());
            acknowledged.delivered("LMTP delivery on b of " + message.messageId(), "INBOX", message.bodySha256());

            assertThat(inbox(pair, Node.A, user).withBodySha256(message.bodySha256()))
                    .as("a holds LMTP delivery %d as b answers 250", i).isPresent();
        }

        Convergence.await(pair, user, acknowledged);
    }

    private static MailboxState inbox(JamesPair pair, Node node, TestUser user) throws Exception {
        try (ImapSession session = pair.imap(node, user)) {
            return session.snapshot().mailbox("INBOX").orElseThrow();
        }
    }
}

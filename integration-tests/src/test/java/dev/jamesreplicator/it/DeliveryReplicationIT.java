package dev.jamesreplicator.it;

import dev.jamesreplicator.it.client.LmtpClient;
import dev.jamesreplicator.it.client.Pop3Client;
import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.it.client.SmtpSender;
import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.NodePorts;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.state.AcknowledgedMail;
import dev.jamesreplicator.tools.verify.MailboxState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Local delivery (SMTP, LMTP) on one node reaches the other with the same UID; POP3 UIDL follows. */
@ExtendWith(JamesPairExtension.class)
class DeliveryReplicationIT {
    private static final String SENDER = "sender@example.org";

    @Test
    void smtpDeliveryOnBArrivesInInboxOnAWithSameUidAndUidValidity(JamesPair pair) throws Exception {
        TestUser user = pair.newUser("smtp");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        SampleMessage message = deliverBySmtp(pair, Node.B, user, acknowledged);

        Convergence.Converged converged = Convergence.await(pair, user, acknowledged);

        MailboxState inboxOnA = converged.a().mailbox("INBOX").orElseThrow();
        MailboxState inboxOnB = converged.b().mailbox("INBOX").orElseThrow();
        assertThat(inboxOnA.uidValidity()).isEqualTo(inboxOnB.uidValidity());
        assertThat(inboxOnA.withBodySha256(message.bodySha256()).orElseThrow().uid())
                .isEqualTo(inboxOnB.withBodySha256(message.bodySha256()).orElseThrow().uid());
    }

    @Test
    void lmtpDeliveryOnAArrivesInInboxOnBWithSameUidAndUidValidity(JamesPair pair) throws Exception {
        TestUser user = pair.newUser("lmtp");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        SampleMessage message = deliverByLmtp(pair, Node.A, user, acknowledged);

        Convergence.Converged converged = Convergence.await(pair, user, acknowledged);

        MailboxState inboxOnA = converged.a().mailbox("INBOX").orElseThrow();
        MailboxState inboxOnB = converged.b().mailbox("INBOX").orElseThrow();
        assertThat(inboxOnB.uidValidity()).isEqualTo(inboxOnA.uidValidity());
        assertThat(inboxOnB.withBodySha256(message.bodySha256()).orElseThrow().uid())
                .isEqualTo(inboxOnA.withBodySha256(message.bodySha256()).orElseThrow().uid());
    }

    @Test
    void pop3UidlListsAreEqualOnBothNodesAfterDeliveriesOnEach(JamesPair pair) throws Exception {
        TestUser user = pair.newUser("pop3");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        // One node at a time: concurrent deliveries into one INBOX are the UID-conflict case.
        deliverBySmtp(pair, Node.A, user, acknowledged);
        deliverBySmtp(pair, Node.A, user, acknowledged);
        Convergence.await(pair, user, acknowledged);
        deliverByLmtp(pair, Node.B, user, acknowledged);
        Convergence.Converged converged = Convergence.await(pair, user, acknowledged);

        List<String> uidlOnA = uidl(pair, Node.A, user);
        List<String> uidlOnB = uidl(pair, Node.B, user);

        List<String> inboxUids = converged.a().mailbox("INBOX").orElseThrow()
                .messages().keySet().stream().map(String::valueOf).toList();
        assertThat(uidlOnA).as("UIDL on a").hasSize(3).isEqualTo(inboxUids);
        assertThat(uidlOnB).as("UIDL on b").isEqualTo(uidlOnA);
    }

    private static SampleMessage deliverBySmtp(JamesPair pair, Node node, TestUser user, AcknowledgedMail acknowledged)
            throws Exception {
        SampleMessage message = SampleMessage.create("smtp to " + node, SENDER, user.address());
        NodePorts ports = pair.ports(node);
        SmtpSender.send(ports.host(), ports.smtp(), SENDER, user.address(), message.bytes());
        acknowledged.delivered("SMTP delivery on " + node + " of " + message.messageId(), "INBOX", message.bodySha256());
        return message;
    }

    private static SampleMessage deliverByLmtp(JamesPair pair, Node node, TestUser user, AcknowledgedMail acknowledged)
            throws Exception {
        SampleMessage message = SampleMessage.create("lmtp to " + node, SENDER, user.address());
        NodePorts ports = pair.ports(node);
        LmtpClient.deliver(ports.host(), ports.lmtp(), SENDER, user.address(), message.bytes());
        acknowledged.delivered("LMTP delivery on " + node + " of " + message.messageId(), "INBOX", message.bodySha256());
        return message;
    }

    private static List<String> uidl(JamesPair pair, Node node, TestUser user) throws Exception {
        NodePorts ports = pair.ports(node);
        return Pop3Client.uidl(ports.host(), ports.pop3(), user.address(), user.password());
    }
}

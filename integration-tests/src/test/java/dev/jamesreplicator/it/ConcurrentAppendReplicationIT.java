package dev.jamesreplicator.it;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(JamesPairExtension.class)
class ConcurrentAppendReplicationIT {
    private static final int MESSAGES_PER_NODE = 5;

    @Test
    void appendsOnBothNodesToDifferentMailboxesAtTheSameTimeConverge(JamesPair pair) throws Exception {
        TestUser user = pair.newUser("concurrent");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (ImapSession a = pair.imap(Node.A, user); ImapSession b = pair.imap(Node.B, user)) {
            // Both logins provisioned Sent and Drafts on their own node, each with its own UIDVALIDITY:
            // let replication settle that first (ProvisioningRaceIT covers writing during it).
            Convergence.await(pair, user, acknowledged);
            Future<Map<Long, SampleMessage>> onA = clients.submit(() -> appendAll(a, Node.A, "Sent", user, go, acknowledged));
            Future<Map<Long, SampleMessage>> onB = clients.submit(() -> appendAll(b, Node.B, "Drafts", user, go, acknowledged));
            go.countDown();
            Map<Long, SampleMessage> sentOnA = onA.get(2, TimeUnit.MINUTES);
            Map<Long, SampleMessage> draftsOnB = onB.get(2, TimeUnit.MINUTES);

            Convergence.Converged converged = Convergence.await(pair, user, acknowledged);

            assertKeptUids(converged.b(), "Sent", sentOnA);
            assertKeptUids(converged.a(), "Drafts", draftsOnB);
        } finally {
            clients.shutdownNow();
        }
    }

    private static Map<Long, SampleMessage> appendAll(ImapSession session, Node node, String mailbox, TestUser user,
                                                      CountDownLatch go, AcknowledgedMail acknowledged) throws Exception {
        go.await();
        Map<Long, SampleMessage> byUid = new LinkedHashMap<>();
        for (int i = 1; i <= MESSAGES_PER_NODE; i++) {
            SampleMessage message = SampleMessage.create(mailbox + " " + i + " on " + node, "alice@example.org", user.address());
            long uid = session.append(mailbox, message.bytes(), new Flags(), Instant.parse("2025-01-0" + i + "T12:00:00Z"));
            acknowledged.storedAsIs("APPEND on " + node + " of " + message.messageId(), mailbox, message.sha256());
            byUid.put(uid, message);
        }
        return byUid;
    }

    /** The twin holds each message under the UID the appending node gave it. */
    private static void assertKeptUids(MailStore twin, String mailbox, Map<Long, SampleMessage> appended) {
        var state = twin.mailbox(mailbox).orElseThrow();
        appended.forEach((uid, message) -> assertThat(state.message(uid))
                .as(mailbox + " uid " + uid + " on " + twin.source())
                .hasValueSatisfying(m -> assertThat(m.sha256()).isEqualTo(message.sha256())));
    }
}

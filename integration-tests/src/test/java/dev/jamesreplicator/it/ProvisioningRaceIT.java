package dev.jamesreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;

/**
 * A user's first logins on both servers at once provision INBOX, Sent, ... on each, and clients
 * write into them straight away. Both servers derive the same UIDVALIDITY for what James
 * provisions, so there is one mailbox per name from the start: no client sees its INBOX's
 * UIDVALIDITY change, and nothing a server said OK to is lost. (Before, each server drew its own
 * and replication merged the two, replacing one side's INBOX under its client, who was told NO
 * and had to resync.)
 */
@ExtendWith(JamesPairExtension.class)
class ProvisioningRaceIT {
    private static final int MESSAGES_PER_NODE = 5;
    private static final int ATTEMPTS = 20;

    @Test
    void writesDuringTheFirstLoginsOnBothServersAreKept(JamesPair pair) throws Exception {
        TestUser user = pair.newUser("race");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            Future<Session> onA = clients.submit(() -> loginAndAppend(pair, Node.A, user, go, acknowledged));
            Future<Session> onB = clients.submit(() -> loginAndAppend(pair, Node.B, user, go, acknowledged));
            go.countDown();
            Session a = onA.get(2, TimeUnit.MINUTES);
            Session b = onB.get(2, TimeUnit.MINUTES);
            System.out.printf("%s: %d APPENDs told NO%n", user.address(), a.refusals() + b.refusals());

            Convergence.Converged converged = Convergence.await(pair, user, acknowledged);

            assertThat(converged.a().mailbox("INBOX").orElseThrow().messages()).hasSize(2 * MESSAGES_PER_NODE);
            long inbox = converged.a().mailbox("INBOX").orElseThrow().uidValidity();
            assertThat(List.of(a.firstUidValidity(), a.lastUidValidity(), b.firstUidValidity(), b.lastUidValidity()))
                .as("INBOX's UIDVALIDITY as each client saw it at login and after its APPENDs, then after the sync")
                .containsOnly(inbox);
        } finally {
            clients.shutdownNow();
        }
    }

    /** What one client saw: INBOX's UIDVALIDITY at login and at the end, and how many APPENDs it had to retry. */
    private record Session(long firstUidValidity, long lastUidValidity, int refusals) {
    }

    /** Logs in (provisioning the node's default mailboxes) and appends at once. */
    private static Session loginAndAppend(JamesPair pair, Node node, TestUser user, CountDownLatch go,
                                      AcknowledgedMail acknowledged) throws Exception {
        go.await();
        int refusals = 0;
        try (ImapSession session = pair.imap(node, user)) {
            long first = session.status("INBOX").uidValidity();
            for (int i = 1; i <= MESSAGES_PER_NODE; i++) {
                SampleMessage message = SampleMessage.create("INBOX " + i + " on " + node, "bob@example.org", user.address());
                for (int attempt = 1; ; attempt++) {
                    try {
                        session.append("INBOX", message.bytes(), new Flags(), Instant.parse("2025-02-0" + i + "T08:00:00Z"));
                        acknowledged.storedAsIs("APPEND on " + node + " of " + message.messageId(), "INBOX", message.sha256());
                        break;
                    } catch (MessagingException refused) {
                        refusals++;
                        if (attempt == ATTEMPTS) {
                            throw refused;
                        }
                        Thread.sleep(50L * attempt); // a client's retry back-off, not a wait for a condition

                    }
                }
            }
            return new Session(first, session.status("INBOX").uidValidity(), refusals);
        }
    }
}

package dev.jamesreplicator.it;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.CuttingProxy;
import dev.jamesreplicator.it.pair.Eventually;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.state.AcknowledgedMail;
import dev.jamesreplicator.tools.verify.MailboxState;
import dev.jamesreplicator.tools.verify.MessageState;
import jakarta.mail.Flags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions cut at random points against two real James servers: each node's link to the other
 * goes through a relay that resets connections after a random number of bytes (in the TLS
 * handshake, the state exchange, a 200 KB body, or the final agreement), while users write on
 * both servers. Once the link is whole again, both converge, with nothing lost and no duplicate.
 */
@ExtendWith(JamesPairExtension.class)
class CutSessionIT {
    private static final int ROUNDS = 6;
    private static final int BODY_BYTES = 200_000;

    @Test
    // Appends on a wait up to syncTimeout when its sessions are cut.
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void sessionsCutAtRandomPointsAreRetriedAndConvergeWithoutLossOrDuplicate(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("cuts");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        // b writes into a mailbox of its own: new mail on both sides of one mailbox is the UID-conflict case.
        try (ImapSession b = pair.imap(Node.B, user)) {
            b.create("FromB");
        }
        Convergence.await(pair, user, acknowledged);
        List<CuttingProxy> links = List.of(pair.linkFromA(), pair.linkFromB());
        long cutBefore = cut(links);

        // Every connection, kept ones included, is cut within two bodies' worth of bytes: in a
        // handshake, a state exchange or a body; sessions that fit in what is left run through.
        links.forEach(link -> link.cut(new CuttingProxy.Cuts(1.0, 50, 2 * BODY_BYTES)));
        try {
            try (ImapSession a = pair.imap(Node.A, user); ImapSession b = pair.imap(Node.B, user)) {
                for (int round = 1; round <= ROUNDS; round++) {
                    long onA = append(a, "INBOX", "cut a " + round, user, acknowledged);
                    append(b, "FromB", "cut b " + round, user, acknowledged);
                    a.setFlags("INBOX", onA, new Flags(Flags.Flag.FLAGGED), true);
                }
            }
            Eventually.until("the relays cut sessions mid-stream", Duration.ofSeconds(60),
                    () -> cut(links) - cutBefore >= 3 ? List.of() : List.of((cut(links) - cutBefore) + " cut so far"));
        } finally {
            links.forEach(CuttingProxy::stopCutting);
        }
        System.out.println("CutSessionIT: " + (cut(links) - cutBefore) + " sessions cut");

        // After repeated cuts a user may be sitting out a retry backoff of up to a minute.
        Convergence.Converged converged = Convergence.await(pair, user, acknowledged, Duration.ofSeconds(90));

        for (String mailbox : List.of("INBOX", "FromB")) {
            MailboxState state = converged.a().mailbox(mailbox).orElseThrow();
            assertThat(state.messages()).as("every message of %s once, no duplicate", mailbox).hasSize(ROUNDS);
            assertThat(state.messages().values().stream().map(MessageState::sha256).distinct().count()).isEqualTo(ROUNDS);
        }
        assertThat(converged.a().mailbox("INBOX").orElseThrow().messages().values().stream()
                .filter(message -> message.flags().contains("\\Flagged")).count())
                .as("every flag change made on a").isEqualTo(ROUNDS);
    }

    private static long cut(List<CuttingProxy> links) {
        return links.stream().mapToLong(CuttingProxy::cutConnections).sum();
    }

    private static long append(ImapSession session, String mailbox, String label, TestUser user,
                               AcknowledgedMail acknowledged) throws Exception {
        SampleMessage message = SampleMessage.create(label, "x@example.org", user.address(), BODY_BYTES);
        long uid = session.append(mailbox, message.bytes(), new Flags(), Instant.now());
        acknowledged.storedAsIs("APPEND of " + label, mailbox, message.sha256());
        return uid;
    }
}

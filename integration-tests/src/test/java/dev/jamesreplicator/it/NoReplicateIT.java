package dev.jamesreplicator.it;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.Eventually;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.replicator.ReplicatorCli;
import dev.jamesreplicator.it.state.AcknowledgedMail;
import jakarta.mail.Flags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * noReplicate on two real servers: a user left out on one node only is refused by it, the
 * other node says so, and the health check says the lists differ; left out on both, its mail
 * stays where it was written while another user's replicates; let go, it is synced in full.
 */
@ExtendWith(JamesPairExtension.class)
class NoReplicateIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aUserLeftOutIsNotReplicatedUntilLetGoAndThenConverges(JamesPair pair) throws Exception {
        ReplicatorCli cli = new ReplicatorCli(pair);
        TestUser left = pair.newSettledUser("noreplicate-left");
        TestUser kept = pair.newSettledUser("noreplicate-kept");

        try {
            leftOutThenLetGo(pair, cli, left, kept);
        } finally {
            // Whatever failed, the pair's other tests must not find the user left out (nor
            // the health check degraded by it).
            for (Node node : Node.values()) {
                cli.runAllowingFailure(node, "noreplicate", "remove", left.address());
            }
        }
    }

    private static void leftOutThenLetGo(JamesPair pair, ReplicatorCli cli, TestUser left, TestUser kept) throws Exception {
        // Left out on b only: a's sessions for the user are refused, which a shows, and the
        // health checks see the two lists differ.
        cli.run(Node.B, "noreplicate", "add", left.address());
        cli.run(Node.A, "replicate", left.address());
        Eventually.until("a shows " + left.address() + " refused by its twin", TIMEOUT, () -> {
            List<String> row = cli.userRow(Node.A, left.address());
            return row.size() > 1 && row.get(1).equals("noreplicate-twin") ? List.of() : List.of("row on a: " + row);
        });
        Eventually.until("a's health check says the lists differ", TIMEOUT, () -> {
            HttpResponse<String> health = cli.get(Node.A, "/healthcheck/checks/Replication");
            return health.body().contains("\"status\":\"degraded\"") && health.body().contains(left.address())
                    ? List.of() : List.of(health.statusCode() + " " + health.body());
        });

        // Left out on both: the left-out user's message, appended first, stays on a; the other
        // user's, appended after it, reaches b.
        cli.run(Node.A, "noreplicate", "add", left.address());
        SampleMessage leftMail = SampleMessage.create("left out", "alice@example.org", left.address());
        SampleMessage keptMail = SampleMessage.create("kept", "alice@example.org", kept.address());
        try (ImapSession a = pair.imap(Node.A, left)) {
            a.append("INBOX", leftMail.bytes(), new Flags(), Instant.now());
        }
        AcknowledgedMail keptAcknowledged = new AcknowledgedMail();
        try (ImapSession a = pair.imap(Node.A, kept)) {
            a.append("INBOX", keptMail.bytes(), new Flags(), Instant.now());
            keptAcknowledged.storedAsIs("APPEND on a of " + keptMail.messageId(), "INBOX", keptMail.sha256());
        }
        Convergence.await(pair, kept, keptAcknowledged);
        assertThat(pair.snapshot(Node.B, left).messageCount()).as("the left-out user's mail on b").isZero();
        assertThat(pair.snapshot(Node.A, left).messageCount()).as("the left-out user's mail on a").isEqualTo(1);
        Eventually.until("a's health check is healthy with equal lists", TIMEOUT, () -> {
            HttpResponse<String> health = cli.get(Node.A, "/healthcheck/checks/Replication");
            return health.statusCode() == 200 && health.body().contains("\"status\":\"healthy\"")
                    ? List.of() : List.of(health.statusCode() + " " + health.body());
        });

        // Let go on both: the user is owed a full sync, and its mail reaches b.
        cli.run(Node.B, "noreplicate", "remove", left.address());
        cli.run(Node.A, "noreplicate", "remove", left.address());
        AcknowledgedMail leftAcknowledged = new AcknowledgedMail();
        leftAcknowledged.storedAsIs("APPEND on a of " + leftMail.messageId() + " while left out", "INBOX", leftMail.sha256());
        Convergence.await(pair, left, leftAcknowledged);
        // Whichever node let go first was refused once more by the other: its twin's session since
        // ends that, and neither health check keeps a refusal that is over.
        for (Node node : Node.values()) {
            Eventually.until(node + "'s health check is healthy again", TIMEOUT, () -> {
                HttpResponse<String> health = cli.get(node, "/healthcheck/checks/Replication");
                return health.statusCode() == 200 && health.body().contains("\"status\":\"healthy\"")
                        ? List.of() : List.of(health.statusCode() + " " + health.body());
            });
        }
    }
}

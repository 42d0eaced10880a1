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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The twin goes away: new mail is answered at once (not after syncTimeout: the server left alone
 * must stay fast), and waits for the twin again once it is back; requests wait in "failed", the
 * health check degrades, the queue survives kill -9 of the node holding it, and when the twin
 * comes back everything drains with nobody's help. (The memory backend forgets mail on restart, so the mail that proves the drain is
 * written after the killed node's restart; what survives the kill is the queue's record.)
 */
@ExtendWith(JamesPairExtension.class)
class ReplicatorOutageIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    // Two node starts (17-25 s each when idle, minutes on a loaded machine) and two held APPENDs.
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void requestsWaitForAnAbsentTwinSurviveKillDashNineAndDrainWhenItReturns(JamesPair pair) throws Exception {
        ReplicatorCli cli = new ReplicatorCli(pair);
        TestUser user = pair.newUser("outage");
        // The first APPEND goes with a's memory at kill -9; what a takes after its restart must stay.
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        try {
            pair.stop(Node.B);
            long timeoutsBefore = cli.statusNumber(Node.A, "timeouts");
            long twinDownBefore = cli.statusNumber(Node.A, "twinDown");
            int appendsWhileDown = 4;
            try (ImapSession a = pair.imap(Node.A, user)) {
                for (int i = 1; i <= appendsWhileDown; i++) {
                    long started = System.nanoTime();
                    a.append("INBOX", SampleMessage.create("while b is down " + i, "x@example.org", user.address()).bytes(),
                            new Flags(), Instant.now());
                    Duration answeredAfter = Duration.ofNanos(System.nanoTime() - started);
                    System.out.println("ReplicatorOutageIT: APPEND " + i + " with b down answered after "
                            + answeredAfter.toMillis() + " ms");
                    // The first one's session finds b gone (connection refused) and lets it go; the rest do not wait at all.
                    assertThat(answeredAfter).as("APPEND %d with b down is answered without waiting out syncTimeout", i)
                            .isLessThan(pair.syncTimeout());
                }
            }
            assertThat(cli.statusNumber(Node.A, "timeouts")).as("none waited out the timeout").isEqualTo(timeoutsBefore);
            assertThat(cli.statusNumber(Node.A, "twinDown")).as("each answered because b is unreachable")
                    .isEqualTo(twinDownBefore + appendsWhileDown);

            Eventually.until("a's request for " + user.address() + " waits after failures", TIMEOUT, () -> {
                List<String> row = cli.userRow(Node.A, user.address());
                return row.size() == 7 && row.get(1).equals("high") && row.get(5).equals("y")
                        ? List.of() : List.of("row: " + row);
            });
            assertThat(cli.statusValue(Node.A, "Waiting 'failed' requests") + cli.statusValue(Node.A, "Queued 'failed' requests"))
                    .isPositive();
            Eventually.until("a's health check is degraded: twin unreachable", TIMEOUT, () -> {
                String body = health(cli, Node.A);
                return body.contains("\"status\":\"degraded\"") && body.contains("unreachable") ? List.of() : List.of(body);
            });

            pair.kill(Node.A);
            pair.start(Node.A);

            // The restored request is retried at once, and status shows a user's queued request, not
            // one that runs: while that retry runs, the row shows what was queued meanwhile (the
            // start-up listing's full sync, "full"); the retry fails (b is down) and gives the
            // request back. Lost across kill -9, the priority would read "full" for good.
            Eventually.until("a's request for " + user.address() + " is high again after kill -9, with the start-up full sync",
                    TIMEOUT, () -> {
                        List<String> row = cli.userRow(Node.A, user.address());
                        String json = cli.get(Node.A, "/replication/users?mask=" + user.address()).body();
                        return row.size() == 7 && row.get(1).equals("high") && row.get(5).equals("y")
                                && json.matches("(?s).*\"full\"\\s*:\\s*true.*")
                                ? List.of() : List.of("row: " + row, "json: " + json);
                    });

            SampleMessage afterKill = SampleMessage.create("after a's restart", "y@example.org", user.address());
            try (ImapSession a = pair.imap(Node.A, user)) {
                a.append("INBOX", afterKill.bytes(), new Flags(), Instant.now());
            }
            acknowledged.storedAsIs("APPEND on a after its restart", "INBOX", afterKill.sha256());

            pair.start(Node.B);

            Duration drained = Eventually.until("b holds the mail a took while b was down, a's queue drained", TIMEOUT, () -> {
                List<String> problems = new java.util.ArrayList<>();
                try (ImapSession b = pair.imap(Node.B, user)) {
                    int messages = b.status("INBOX").messages();
                    if (messages < 1) {
                        problems.add("b's INBOX holds " + messages + " messages");
                    }
                }
                List<String> row = cli.userRow(Node.A, user.address());
                if (row.size() != 7 || !row.get(1).equals("none") || !row.get(5).equals("-")) {
                    problems.add("a's row: " + row);
                }
                return problems;
            });
            System.out.println("ReplicatorOutageIT: drained " + drained.toMillis() + " ms after b's start returned");
            // Not the node-wide "Waiting 'failed'" count: other tests' users (re-created on b only after
            // its start) may still be waiting out a backoff; this user's row above shows no failure.
            Eventually.until("a's health check is healthy again", TIMEOUT, () -> {
                String body = health(cli, Node.A);
                return body.contains("\"status\":\"healthy\"") ? List.of() : List.of(body);
            });
            Convergence.await(pair, user, acknowledged);

            // b is back and a's sessions succeed: new mail waits for the twin again, so b has it at the OK.
            long waitsBefore = cli.statusNumber(Node.A, "waits");
            long twinDownAfterReturn = cli.statusNumber(Node.A, "twinDown");
            long timeoutsAfterReturn = cli.statusNumber(Node.A, "timeouts");
            SampleMessage afterReturn = SampleMessage.create("after b's return", "z@example.org", user.address());
            int onB;
            try (ImapSession b = pair.imap(Node.B, user)) {
                onB = b.status("INBOX").messages();
            }
            try (ImapSession a = pair.imap(Node.A, user)) {
                a.append("INBOX", afterReturn.bytes(), new Flags(), Instant.now());
            }
            acknowledged.storedAsIs("APPEND on a after b's return", "INBOX", afterReturn.sha256());
            try (ImapSession b = pair.imap(Node.B, user)) {
                assertThat(b.status("INBOX").messages()).as("b holds the message when a answers OK, with no waiting")
                        .isEqualTo(onB + 1);
            }
            assertThat(cli.statusNumber(Node.A, "waits")).as("the APPEND waited for b").isEqualTo(waitsBefore + 1);
            assertThat(cli.statusNumber(Node.A, "twinDown")).isEqualTo(twinDownAfterReturn);
            assertThat(cli.statusNumber(Node.A, "timeouts")).isEqualTo(timeoutsAfterReturn);
            Convergence.await(pair, user, acknowledged);
        } finally {
            pair.start(Node.A);
            pair.start(Node.B);
        }
    }

    private static String health(ReplicatorCli cli, Node node) throws Exception {
        HttpResponse<String> response = cli.get(node, "/healthcheck/checks/Replication");
        return response.statusCode() + " " + response.body();
    }
}

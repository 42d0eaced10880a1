package dev.jamesreplicator.it;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.it.pair.Eventually;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.replicator.ReplicatorCli;
import jakarta.mail.Flags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** bin/replicator, the /replication WebAdmin routes and the health check on a running pair. */
@ExtendWith(JamesPairExtension.class)
class ReplicatorStatusIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void statusPrintsDoveadmsSevenLines(JamesPair pair) {
        ReplicatorCli cli = new ReplicatorCli(pair);

        String status = cli.run(Node.A, "status");

        assertThat(status.lines().toList()).hasSize(7);
        assertThat(status).matches("(?s)"
                + "Queued 'sync' requests        \\d+\n"
                + "Queued 'high' requests        \\d+\n"
                + "Queued 'low' requests         \\d+\n"
                + "Queued 'failed' requests      \\d+\n"
                + "Queued 'full resync' requests \\d+\n"
                + "Waiting 'failed' requests     \\d+\n"
                + "Total number of known users   \\d+\n");
    }

    /**
     * Where curl is not installed (a fresh Debian with only Java and Maven) the CLI makes its
     * requests with the JDK (bin/lib/WebAdminRequest.java): the same text, the same exit codes,
     * a mask that needs URL-encoding received as typed.
     */
    @Test
    void withoutCurlTheCliAnswersTheSameThroughTheJdk(JamesPair pair, @TempDir Path directory) throws Exception {
        ReplicatorCli withCurl = new ReplicatorCli(pair);
        ReplicatorCli withoutCurl = ReplicatorCli.withoutCurl(pair, directory.resolve("bin"));
        assertThat(directory.resolve("bin/curl")).doesNotExist();
        String mask = "a+b&c%d@ex\u00e4mple-" + UUID.randomUUID() + ".test";

        assertThat(withoutCurl.run(Node.A, "status").lines().toList()).hasSize(7)
            .first().asString().startsWith("Queued 'sync' requests");
        withoutCurl.run(Node.A, "noreplicate", "add", mask);
        assertThat(withCurl.run(Node.A, "--json", "noreplicate")).contains("\"mask\":\"" + mask + "\"");
        assertThat(withoutCurl.run(Node.A, "noreplicate")).contains(mask);
        withoutCurl.run(Node.A, "noreplicate", "remove", mask);
        assertThat(withCurl.run(Node.A, "noreplicate")).doesNotContain(mask);

        ReplicatorCli.Result unknown = withoutCurl.runAllowingFailure(Node.A, "remove", "nobody-at-all@example.test");
        assertThat(unknown.exitCode()).as(unknown.output()).isEqualTo(64);
        assertThat(unknown.output()).contains("Error: Replicator failed: User not found");
    }

    @Test
    void aUserSyncedAfterNewMailShowsInPerUserStatusAndCanBeReplicatedInFull(JamesPair pair) throws Exception {
        ReplicatorCli cli = new ReplicatorCli(pair);
        TestUser user = pair.newUser("status");
        try (ImapSession a = pair.imap(Node.A, user)) {
            SampleMessage message = SampleMessage.create("status", "alice@example.org", user.address());
            a.append("INBOX", message.bytes(), new Flags(), Instant.now());
        }

        Eventually.until("a shows " + user.address() + " synced, nothing pending", TIMEOUT, () -> {
            List<String> row = cli.userRow(Node.A, user.address());
            return row.size() == 7 && row.get(1).equals("none") && row.get(4).matches("\\d\\d:\\d\\d:\\d\\d")
                    && row.get(5).equals("-") ? List.of() : List.of("row: " + row);
        });
        String table = cli.run(Node.A, "status", "it-status-*");
        assertThat(table.lines().findFirst().orElseThrow())
                .matches("username +priority fast sync full sync success sync failed next sync secs");

        // Without -p, as doveadm's: low, full comparison or not.
        String replicated = cli.run(Node.A, "replicate", "-f", user.address());
        assertThat(replicated).isEqualTo("1 users updated\n");
        Eventually.until("the full sync of " + user.address() + " ran", TIMEOUT, () -> {
            List<String> row = cli.userRow(Node.A, user.address());
            return row.size() == 7 && row.get(1).equals("none") && row.get(3).matches("\\d\\d:\\d\\d:\\d\\d")
                    && row.get(6).matches("\\d\\d:\\d\\d:\\d\\d") && !row.get(6).equals("00:00:00")
                    ? List.of() : List.of("row: " + row);
        });
    }

    @Test
    void replicateRejectsABadPriorityAndAnUnknownUser(JamesPair pair) {
        ReplicatorCli cli = new ReplicatorCli(pair);

        ReplicatorCli.Result badPriority = cli.runAllowingFailure(Node.A, "replicate", "-p", "urgent", "x@example.test");
        assertThat(badPriority.exitCode()).isEqualTo(2);
        assertThat(badPriority.output()).contains("-p must be low or high");

        ReplicatorCli.Result unknown = cli.runAllowingFailure(Node.A, "replicate", "nobody-at-all@example.test");
        assertThat(unknown.exitCode()).as("doveadm's EX_USAGE").isEqualTo(64);
        assertThat(unknown.output()).startsWith("Error: Replicator failed: ")
                .contains("no user 'nobody-at-all@example.test'");
    }

    @Test
    void addAndRemoveChangeTheKnownUsers(JamesPair pair) throws Exception {
        ReplicatorCli cli = new ReplicatorCli(pair);
        TestUser user = pair.newUser("addremove");

        assertThat(cli.run(Node.B, "add", user.address())).as("doveadm's add prints nothing").isEmpty();
        assertThat(cli.userRow(Node.B, user.address())).isNotEmpty();
        int known = cli.statusValue(Node.B, "Total number of known users");

        cli.run(Node.B, "remove", user.address());

        assertThat(cli.userRow(Node.B, user.address())).isEmpty();
        assertThat(cli.statusValue(Node.B, "Total number of known users")).isEqualTo(known - 1);
        ReplicatorCli.Result again = cli.runAllowingFailure(Node.B, "remove", user.address());
        assertThat(again.exitCode()).as("doveadm's EX_USAGE").isEqualTo(64);
        assertThat(again.output()).isEqualTo("Error: Replicator failed: User not found\n");
    }

    @Test
    void dsyncStatusShowsOneLinePerWorker(JamesPair pair) {
        List<String> lines = new ReplicatorCli(pair).run(Node.A, "dsync-status").lines().toList();

        assertThat(lines.get(0)).matches("username +type status");
        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(lines.subList(1, lines.size())).allMatch(line -> line.matches(" +- +Idle")
                || line.matches("\\S+ +(full|incremental) Waiting for dsync to finish"), "doveadm's states");
    }

    @Test
    void webAdminAnswersJsonAndTheHealthCheckIsHealthy(JamesPair pair) throws Exception {
        ReplicatorCli cli = new ReplicatorCli(pair);

        HttpResponse<String> status = cli.get(Node.A, "/replication/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"node\":\"a\"").contains("\"queued\":{").contains("\"knownUsers\":");
        assertThat(cli.get(Node.A, "/replication/users?mask=*").body()).startsWith("[");
        assertThat(cli.get(Node.A, "/replication/sessions").body()).startsWith("[");

        Eventually.until("a's health check Replication is healthy", TIMEOUT, () -> {
            HttpResponse<String> health = cli.get(Node.A, "/healthcheck/checks/Replication");
            return health.statusCode() == 200 && health.body().contains("\"status\":\"healthy\"")
                    ? List.of() : List.of(health.statusCode() + " " + health.body());
        });
    }

    @Test
    void jamesPairStatusShowsBothReplicators(JamesPair pair) {
        String status = pair.status();

        assertThat(status).contains("node a replicator status:").contains("node b replicator status:");
        assertThat(status.split("Queued 'sync' requests", -1)).hasSize(3);
    }
}

package dev.jamesreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.conflict.ReplicationLinkSwitch;
import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.Eventually;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.NodePorts;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.port.PairSecrets;
import dev.jamesreplicator.it.port.PortClient;
import dev.jamesreplicator.it.replicator.ReplicatorCli;
import dev.jamesreplicator.it.state.AcknowledgedMail;
import dev.jamesreplicator.tools.verify.ContentHash;
import jakarta.mail.Flags;

/**
 * Issue 3, "incremental by default": after one change in a large mailbox, a session exchanges
 * data for that change, not for the mailbox; a full session compares everything, cheaply when
 * nothing differs. Measured with the counters the replicator shows in WebAdmin.
 */
@ExtendWith(JamesPairExtension.class)
class IncrementalSyncIT {
    private static final int MESSAGES = Integer.getInteger("it.incremental.messages", 2000);
    private static final int MESSAGE_BYTES = 4096;
    private static final Instant DATE = Instant.parse("2025-05-01T08:00:00Z");
    private static final Duration SETTLE = Duration.ofSeconds(90);
    /** One session copies the whole mailbox: James's APPEND slows as the mailbox grows. */
    private static final Duration FILL = Duration.ofMinutes(4);

    private final PairSecrets secrets = PairSecrets.fromSystemProperties();

    @Test
    // FILL alone is 4 min, the default test timeout: the test's own waits must be able to report first.
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void oneFlagChangedInALargeMailboxExchangesThatMessageAndAFullSessionOnlyDigests(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("incremental");
        ReplicatorCli cli = new ReplicatorCli(pair);
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        List<Long> uids = new ArrayList<>();
        // The fast path: with the link paused, the APPENDs cost James's time only, and one session
        // then copies them all (instead of one session per APPEND, each reading the whole mailbox).
        try (ReplicationLinkSwitch paused = ReplicationLinkSwitch.cut(pair); ImapSession a = pair.imap(Node.A, user)) {
            for (int i = 0; i < MESSAGES; i++) {
                byte[] message = message(user, i);
                uids.add(a.append("INBOX", message, new Flags(), DATE));
                acknowledged.storedAsIs("APPEND " + i, "INBOX", ContentHash.of(message));
            }
        }
        // Idle first: snapshots read every body on both nodes, which would slow the copy they wait for.
        awaitIdle(cli, user, FILL);
        Convergence.await(pair, user, acknowledged, SETTLE);
        long wholeState = wholeStateBytesOfB(pair, user);

        // The first change SELECTs INBOX on a, which clears \Recent on every message (without the
        // agent, James gives each a new MODSEQ, a change of every message). The second is measured.
        Totals start = Totals.of(cli, Node.A);
        change(pair, cli, user, uids.get(10));
        Totals before = Totals.of(cli, Node.A);
        Totals recentReset = before.minus(start);
        String lastSessionOfFirstChange = lastSessionJson(cli, Node.A, user);
        Instant changed = Instant.now();
        change(pair, cli, user, uids.get(MESSAGES / 2));
        Totals incremental = Totals.of(cli, Node.A).minus(before);
        String incrementalSession = lastSession(cli, Node.A, user, changed);

        Instant requested = Instant.now();
        cli.run(Node.A, "replicate", "-f", user.address());
        awaitSessionAfter(cli, user, requested, "full");
        String fullSession = lastSession(cli, Node.A, user, requested);

        System.out.printf("%s, %d messages of %d bytes in INBOX:%n  whole STATE of b (as every session read it before): %d bytes%n"
                + "  sessions after the first flag change (and a's \\Recent reset): %s, last: %s%n"
                + "  sessions after one flag change: %s%n  last of them: %s%n  full session: %s%n",
            user.address(), MESSAGES, MESSAGE_BYTES, wholeState, recentReset, lastSessionOfFirstChange,
            incremental, incrementalSession, fullSession);
        assertThat(incremental.sessions()).as("sessions after the change").isBetween(1L, 3L);
        assertThat(incremental.stateEntriesReceived()).as("message entries of b's state received").isLessThanOrEqualTo(3);
        assertThat(incremental.wireBytesReceived() + incremental.wireBytesSent())
            .as("bytes both ways against b's whole state of " + wholeState).isLessThan(wholeState / 20);
        // The one entry a full session that finds nothing different receives: the message the
        // session before flagged on b (its new MODSEQ there is learnt now).
        assertThat(ReplicatorCli.number(fullSession, "stateEntriesReceived")).as("a full session that finds nothing different")
            .isLessThanOrEqualTo(1);
        assertThat(ReplicatorCli.number(fullSession, "mailboxesResent")).as("every digest matched the incremental bookkeeping").isZero();
        assertThat(ReplicatorCli.number(fullSession, "wireBytesReceived")).isLessThan(wholeState / 20);

        Convergence.Converged converged = Convergence.await(pair, user, acknowledged, SETTLE);
        assertThat(converged.b().mailbox("INBOX").orElseThrow().message(uids.get(MESSAGES / 2)).orElseThrow().flags())
            .contains("\\Flagged");
        assertThat(converged.b().mailbox("INBOX").orElseThrow().messages()).hasSize(MESSAGES);
    }

    /** A unique message of about {@link #MESSAGE_BYTES} bytes, CRLF line ends. */
    private static byte[] message(TestUser user, int index) {
        StringBuilder text = new StringBuilder()
            .append("From: carol@example.org\r\nTo: ").append(user.address()).append("\r\n")
            .append("Subject: bulk ").append(index).append("\r\n")
            .append("Message-ID: <").append(UUID.randomUUID()).append("@it.james-replicator.test>\r\n")
            .append("Date: Thu, 1 May 2025 08:00:00 +0000\r\n\r\n");
        while (text.length() < MESSAGE_BYTES - 80) {
            text.append("Line ").append(text.length()).append(" of a message that fills a large mailbox.\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Flags one message on a, then waits until a's replicator has synced the user since. */
    private static void change(JamesPair pair, ReplicatorCli cli, TestUser user, long uid) throws Exception {
        Instant changed = Instant.now();
        try (ImapSession a = pair.imap(Node.A, user)) {
            a.setFlags("INBOX", uid, new Flags(Flags.Flag.FLAGGED), true);
        }
        awaitSessionAfter(cli, user, changed, "incremental");
        Eventually.until("UID " + uid + " flagged on b", SETTLE, () -> {
            try (ImapSession b = pair.imap(Node.B, user)) {
                return b.flags("INBOX", uid).contains(Flags.Flag.FLAGGED) ? List.of() : List.of("not flagged yet");
            }
        });
        awaitIdle(cli, user, SETTLE);
    }

    private static void awaitSessionAfter(ReplicatorCli cli, TestUser user, Instant after, String type) {
        Eventually.until("a " + type + " session of " + user.address() + " on a after " + after, SETTLE, () -> {
            String session = lastSessionJson(cli, Node.A, user);
            return session != null && Instant.parse(text(session, "finishedAt")).isAfter(after)
                && text(session, "type").equals(type) ? List.of() : List.of("last session: " + session);
        });
    }

    /** Neither node has anything owed or running for the user. */
    private static void awaitIdle(ReplicatorCli cli, TestUser user, Duration timeout) {
        Eventually.until(user.address() + " idle on both nodes", timeout, () -> {
            List<String> busy = new ArrayList<>();
            for (Node node : Node.values()) {
                String status = cli.get(node, "/replication/users?mask=" + user.address()).body();
                if (!status.contains("\"priority\":\"none\"") || !status.contains("\"syncing\":false")) {
                    busy.add(node + ": " + status);
                }
            }
            return busy;
        });
    }

    private static String lastSession(ReplicatorCli cli, Node node, TestUser user, Instant after) {
        String session = lastSessionJson(cli, node, user);
        assertThat(session).as("a session after " + after).isNotNull();
        return session;
    }

    private static String lastSessionJson(ReplicatorCli cli, Node node, TestUser user) {
        try {
            String body = cli.get(node, "/replication/users?mask=" + user.address()).body();
            Matcher matcher = Pattern.compile("\"lastSession\":(\\{[^}]*\\})").matcher(body);
            return matcher.find() ? matcher.group(1) : null;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * What b sent to every session before incremental sessions: its whole state of the user,
     * asked for as an older node asks (STATE without a request), over an authenticated
     * connection playing node a.
     */
    private long wholeStateBytesOfB(JamesPair pair, TestUser user) throws Exception {
        NodePorts b = pair.ports(Node.B);
        try (PortClient client = PortClient.tls(b.host(), b.replication(), secrets.keystore("a"), secrets.keystorePassword())) {
            String nonce = PortClient.newNonce();
            client.sendFrame(PortClient.HELLO, PortClient.hello(PortClient.PROTOCOL_VERSION, "a", nonce));
            PortClient.Received hello = client.receive();
            client.sendFrame(PortClient.PROOF, client.proof(secrets.password(), "a", nonce, hello));
            assertThat(client.receive().type()).isEqualTo(PortClient.PROOF);
            client.sendFrame(PortClient.CALL, "{\"op\":\"OPEN\",\"user\":\"" + user.address() + "\"}");
            assertThat(client.receive().payload()).contains("\"node\":\"b\"");
            client.sendFrame(PortClient.CALL, "{\"op\":\"STATE\"}");
            PortClient.Received state = client.receive();
            assertThat(state.payload()).contains("\"state\":{");
            return state.payload().getBytes(StandardCharsets.UTF_8).length + 5;
        }
    }

    private static String text(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    /** A node's totals since start ({@code sinceStart} in GET /replication/status). */
    private record Totals(long sessions, long wireBytesSent, long wireBytesReceived, long stateEntriesReceived) {
        static Totals of(ReplicatorCli cli, Node node) throws IOException, InterruptedException {
            HttpResponse<String> status = cli.get(node, "/replication/status");
            String body = status.body();
            return new Totals(ReplicatorCli.number(body, "incrementalSessions") + ReplicatorCli.number(body, "fullSessions"),
                ReplicatorCli.number(body, "wireBytesSent"), ReplicatorCli.number(body, "wireBytesReceived"),
                ReplicatorCli.number(body, "stateEntriesReceived"));
        }

        Totals minus(Totals earlier) {
            return new Totals(sessions - earlier.sessions, wireBytesSent - earlier.wireBytesSent,
                wireBytesReceived - earlier.wireBytesReceived, stateEntriesReceived - earlier.stateEntriesReceived);
        }
    }
}

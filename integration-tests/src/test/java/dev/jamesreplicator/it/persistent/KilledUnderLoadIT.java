package dev.jamesreplicator.it.persistent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.it.conflict.ReplicationLinkSwitch;
import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.Eventually;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.state.AcknowledgedMail;
import dev.jamesreplicator.it.state.MessageCopies;
import dev.jamesreplicator.tools.verify.MailStore;
import dev.jamesreplicator.tools.verify.MailboxState;
import jakarta.mail.Flags;

/**
 * On the persistent backend, clients keep appending to both nodes while each node in turn is
 * killed with SIGKILL and started again. The restarted node shows, before any sync (its twin's
 * link is paused through WebAdmin until it has been looked at), every message it said OK for;
 * once the link is back, every message a client was told OK for is on both servers exactly once,
 * and no message whose APPEND failed is there twice.
 */
@ExtendWith(JamesPairExtension.class)
class KilledUnderLoadIT {
    /** The load of each phase, in appends each writer that can reach its node gets OK for (a count, not a time: a loaded machine appends slower). */
    private static final int APPENDS_PER_PHASE = 20;
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(2);
    /** Between two appends of one client: a steady load, not a flood (1,442 appends took the convergence past 4 minutes). */
    private static final long PACE_MILLIS = 100;

    @Test
    // Two restarts of a jpa node and the convergence of a few hundred messages: about 5 minutes on
    // a quiet machine, 11 and more at a load of 20 (a node start alone took over 100 s then).
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void everyAcknowledgedAppendEndsOnBothServersExactlyOnceWhenEachNodeIsKilledInTurn(JamesPair pair) throws Exception {
        Assumptions.assumeTrue(pair.persistent(), "a node of the memory backend comes back empty: RecoveryIT covers it");
        TestUser user = pair.newSettledUser("killed-under-load");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        Writer onA = new Writer(pair, Node.A, user, acknowledged);
        Writer onB = new Writer(pair, Node.B, user, acknowledged);
        try {
            Future<?> writingA = clients.submit(onA);
            Future<?> writingB = clients.submit(onB);
            for (Node victim : List.of(Node.B, Node.A)) {
                Node survivor = victim == Node.A ? Node.B : Node.A;
                Writer victimWriter = victim == Node.A ? onA : onB;
                awaitAppends("before the kill of " + victim, onA, onB);

                MailboxState inboxBefore = pair.snapshot(victim, user).mailbox("INBOX").orElseThrow();
                pair.kill(victim);
                List<SampleMessage> okOnVictim = victimWriter.acknowledged();
                awaitAppends("while " + victim + " is down", victim == Node.A ? onB : onA);

                try (ReplicationLinkSwitch paused = ReplicationLinkSwitch.pauseOn(pair, survivor)) {
                    pair.start(victim);
                    // Before any sync: what the node said OK for is there, in the mailbox it had.
                    MailStore restarted = pair.snapshot(victim, user);
                    MailboxState inbox = restarted.mailbox("INBOX").orElseThrow();
                    assertThat(inbox.uidValidity()).isEqualTo(inboxBefore.uidValidity());
                    assertThat(inbox.messages().size()).isGreaterThanOrEqualTo(inboxBefore.messages().size());
                    List<String> missing = new ArrayList<>();
                    for (SampleMessage message : okOnVictim) {
                        if (inbox.withSha256(message.sha256()).isEmpty()) {
                            missing.add(message.subject());
                        }
                    }
                    assertThat(missing).as("messages %s said OK for and lacks after its restart, before any sync", victim)
                        .isEmpty();
                }
                awaitAppends("after the restart of " + victim, onA, onB);
            }
            onA.stop();
            onB.stop();
            writingA.get(2, TimeUnit.MINUTES);
            writingB.get(2, TimeUnit.MINUTES);
        } finally {
            onA.stop();
            onB.stop();
            clients.shutdownNow();
        }

        Convergence.Converged converged = Convergence.await(pair, user, acknowledged, Duration.ofMinutes(3));
        List<SampleMessage> ok = new ArrayList<>(onA.acknowledged());
        ok.addAll(onB.acknowledged());
        assertThat(ok.size()).as("appends acknowledged").isGreaterThan(10);
        assertThat(MessageCopies.count(ok, converged.a(), converged.b()).notExactlyOnceIn("INBOX")).isEmpty();
        List<SampleMessage> failed = new ArrayList<>(onA.failed());
        failed.addAll(onB.failed());
        MessageCopies unacknowledged = MessageCopies.count(failed, converged.a(), converged.b());
        assertThat(unacknowledged.doubled()).as("appends that failed, twice on a server: %s", unacknowledged.summary())
            .isZero();
        System.out.printf("KilledUnderLoadIT: %d appends acknowledged (%d on a, %d on b), %d failed (%s)%n", ok.size(),
            onA.acknowledged().size(), onB.acknowledged().size(), failed.size(), unacknowledged.summary());
    }

    /** Until each writer has {@link #APPENDS_PER_PHASE} more appends acknowledged than now. */
    private static void awaitAppends(String phase, Writer... writers) {
        Map<Writer, Integer> before = new HashMap<>();
        for (Writer writer : writers) {
            before.put(writer, writer.acknowledged().size());
        }
        Eventually.until(APPENDS_PER_PHASE + " appends each " + phase, PHASE_TIMEOUT, () -> before.entrySet().stream()
            .filter(entry -> entry.getKey().acknowledged().size() < entry.getValue() + APPENDS_PER_PHASE)
            .map(entry -> entry.getKey().node + " has " + (entry.getKey().acknowledged().size() - entry.getValue()))
            .collect(Collectors.toList()));
    }

    /** One client appending to its node's INBOX until stopped, logging in again whenever its connection fails. */
    private static final class Writer implements Runnable {
        private final JamesPair pair;
        private final Node node;
        private final TestUser user;
        private final AcknowledgedMail acknowledgedMail;
        private final List<SampleMessage> acknowledged = Collections.synchronizedList(new ArrayList<>());
        private final List<SampleMessage> failed = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean stopped;

        Writer(JamesPair pair, Node node, TestUser user, AcknowledgedMail acknowledgedMail) {
            this.pair = pair;
            this.node = node;
            this.user = user;
            this.acknowledgedMail = acknowledgedMail;
        }

        void stop() {
            stopped = true;
        }

        List<SampleMessage> acknowledged() {
            synchronized (acknowledged) {
                return List.copyOf(acknowledged);
            }
        }

        List<SampleMessage> failed() {
            synchronized (failed) {
                return List.copyOf(failed);
            }
        }

        @Override
        public void run() {
            ImapSession session = null;
            int sequence = 0;
            while (!stopped) {
                SampleMessage message = null;
                try {
                    if (session == null) {
                        session = pair.imap(node, user);
                    }
                    message = SampleMessage.create("load " + node.launcherName() + " " + sequence++, "grace@example.org",
                        user.address());
                    session.append("INBOX", message.bytes(), new Flags(), Instant.now());
                    acknowledged.add(message);
                    acknowledgedMail.storedAsIs("APPEND " + message.subject(), "INBOX", message.sha256());
                    pause(PACE_MILLIS);
                } catch (Exception e) {
                    // The node is down or going: the message may or may not be stored, at most once.
                    if (message != null) {
                        failed.add(message);
                    }
                    closeQuietly(session);
                    session = null;
                    pause(300);
                }
            }
            closeQuietly(session);
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void closeQuietly(ImapSession session) {
            if (session != null) {
                try {
                    session.close();
                } catch (Exception ignored) {
                    // a connection to a killed node
                }
            }
        }
    }
}

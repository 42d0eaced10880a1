package dev.jamesreplicator.it;

import dev.jamesreplicator.it.client.AcknowledgedAppend;
import dev.jamesreplicator.it.client.AcknowledgedAppend.AppendedMessage;
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
import dev.jamesreplicator.tools.verify.PairComparison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, scenario 1 (and /work/shared/MOVE-LOSS.md): a client on a MOVEs a message that
 * arrived on b out of INBOX and straight back. a then holds it under a new UID while b still
 * holds it under the old one; when b's next APPEND takes the new UID before a sync runs, the
 * planner expunged both copies. Each test ends with every message once, in INBOX, on both.
 *
 * <p>Each test prints one {@code MOVE-OUT-AND-BACK} line with its counts, which
 * {@code bin/move-race} adds up over many fresh pairs.
 */
@ExtendWith(JamesPairExtension.class)
class MoveOutAndBackIT {
    private static final String INBOX = "INBOX";
    private static final String FOLDER = "Moved";
    private static final int MESSAGES = 15;
    private static final Instant DATE = Instant.parse("2025-06-02T08:30:00Z");

    /** The deterministic reproduction: the link is paused from a's moves until after b's next APPEND. */
    @Test
    void aMessageMovedOutAndBackWhileTheLinkIsPausedSurvivesTheTwinsNextAppend(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("move-paused");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        List<SampleMessage> appended = new ArrayList<>();
        try (ImapSession a = pair.imap(Node.A, user); ImapSession b = pair.imap(Node.B, user)) {
            try {
                AppendedMessage h0 = append(b, "H0", user, acknowledged, appended);
                awaitAtUid(a, h0);
                try (ReplicationLinkSwitch paused = ReplicationLinkSwitch.cut(pair)) {
                    a.create(FOLDER);
                    long inFolder = a.move(INBOX, h0.uid(), FOLDER).orElseThrow(() -> new AssertionError("a moved nothing out"));
                    a.move(FOLDER, inFolder, INBOX).orElseThrow(() -> new AssertionError("a moved nothing back"));
                    // b's UIDNEXT is now at or below the UID a's move back gave H0.
                    append(b, "H1", user, acknowledged, appended);
                }
                assertEachOnceInInboxOnBoth(pair, user, acknowledged, appended);
            } finally {
                report("paused", pair, user, appended);
            }
        }
    }

    /** Scenario 1 as reported: no fault, only a client on a that moves each new message out and back at once. */
    @Test
    void fifteenMessagesMovedOutAndBackAsSoonAsTheyArriveAreAllKept(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("move-race");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        List<SampleMessage> appended = new ArrayList<>();
        try (ImapSession a = pair.imap(Node.A, user); ImapSession b = pair.imap(Node.B, user)) {
            try {
                a.create(FOLDER);
                for (int k = 0; k < MESSAGES; k++) {
                    AppendedMessage message = append(b, "move-race " + k, user, acknowledged, appended);
                    moveOutAndBackOnceSeen(a, message.message());
                }
                assertEachOnceInInboxOnBoth(pair, user, acknowledged, appended);
            } finally {
                report("fifteen", pair, user, appended);
            }
        }
    }

    private static AppendedMessage append(ImapSession session, String label, TestUser user, AcknowledgedMail acknowledged,
                                          List<SampleMessage> appended) throws Exception {
        AppendedMessage message = AcknowledgedAppend.append(session, INBOX, label, "erin@example.org", user.address(), DATE,
                acknowledged);
        appended.add(message.message());
        return message;
    }

    /** Until a holds b's message under b's UID: the link has synced it. */
    private static void awaitAtUid(ImapSession a, AppendedMessage message) {
        Eventually.until("a holds " + message.message().subject() + " at UID " + message.uid(), Convergence.timeout(), () -> {
            List<Long> uids = a.uidsOf(INBOX, message.message().messageId());
            return uids.equals(List.of(message.uid())) ? List.of() : List.of("a's INBOX has it at " + uids);
        });
    }

    /**
     * What the client on a does: as soon as it sees the message in INBOX, UID MOVE it to the
     * folder and at once back. Replication may renumber it between the look and the move; the
     * client then looks again.
     */
    private static void moveOutAndBackOnceSeen(ImapSession a, SampleMessage message) throws Exception {
        AtomicLong inFolder = new AtomicLong();
        Eventually.until("a sees " + message.subject() + " and moves it to " + FOLDER, Convergence.timeout(), () -> {
            List<Long> uids = a.uidsOf(INBOX, message.messageId());
            if (uids.isEmpty()) {
                return List.of("not in a's INBOX");
            }
            OptionalLong moved = a.move(INBOX, uids.get(0), FOLDER);
            if (moved.isEmpty()) {
                return List.of("UID " + uids.get(0) + " was gone when a moved it");
            }
            inFolder.set(moved.getAsLong());
            return List.of();
        });
        // Nothing moved back means replication took the message from the folder: the final check counts it.
        a.move(FOLDER, inFolder.get(), INBOX);
    }

    private static void assertEachOnceInInboxOnBoth(JamesPair pair, TestUser user, AcknowledgedMail acknowledged,
                                                    List<SampleMessage> messages) {
        Convergence.Converged converged = Convergence.await(pair, user, acknowledged);
        assertThat(MessageCopies.count(messages, converged.a(), converged.b()).notExactlyOnceIn(INBOX)).isEmpty();
        for (MailStore store : List.of(converged.a(), converged.b())) {
            assertThat(store.mailbox(FOLDER)).as("\"%s\" on %s", FOLDER, store.source())
                    .hasValueSatisfying(folder -> assertThat(folder.messages()).isEmpty());
        }
    }

    /** One line, passed or failed, for bin/move-race: the counts as the servers stand now. */
    private static void report(String scenario, JamesPair pair, TestUser user, List<SampleMessage> messages) {
        try {
            MailStore a = pair.snapshot(Node.A, user);
            MailStore b = pair.snapshot(Node.B, user);
            boolean equal = PairComparison.everything().compare(a, b).isEmpty();
            System.out.printf("MOVE-OUT-AND-BACK %s: %s, servers %s%n", scenario,
                    MessageCopies.count(messages, a, b).summary(), equal ? "equal" : "differ");
        } catch (Exception e) {
            // Never hide the test's own failure behind the report's.
            System.out.printf("MOVE-OUT-AND-BACK %s: not counted (%s)%n", scenario, e);
        }
    }
}

package dev.jamesreplicator.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.google.common.collect.ImmutableList;

import dev.jamesreplicator.model.MailboxState;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.UserState;

class SyncPlannerTest {
    private final SyncPlanner planner = new SyncPlanner();

    private static MessageState message(long uid) {
        return new MessageState(uid, uid + 10, ImmutableList.of("\\Seen"), 1_700_000_000_000L + uid, 100 + uid, "hash" + uid);
    }

    private static MailboxState mailbox(String name, long uidValidity, long uidNext, MessageState... messages) {
        return new MailboxState(name, uidValidity, uidNext, 0, Arrays.asList(messages));
    }

    private static UserState user(MailboxState... mailboxes) {
        return new UserState(Arrays.asList(mailboxes));
    }

    private static List<String> describe(SyncPlan plan) {
        return plan.operations().stream().map(Object::toString).collect(Collectors.toList());
    }

    @Test
    void identicalStatesNeedNothing() {
        UserState state = user(mailbox("INBOX", 7, 3, message(1), message(2)));

        assertThat(planner.plan(state, state).isEmpty()).isTrue();
    }

    @Test
    void aMailboxOnlyOneSideHasIsCreatedWithItsUidValidityAndFilled() {
        UserState local = user(mailbox("INBOX", 7, 3, message(1), message(2)));

        SyncPlan plan = planner.plan(local, user());

        assertThat(describe(plan)).containsExactly(
            "create INBOX (uidvalidity 7) on REMOTE",
            "copy INBOX " + message(1) + " to REMOTE",
            "copy INBOX " + message(2) + " to REMOTE");
    }

    @Test
    void parentsAreCreatedBeforeChildren() {
        UserState remote = user(mailbox("a.b.c", 3, 1), mailbox("a", 1, 1), mailbox("a.b", 2, 1));

        SyncPlan plan = planner.plan(user(), remote);

        assertThat(describe(plan)).containsExactly(
            "create a (uidvalidity 1) on LOCAL",
            "create a.b (uidvalidity 2) on LOCAL",
            "create a.b.c (uidvalidity 3) on LOCAL");
    }

    @Test
    void newMessagesAboveTheOtherSidesUidNextGoBothWays() {
        UserState local = user(mailbox("INBOX", 7, 4, message(1), message(2), message(3)));
        MessageState sent = new MessageState(1, 4, ImmutableList.of(), 5L, 77, "sent");
        UserState remote = user(mailbox("INBOX", 7, 2, message(1)), mailbox("Sent", 9, 2, sent));

        SyncPlan plan = planner.plan(local, remote);

        assertThat(describe(plan)).containsExactly(
            "copy INBOX " + message(2) + " to REMOTE",
            "copy INBOX " + message(3) + " to REMOTE",
            "create Sent (uidvalidity 9) on LOCAL",
            "copy Sent " + sent + " to LOCAL");
    }

    @Test
    void aMessageMissingBelowUidNextWithoutATombstoneIsKeptUnderANewUid() {
        // No user removed UID 1 on the twin (no tombstone), yet the twin's UIDNEXT is past it:
        // absence is not deletion, so it is kept, under a UID both sides can take.
        UserState local = user(mailbox("INBOX", 7, 3, message(1), message(2)));
        UserState remote = user(mailbox("INBOX", 7, 3, message(2)));

        assertThat(describe(planner.plan(local, remote))).containsExactly(
            "copy INBOX " + message(1).renumbered(3, 1) + " (from LOCAL uidvalidity 7 uid 1) to LOCAL",
            "copy INBOX " + message(1).renumbered(3, 1) + " (from LOCAL uidvalidity 7 uid 1) to REMOTE",
            "expunge INBOX uid 1 on LOCAL");
    }

    @Test
    void aRenumberingCutShortIsFinishedWithoutADuplicate() {
        // The last session copied UID 1 to UID 3 on both sides and died before expunging UID 1 here.
        UserState local = user(mailbox("INBOX", 7, 4, message(1), message(2), message(1).renumbered(3, 0)));
        UserState remote = user(mailbox("INBOX", 7, 4, message(2), message(1).renumbered(3, 0)));

        assertThat(describe(planner.plan(local, remote))).containsExactly("expunge INBOX uid 1 on LOCAL");
    }

    @Test
    void anEmptyMailboxLosesAUidValidityConflictToTheOneWithMessages() {
        UserState local = user(mailbox("INBOX", 900, 1));
        UserState remote = user(mailbox("INBOX", 5, 2, message(1)));

        SyncPlan plan = planner.plan(local, remote);

        assertThat(describe(plan)).containsExactly(
            "replace INBOX (uidvalidity 900, 0 messages) by uidvalidity 5 on LOCAL",
            "copy INBOX " + message(1) + " to LOCAL");
    }

    @Test
    void twoEmptyMailboxesSettleOnTheHigherUidValidity() {
        SyncPlan plan = planner.plan(user(mailbox("Sent", 5, 1)), user(mailbox("Sent", 9, 1)));
        SyncPlan mirrored = planner.plan(user(mailbox("Sent", 9, 1)), user(mailbox("Sent", 5, 1)));

        assertThat(describe(plan)).containsExactly("replace Sent (uidvalidity 5, 0 messages) by uidvalidity 9 on LOCAL");
        assertThat(describe(mirrored)).containsExactly("replace Sent (uidvalidity 5, 0 messages) by uidvalidity 9 on REMOTE");
    }

    @Test
    void theLoserOfAUidValidityConflictIsMergedIntoTheWinnerBeforeItIsReplaced() {
        // A restarted, empty server took a delivery before it was refilled from its twin.
        MessageState delivered = new MessageState(1, 4, ImmutableList.of(), 1_800_000_000_000L, 555, "delivered");
        UserState local = user(mailbox("INBOX", 900, 2, delivered));
        UserState remote = user(mailbox("INBOX", 5, 4, message(1), message(2), message(3)));

        SyncPlan plan = planner.plan(local, remote);

        MessageState merged = new MessageState(4, 0, ImmutableList.of(), 1_800_000_000_000L, 555, "delivered");
        assertThat(describe(plan)).containsExactly(
            "copy INBOX " + merged + " (from LOCAL uidvalidity 900 uid 1) to REMOTE",
            "replace INBOX (uidvalidity 900, 1 messages) by uidvalidity 5 on LOCAL",
            "copy INBOX " + message(1) + " to LOCAL",
            "copy INBOX " + message(2) + " to LOCAL",
            "copy INBOX " + message(3) + " to LOCAL",
            "copy INBOX " + merged + " to LOCAL");
    }

    @Test
    void aMergeInterruptedAfterCopyingDoesNotCopyTwice() {
        MessageState delivered = new MessageState(1, 4, ImmutableList.of(), 1_800_000_000_000L, 555, "delivered");
        MessageState alreadyMerged = new MessageState(4, 9, ImmutableList.of(), 1_800_000_000_000L, 555, "delivered");
        UserState local = user(mailbox("INBOX", 900, 2, delivered));
        UserState remote = user(mailbox("INBOX", 5, 5, message(1), message(2), message(3), alreadyMerged));

        assertThat(describe(planner.plan(local, remote))).first().asString()
            .isEqualTo("replace INBOX (uidvalidity 900, 1 messages) by uidvalidity 5 on LOCAL");
    }

    @Test
    void bothServersPlanTheSameMergeMirrored() {
        UserState a = user(mailbox("INBOX", 900, 2, message(1)));
        UserState b = user(mailbox("INBOX", 5, 3, message(1), message(2)));

        List<String> fromA = describe(planner.plan(a, b));
        List<String> fromB = describe(planner.plan(b, a));

        assertThat(fromB).isEqualTo(fromA.stream()
            .map(line -> line.replace("on LOCAL", "on #").replace("on REMOTE", "on LOCAL").replace("on #", "on REMOTE")
                .replace("to LOCAL", "to #").replace("to REMOTE", "to LOCAL").replace("to #", "to REMOTE"))
            .collect(Collectors.toList()));
    }

    @Test
    void aUidBothSidesGaveToDifferentMessagesMovesBothAboveBothUidNextsBeforeAnyExpunge() {
        // One client appended on each server at once: both servers said OK for UID 2.
        MessageState mine = new MessageState(2, 12, ImmutableList.of(), 5L, 999, "bbb");
        MessageState theirs = new MessageState(2, 13, ImmutableList.of("\\Seen"), 6L, 999, "aaa");
        UserState local = user(mailbox("INBOX", 7, 3, message(1), mine));
        UserState remote = user(mailbox("INBOX", 7, 4, message(1), theirs, message(3)));

        SyncPlan plan = planner.plan(local, remote);

        assertThat(describe(plan)).containsExactly(
            "copy INBOX " + message(3) + " to LOCAL",
            "copy INBOX " + theirs.renumbered(4, 1) + " (from REMOTE uidvalidity 7 uid 2) to REMOTE",
            "copy INBOX " + theirs.renumbered(4, 1) + " (from REMOTE uidvalidity 7 uid 2) to LOCAL",
            "copy INBOX " + mine.renumbered(5, 2) + " (from LOCAL uidvalidity 7 uid 2) to LOCAL",
            "copy INBOX " + mine.renumbered(5, 2) + " (from LOCAL uidvalidity 7 uid 2) to REMOTE",
            "expunge INBOX uid 2 on LOCAL",
            "expunge INBOX uid 2 on REMOTE");
    }
}

package dev.jamesreplicator.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.MailboxState;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Side;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.model.UserState;

/** When a session has nothing new to record: UserSync then sends no COMPLETE and writes neither journal. */
class SyncPlanTest {
    private static final long V = 7;
    private final SyncPlanner planner = new SyncPlanner();

    private static MessageState message(long uid, long modSeq, String... flags) {
        return new MessageState(uid, modSeq, Arrays.asList(flags), 1_700_000_000_000L + uid, 100 + uid, "hash" + uid);
    }

    private static UserState user(Tombstones tombstones, MessageState... messages) {
        return new UserState(List.of(new MailboxState("INBOX", V, 4, 3, Arrays.asList(messages), "id-" + V)), List.of(),
            tombstones);
    }

    private static UserState user(MessageState... messages) {
        return user(Tombstones.NONE, messages);
    }

    /** A session of these two states, its agreement recorded under {@code version} as UserSync records it. */
    private SyncPlan session(UserState a, UserState b, CommonState common, String version) {
        SyncPlan plan = planner.plan(a, b, common, true);
        return plan.withAgreed(CommonStateAfter.after(plan, version, "a", a, "b", b));
    }

    @Test
    void aSessionThatFindsBothSidesAsTheLastLeftThemRecordsNothingNew() {
        UserState a = user(message(1, 1, "\\Seen"), message(2, 3));
        UserState b = user(message(1, 1, "\\Seen"), message(2, 3));
        CommonState last = session(a, b, CommonState.NONE, "v1").agreed();

        SyncPlan next = session(a, b, last, "v2");

        assertThat(next.agreed().version()).isEqualTo("v2");
        assertThat(next.recordsNothingNewOver(last)).isTrue();
    }

    @Test
    void aChangeOnEitherSideSinceIsNew() {
        UserState a = user(message(1, 1, "\\Seen"), message(2, 3));
        UserState b = user(message(1, 1, "\\Seen"), message(2, 3));
        CommonState last = session(a, b, CommonState.NONE, "v1").agreed();

        // A flag both sides changed alike: no operation, but the agreement moved.
        UserState flaggedA = user(message(1, 4, "\\Seen", "\\Flagged"), message(2, 3));
        UserState flaggedB = user(message(1, 4, "\\Seen", "\\Flagged"), message(2, 3));
        SyncPlan both = session(flaggedA, flaggedB, last, "v2");
        assertThat(both.operations()).isEmpty();
        assertThat(both.recordsNothingNewOver(last)).isFalse();

        // Only the MODSEQ one side records for a message (a raise): what the common state keeps of it moved.
        SyncPlan raised = session(user(message(1, 5, "\\Seen"), message(2, 3)), b, last, "v2");
        assertThat(raised.recordsNothingNewOver(last)).isFalse();

        SyncPlan copy = session(user(message(1, 1, "\\Seen"), message(2, 3), message(3, 3)), b, last, "v2");
        assertThat(copy.operations()).isNotEmpty();
        assertThat(copy.recordsNothingNewOver(last)).isFalse();
    }

    @Test
    void aTombstoneTheSessionHonoursIsNew() {
        UserState a = user(message(1, 1), message(2, 3));
        UserState b = user(message(1, 1), message(2, 3));
        CommonState last = session(a, b, CommonState.NONE, "v1").agreed();
        // A message expunged here that the twin never had: nothing to do but drop the tombstone.
        Tombstones expunged = new Tombstones(List.of(Tombstones.Expunged.of(V, message(9, 9))), null, null, null);

        SyncPlan next = session(user(expunged, message(1, 1), message(2, 3)), b, last, "v2");

        assertThat(next.operations()).isEmpty();
        assertThat(next.honoured(Side.LOCAL).isEmpty()).isFalse();
        assertThat(next.recordsNothingNewOver(last)).isFalse();
    }
}

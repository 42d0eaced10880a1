package dev.jamesreplicator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.sync.plan.SyncPlan;
import dev.jamesreplicator.sync.plan.SyncPlanner;

class SyncApplierTest {
    private final SyncPlanner planner = new SyncPlanner();
    private final SyncApplier applier = new SyncApplier();
    private final ModelMailStore local = new ModelMailStore(new Random(1));
    private final ModelMailStore twin = new ModelMailStore(new Random(2));

    @Test
    void aMessageAboveTheLimitIsSetAsideTheRestIsAppliedAndNoNewBaseIsWritten() {
        twin.maxMessageBytes = 100;
        local.userCreate("INBOX");
        long large = local.userAppend("INBOX", "x".repeat(500), List.of());
        long small = local.userAppend("INBOX", "small", List.of());
        local.subscriptions.add("INBOX");

        assertThatThrownBy(() -> applier.apply(planner.plan(local.state(), twin.state()), local, twin))
            .isInstanceOf(SyncException.class)
            .hasMessageContaining("above <maxMessageSize> (100 bytes)")
            .hasMessageContaining("UID " + large + " of INBOX (500 bytes)");

        assertThat(twin.mailboxes.get("INBOX").messages).containsOnlyKeys(small);
        assertThat(twin.subscriptions).as("the plan ran past the large message").containsExactly("INBOX");
        assertThat(local.common).as("no base: the message the twin lacks is not taken as expunged there")
            .isEqualTo(CommonState.NONE);
        assertThat(twin.common).isEqualTo(CommonState.NONE);
    }

    @Test
    void onceTheLimitIsRaisedTheNextSessionCopiesTheMessageSetAside() {
        twin.maxMessageBytes = 100;
        local.userCreate("INBOX");
        long large = local.userAppend("INBOX", "x".repeat(500), List.of());
        assertThatThrownBy(() -> applier.apply(planner.plan(local.state(), twin.state()), local, twin))
            .isInstanceOf(SyncException.class);

        twin.maxMessageBytes = 1000;
        applier.apply(planner.plan(local.state(), twin.state(), local.common, true), local, twin);

        assertThat(twin.mailboxes.get("INBOX").messages).containsOnlyKeys(large);
        assertThat(planner.plan(local.state(), twin.state(), local.common, true).operations()).isEmpty();
    }

    @Test
    void aSessionThatRanThroughLeavesNoRecordOfTheCopiesItMadeWithinAMailbox() {
        // A MOVE out and back here: the twin makes the message's new UID from its old one, within
        // its INBOX, and the plan expunges the old one. Once the plan has run through, nothing is
        // left half done: a record kept would speak for copies no later session should judge.
        local.userCreate("INBOX");
        local.userCreate("Work");
        local.userAppend("INBOX", "moved out and back", List.of());
        applier.apply(planner.plan(local.state(), twin.state()), local, twin);
        long out = local.userMove("INBOX", 1, "Work");
        local.userMove("Work", out, "INBOX");

        applier.apply(planner.plan(twin.state(), local.state(), twin.common, false), twin, local);

        assertThat(twin.mailboxes.get("INBOX").messages).containsOnlyKeys(2L);
        assertThat(twin.state().tombstones().renumbered()).as("the twin's copy within INBOX, finished").isEmpty();
    }

    @Test
    void aMessageAClientRemovesWhileASessionRenumbersItIsRemovedFromBothSidesNotBroughtBack() {
        // One UID taken by two messages: the plan copies each to a new UID on both sides, then
        // expunges the old UIDs. A client of this server expunges its message at the old UID in
        // between: the removal wins, the copy at the new UID goes too (ChaosIT: resurrections).
        ModelMailStore here = new ModelMailStore(new Random(3)) {
            @Override
            public boolean expunge(String name, long uidValidity, long uid) {
                if (mailboxes.get(name).messages.containsKey(uid) && uid == 1) {
                    userExpunge(name, uid);
                }
                return super.expunge(name, uidValidity, uid);
            }
        };
        here.userCreate("INBOX");
        applier.apply(planner.plan(here.state(), twin.state()), here, twin);
        here.userAppend("INBOX", "appended here", List.of());
        twin.userAppend("INBOX", "appended there", List.of());

        SyncPlan plan = planner.plan(here.state(), twin.state(), here.common, true);
        applier.apply(plan, here, twin);

        assertThat(plan.operations().toString()).contains("expunge INBOX uid 1 on LOCAL");
        assertThat(contents(here)).containsExactly("appended there");
        assertThat(contents(twin)).containsExactly("appended there");
    }

    private static List<String> contents(ModelMailStore store) {
        return store.mailboxes.get("INBOX").messages.values().stream().map(stored -> stored.content).sorted()
            .collect(java.util.stream.Collectors.toList());
    }
}

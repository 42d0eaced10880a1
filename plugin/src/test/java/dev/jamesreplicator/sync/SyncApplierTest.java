package dev.jamesreplicator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

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
}

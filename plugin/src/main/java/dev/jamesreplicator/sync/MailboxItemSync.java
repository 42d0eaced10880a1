package dev.jamesreplicator.sync;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.model.Side;
import dev.jamesreplicator.sync.SyncException.Code;
import dev.jamesreplicator.sync.plan.MailboxItemPlan;
import dev.jamesreplicator.sync.plan.MailboxItemPlanner;
import dev.jamesreplicator.sync.plan.MailboxItemWrite;

/**
 * A user's mailbox annotations, or ACLs ({@link MailboxItems}), brought to the same state on both
 * servers: both read, planned (MailboxItemPlanner, the same merge for both kinds), written in the
 * plan's order, and the result made the common state on both. A key that no longer holds what
 * the plan saw fails the step: the next session plans again. The twin completes first, as for Sieve.
 */
public final class MailboxItemSync {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailboxItemSync.class);

    private final MailboxItemPlanner planner = new MailboxItemPlanner();
    private final MailboxItems kind;

    public MailboxItemSync(MailboxItems kind) {
        this.kind = kind;
    }

    public MailboxItemPlan sync(MailboxItemStore local, MailboxItemStore remote, boolean localWinsTies) throws Exception {
        MailboxItemPlan plan = plan(local.read(), remote.read(), local.common(), localWinsTies);
        Map<Side, MailboxItemStore> stores = Map.of(Side.LOCAL, local, Side.REMOTE, remote);
        for (MailboxItemWrite write : plan.writes()) {
            if (write.conflict()) {
                // The overruled value is in no other place: the log keeps it for whoever wants it back.
                LOGGER.info("The {} {} of {} changed on both servers apart: the value on {} ({}) is replaced by the tie-break node's ({})",
                    kind.itemName(), write.key(), write.mailbox(), write.target(), write.replacing().orElse("none"),
                    write.value().orElse("none"));
            }
            apply(write, stores.get(write.target()));
        }
        StepStore.complete(plan, local, remote);
        return plan;
    }

    /**
     * What a sync would do to the annotations now, without doing it, for verify: its writes, or
     * where it would do nothing though the two servers' annotated mailboxes differ, that difference.
     */
    public List<String> differences(MailboxItemStore local, MailboxItemStore remote, boolean localWinsTies) throws Exception {
        MailboxItemStore.Snapshot here = local.read();
        MailboxItemStore.Snapshot there = remote.read();
        MailboxItemPlan plan = plan(here, there, local.common(), localWinsTies);
        if (!plan.isEmpty()) {
            return plan.writes().stream().map(write -> kind.label() + ": " + write).collect(Collectors.toList());
        }
        MailboxItemState annotatedHere = annotated(here.state());
        MailboxItemState annotatedThere = annotated(there.state());
        if (!annotatedHere.equals(annotatedThere)) {
            return List.of(kind.label() + ": the " + kind.itemName() + "s differ and a sync would not settle them: here " + annotatedHere
                + ", on the twin " + annotatedThere);
        }
        return List.of();
    }

    private static MailboxItemState annotated(MailboxItemState state) {
        return new MailboxItemState(state.mailboxes().entrySet().stream()
            .filter(entry -> !entry.getValue().annotations().isEmpty())
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    private MailboxItemPlan plan(MailboxItemStore.Snapshot here, MailboxItemStore.Snapshot there, MailboxItemState common,
                                boolean localWinsTies) {
        return planner.plan(here.state(), here.tombstones(), there.state(), there.tombstones(), common, localWinsTies);
    }

    private static void apply(MailboxItemWrite write, MailboxItemStore target) {
        try {
            target.write(write.uidValidity(), write.mailbox(), write.key(), write.value(), write.replacing());
        } catch (SyncException e) {
            throw e;
        } catch (Exception e) {
            throw new SyncException(Code.FAILED, "annotation step failed: " + e.getMessage(), e);
        }
    }
}

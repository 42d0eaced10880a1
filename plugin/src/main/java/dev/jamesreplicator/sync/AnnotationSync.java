package dev.jamesreplicator.sync;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.model.AnnotationState;
import dev.jamesreplicator.model.Side;
import dev.jamesreplicator.sync.SyncException.Code;
import dev.jamesreplicator.sync.plan.AnnotationPlan;
import dev.jamesreplicator.sync.plan.AnnotationPlanner;
import dev.jamesreplicator.sync.plan.AnnotationWrite;

/**
 * A user's mailbox annotations, or ACLs ({@link MailboxItems}), brought to the same state on both
 * servers: both read, planned (AnnotationPlanner, the same merge for both kinds), written in the
 * plan's order, and the result made the common state on both. A key that no longer holds what
 * the plan saw fails the step: the next session plans again. The twin completes first, as for Sieve.
 */
public final class AnnotationSync {
    private static final Logger LOGGER = LoggerFactory.getLogger(AnnotationSync.class);

    private final AnnotationPlanner planner = new AnnotationPlanner();
    private final MailboxItems kind;

    public AnnotationSync(MailboxItems kind) {
        this.kind = kind;
    }

    public AnnotationPlan sync(AnnotationStore local, AnnotationStore remote, boolean localWinsTies) throws Exception {
        AnnotationPlan plan = plan(local.read(), remote.read(), local.common(), localWinsTies);
        Map<Side, AnnotationStore> stores = Map.of(Side.LOCAL, local, Side.REMOTE, remote);
        for (AnnotationWrite write : plan.writes()) {
            if (write.conflict()) {
                // The overruled value is in no other place: the log keeps it for whoever wants it back.
                LOGGER.info("The {} {} of {} changed on both servers apart: the value on {} ({}) is replaced by the tie-break node's ({})",
                    kind.itemName(), write.key(), write.mailbox(), write.target(), write.replacing().orElse("none"),
                    write.value().orElse("none"));
            }
            apply(write, stores.get(write.target()));
        }
        // Most sessions are for mail: an annotation step with nothing to do writes no journal.
        boolean nothingNew = plan.isEmpty() && plan.agreed().equals(local.common())
            && Side.stream().allMatch(side -> plan.honoured(side).isEmpty());
        if (!nothingNew) {
            remote.completeSync(plan.agreed(), plan.honoured(Side.REMOTE));
            local.completeSync(plan.agreed(), plan.honoured(Side.LOCAL));
        }
        return plan;
    }

    /**
     * What a sync would do to the annotations now, without doing it, for verify: its writes, or
     * where it would do nothing though the two servers' annotated mailboxes differ, that difference.
     */
    public List<String> differences(AnnotationStore local, AnnotationStore remote, boolean localWinsTies) throws Exception {
        AnnotationStore.Snapshot here = local.read();
        AnnotationStore.Snapshot there = remote.read();
        AnnotationPlan plan = plan(here, there, local.common(), localWinsTies);
        if (!plan.isEmpty()) {
            return plan.writes().stream().map(write -> kind.label() + ": " + write).collect(Collectors.toList());
        }
        AnnotationState annotatedHere = annotated(here.state());
        AnnotationState annotatedThere = annotated(there.state());
        if (!annotatedHere.equals(annotatedThere)) {
            return List.of(kind.label() + ": the " + kind.itemName() + "s differ and a sync would not settle them: here " + annotatedHere
                + ", on the twin " + annotatedThere);
        }
        return List.of();
    }

    private static AnnotationState annotated(AnnotationState state) {
        return new AnnotationState(state.mailboxes().entrySet().stream()
            .filter(entry -> !entry.getValue().annotations().isEmpty())
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    private AnnotationPlan plan(AnnotationStore.Snapshot here, AnnotationStore.Snapshot there, AnnotationState common,
                                boolean localWinsTies) {
        return planner.plan(here.state(), here.tombstones(), there.state(), there.tombstones(), common, localWinsTies);
    }

    private static void apply(AnnotationWrite write, AnnotationStore target) {
        try {
            target.write(write.uidValidity(), write.mailbox(), write.key(), write.value(), write.replacing());
        } catch (SyncException e) {
            throw e;
        } catch (Exception e) {
            throw new SyncException(Code.FAILED, "annotation step failed: " + e.getMessage(), e);
        }
    }
}

package dev.jamesreplicator.sync;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.jamesreplicator.content.Sha256;
import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.Side;
import dev.jamesreplicator.sync.SyncException.Code;
import dev.jamesreplicator.sync.plan.SieveOperation;
import dev.jamesreplicator.sync.plan.SievePlan;
import dev.jamesreplicator.sync.plan.SievePlanner;

/**
 * A user's Sieve scripts brought to the same state on both servers: both read, planned
 * (SievePlanner), carried out in the plan's order, and the result made the common state on both.
 * A script whose bytes no longer have the hash the plan saw fails the step: the next session
 * plans again. The twin completes first: cut between the two, this side's older common state
 * only makes the next plan compare what both sides already hold alike.
 */
public final class SieveSync {
    private final SievePlanner planner = new SievePlanner();

    public SievePlan sync(SieveStore local, SieveStore remote, boolean localWinsTies) throws Exception {
        SievePlan plan = plan(local.read(), remote.read(), local.common(), localWinsTies);
        Map<Side, SieveStore> stores = Map.of(Side.LOCAL, local, Side.REMOTE, remote);
        for (SieveOperation operation : plan.operations()) {
            apply(operation, stores);
        }
        StepStore.complete(plan, local, remote);
        return plan;
    }

    /**
     * What a sync would do to the scripts now, without doing it, for verify: its operations, or
     * where it would do nothing though the two servers hold different scripts, that difference.
     */
    public List<String> differences(SieveStore local, SieveStore remote, boolean localWinsTies) throws Exception {
        SieveStore.Snapshot here = local.read();
        SieveStore.Snapshot there = remote.read();
        SievePlan plan = plan(here, there, local.common(), localWinsTies);
        if (!plan.isEmpty()) {
            return plan.operations().stream().map(operation -> "sieve: " + operation).collect(Collectors.toList());
        }
        if (!here.state().equals(there.state())) {
            return List.of("sieve: the scripts differ and a sync would not settle them: here " + here.state()
                + ", on the twin " + there.state());
        }
        return List.of();
    }

    private SievePlan plan(SieveStore.Snapshot here, SieveStore.Snapshot there, SieveState common, boolean localWinsTies) {
        return planner.plan(here.state(), here.tombstones(), there.state(), there.tombstones(), common, localWinsTies);
    }

    private static void apply(SieveOperation operation, Map<Side, SieveStore> stores) throws Exception {
        SieveStore target = stores.get(operation.target());
        operation.accept(new SieveOperation.Visitor<Void>() {
            @Override
            public Void visit(SieveOperation.PutScript put) {
                return run(() -> {
                    byte[] content = stores.get(put.source()).content(put.sourceName());
                    String sha = Sha256.of(content);
                    if (!sha.equals(put.sha256())) {
                        throw new SyncException(Code.CONFLICT, "the Sieve script " + put.sourceName() + " changed since it was read");
                    }
                    target.put(put.name(), content, put.replacing());
                });
            }

            @Override
            public Void visit(SieveOperation.Activate activate) {
                return run(() -> target.activate(activate.name(), activate.replacing()));
            }

            @Override
            public Void visit(SieveOperation.DeleteScript delete) {
                return run(() -> target.delete(delete.name(), delete.sha256()));
            }
        });
    }

    private interface Step {
        void run() throws Exception;
    }

    private static Void run(Step step) {
        try {
            step.run();
            return null;
        } catch (SyncException e) {
            throw e;
        } catch (Exception e) {
            throw new SyncException(Code.FAILED, "Sieve step failed: " + e.getMessage(), e);
        }
    }
}

package dev.jamesreplicator.sync.plan;

import java.util.List;
import java.util.Map;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;
import dev.jamesreplicator.model.Side;

/**
 * What a session does to one user's Sieve scripts, in order; the state both servers hold once
 * it has run (the next session's common state); and each side's records it decided on, dropped
 * once it has run.
 */
public final class SievePlan implements StepPlan<SieveState, SieveTombstones> {
    private final List<SieveOperation> operations;
    private final SieveState agreed;
    private final Map<Side, SieveTombstones> honoured;

    public SievePlan(List<SieveOperation> operations, SieveState agreed, Map<Side, SieveTombstones> honoured) {
        this.operations = ImmutableList.copyOf(operations);
        this.agreed = agreed;
        this.honoured = ImmutableMap.copyOf(honoured);
    }

    public List<SieveOperation> operations() {
        return operations;
    }

    @Override
    public SieveState agreed() {
        return agreed;
    }

    @Override
    public SieveTombstones honoured(Side side) {
        return honoured.getOrDefault(side, SieveTombstones.NONE);
    }

    @Override
    public boolean isEmpty() {
        return operations.isEmpty();
    }

    @Override
    public boolean honoursNone() {
        return Side.stream().allMatch(side -> honoured(side).isEmpty());
    }

    @Override
    public String toString() {
        return operations + " -> " + agreed;
    }
}

package dev.jamesreplicator.sync.plan;

import java.util.List;
import java.util.Map;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import dev.jamesreplicator.model.KeyedTombstones;
import dev.jamesreplicator.model.Side;

/**
 * The plan of a keyed item step (mailbox items, server data): its writes in order, the state both
 * servers hold once it has run (the next session's common state), and each side's records it
 * decided on, dropped once it has run.
 *
 * @param <W> a write
 * @param <S> the state
 * @param <T> a side's records (tombstones)
 */
public abstract class KeyedPlan<W, S, T extends KeyedTombstones<?, ?, ?>> implements StepPlan<S, T> {
    private final List<W> writes;
    private final S agreed;
    private final Map<Side, T> honoured;
    private final T none;

    KeyedPlan(List<W> writes, S agreed, Map<Side, T> honoured, T none) {
        this.writes = ImmutableList.copyOf(writes);
        this.agreed = agreed;
        this.honoured = ImmutableMap.copyOf(honoured);
        this.none = none;
    }

    public List<W> writes() {
        return writes;
    }

    @Override
    public S agreed() {
        return agreed;
    }

    @Override
    public T honoured(Side side) {
        return honoured.getOrDefault(side, none);
    }

    @Override
    public boolean isEmpty() {
        return writes.isEmpty();
    }

    @Override
    public boolean honoursNone() {
        return Side.stream().allMatch(side -> honoured(side).isEmpty());
    }

    @Override
    public String toString() {
        return writes + " -> " + agreed;
    }
}

package dev.jamesreplicator.sync.plan;

import java.util.List;
import java.util.Map;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.model.ServerTombstones;
import dev.jamesreplicator.model.Side;

/**
 * What a session does to the server-wide data, in order; what both servers hold once it has run
 * (the next session's common state); and each side's records it decided on, dropped once it has run.
 */
public final class ServerDataPlan implements StepPlan<ServerItems, ServerTombstones> {
    private final List<ServerDataWrite> writes;
    private final ServerItems agreed;
    private final Map<Side, ServerTombstones> honoured;

    public ServerDataPlan(List<ServerDataWrite> writes, ServerItems agreed, Map<Side, ServerTombstones> honoured) {
        this.writes = ImmutableList.copyOf(writes);
        this.agreed = agreed;
        this.honoured = ImmutableMap.copyOf(honoured);
    }

    public List<ServerDataWrite> writes() {
        return writes;
    }

    @Override
    public ServerItems agreed() {
        return agreed;
    }

    @Override
    public ServerTombstones honoured(Side side) {
        return honoured.getOrDefault(side, ServerTombstones.NONE);
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

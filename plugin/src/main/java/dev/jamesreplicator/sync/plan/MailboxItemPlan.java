package dev.jamesreplicator.sync.plan;

import java.util.List;
import java.util.Map;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.model.MailboxItemTombstones;
import dev.jamesreplicator.model.Side;

/**
 * What a session does to one user's mailbox annotations, in order; the state both servers hold
 * once it has run (the next session's common state); and each side's records it decided on,
 * dropped once it has run.
 */
public final class MailboxItemPlan implements StepPlan<MailboxItemState, MailboxItemTombstones> {
    private final List<MailboxItemWrite> writes;
    private final MailboxItemState agreed;
    private final Map<Side, MailboxItemTombstones> honoured;

    public MailboxItemPlan(List<MailboxItemWrite> writes, MailboxItemState agreed, Map<Side, MailboxItemTombstones> honoured) {
        this.writes = ImmutableList.copyOf(writes);
        this.agreed = agreed;
        this.honoured = ImmutableMap.copyOf(honoured);
    }

    public List<MailboxItemWrite> writes() {
        return writes;
    }

    @Override
    public MailboxItemState agreed() {
        return agreed;
    }

    @Override
    public MailboxItemTombstones honoured(Side side) {
        return honoured.getOrDefault(side, MailboxItemTombstones.NONE);
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

package dev.jamesreplicator.sync.plan;

import java.util.List;
import java.util.Map;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import dev.jamesreplicator.model.AnnotationState;
import dev.jamesreplicator.model.AnnotationTombstones;
import dev.jamesreplicator.model.Side;

/**
 * What a session does to one user's mailbox annotations, in order; the state both servers hold
 * once it has run (the next session's common state); and each side's records it decided on,
 * dropped once it has run.
 */
public final class AnnotationPlan {
    private final List<AnnotationWrite> writes;
    private final AnnotationState agreed;
    private final Map<Side, AnnotationTombstones> honoured;

    public AnnotationPlan(List<AnnotationWrite> writes, AnnotationState agreed, Map<Side, AnnotationTombstones> honoured) {
        this.writes = ImmutableList.copyOf(writes);
        this.agreed = agreed;
        this.honoured = ImmutableMap.copyOf(honoured);
    }

    public List<AnnotationWrite> writes() {
        return writes;
    }

    public AnnotationState agreed() {
        return agreed;
    }

    public AnnotationTombstones honoured(Side side) {
        return honoured.getOrDefault(side, AnnotationTombstones.NONE);
    }

    public boolean isEmpty() {
        return writes.isEmpty();
    }

    @Override
    public String toString() {
        return writes + " -> " + agreed;
    }
}

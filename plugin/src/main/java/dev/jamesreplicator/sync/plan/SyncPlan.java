package dev.jamesreplicator.sync.plan;

import java.util.List;
import java.util.Map;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.Side;
import dev.jamesreplicator.model.Tombstones;

/**
 * What one sync session will do, in order; the state both servers will agree on once it is
 * done (the next sync's base); and the tombstones of each side the plan honoured (dropped
 * once it has run); and whether it leaves names a later session must settle.
 */
public final class SyncPlan {
    private final List<SyncOperation> operations;
    private final CommonState agreed;
    private final Map<Side, Tombstones> honoured;
    private final boolean namesUnsettled;

    public SyncPlan(List<SyncOperation> operations, CommonState agreed, Map<Side, Tombstones> honoured) {
        this(operations, agreed, honoured, false);
    }

    public SyncPlan(List<SyncOperation> operations, CommonState agreed, Map<Side, Tombstones> honoured, boolean namesUnsettled) {
        this.operations = ImmutableList.copyOf(operations);
        this.agreed = agreed;
        this.honoured = ImmutableMap.copyOf(honoured);
        this.namesUnsettled = namesUnsettled;
    }

    public List<SyncOperation> operations() {
        return operations;
    }

    public CommonState agreed() {
        return agreed;
    }

    /** The same plan, ending in {@code recorded} (the agreed state with what incremental sessions need). */
    public SyncPlan withAgreed(CommonState recorded) {
        return new SyncPlan(operations, recorded, honoured, namesUnsettled);
    }

    /**
     * The plan leaves a mailbox under two names, one per side (its children, carried along when
     * a rename of this plan moved their parent on one side only): only the next session can
     * settle them, and nothing the users do may come to ask for it.
     */
    public boolean namesUnsettled() {
        return namesUnsettled;
    }

    public Tombstones honoured(Side side) {
        return honoured.getOrDefault(side, Tombstones.NONE);
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }
}

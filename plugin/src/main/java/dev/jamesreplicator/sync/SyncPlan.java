package dev.jamesreplicator.sync;

import java.util.List;

import com.google.common.collect.ImmutableList;

/** What one sync session will do, in order, and the conflicts it leaves for later. */
public final class SyncPlan {
    private final List<SyncOperation> operations;
    private final List<String> unresolved;

    public SyncPlan(List<SyncOperation> operations, List<String> unresolved) {
        this.operations = ImmutableList.copyOf(operations);
        this.unresolved = ImmutableList.copyOf(unresolved);
    }

    public List<SyncOperation> operations() {
        return operations;
    }

    /** Differences this version cannot settle yet; reported, never acted on by guess. */
    public List<String> unresolved() {
        return unresolved;
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }
}

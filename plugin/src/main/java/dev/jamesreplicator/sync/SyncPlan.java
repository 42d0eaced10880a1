package dev.jamesreplicator.sync;

import java.util.List;

import com.google.common.collect.ImmutableList;

/** What one sync session will do, in order. */
public final class SyncPlan {
    private final List<SyncOperation> operations;

    public SyncPlan(List<SyncOperation> operations) {
        this.operations = ImmutableList.copyOf(operations);
    }

    public List<SyncOperation> operations() {
        return operations;
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }
}

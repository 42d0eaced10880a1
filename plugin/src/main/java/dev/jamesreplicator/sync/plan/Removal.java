package dev.jamesreplicator.sync.plan;

import dev.jamesreplicator.sync.plan.SyncOperation.CopyMessage;
import dev.jamesreplicator.sync.plan.SyncOperation.CreateMailbox;
import dev.jamesreplicator.sync.plan.SyncOperation.DeleteMailbox;
import dev.jamesreplicator.sync.plan.SyncOperation.ExpungeMessage;
import dev.jamesreplicator.sync.plan.SyncOperation.RaiseModSeq;
import dev.jamesreplicator.sync.plan.SyncOperation.RaiseUidNext;
import dev.jamesreplicator.sync.plan.SyncOperation.RenameMailbox;
import dev.jamesreplicator.sync.plan.SyncOperation.ReplaceMailbox;
import dev.jamesreplicator.sync.plan.SyncOperation.SetFlags;
import dev.jamesreplicator.sync.plan.SyncOperation.Subscribe;

/**
 * Whether an operation removes what a copy may read: a message, or a whole mailbox. The planner
 * puts removals last, so every copy runs while its source is still there.
 */
final class Removal {
    private static final SyncOperation.Visitor<Boolean> IS = new SyncOperation.Visitor<>() {
        @Override
        public Boolean visit(ExpungeMessage expunge) {
            return true;
        }

        @Override
        public Boolean visit(DeleteMailbox delete) {
            return true;
        }

        @Override
        public Boolean visit(ReplaceMailbox replace) {
            // not with the removals at the end: the copies into the new, empty mailbox follow it
            return false;
        }

        @Override
        public Boolean visit(CreateMailbox create) {
            return false;
        }

        @Override
        public Boolean visit(CopyMessage copy) {
            return false;
        }

        @Override
        public Boolean visit(SetFlags set) {
            return false;
        }

        @Override
        public Boolean visit(RenameMailbox rename) {
            return false;
        }

        @Override
        public Boolean visit(Subscribe subscribe) {
            return false;
        }

        @Override
        public Boolean visit(RaiseModSeq raise) {
            return false;
        }

        @Override
        public Boolean visit(RaiseUidNext raise) {
            return false;
        }
    };

    private Removal() {
    }

    /** Whether {@code operation} expunges a message or deletes a mailbox. */
    static boolean is(SyncOperation operation) {
        return operation.accept(IS);
    }
}

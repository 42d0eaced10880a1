package dev.jamesreplicator.sync.plan;

import java.util.Optional;

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
 * A mailbox an operation takes away from its target side, as it was there when the session read
 * it: deleted, or replaced after losing a UIDVALIDITY conflict. Nothing is read from it any more
 * (no copy source) and nothing of it is recorded in the common state.
 */
final class GoingMailbox {
    private static final SyncOperation.Visitor<Optional<GoingMailbox>> OF = new SyncOperation.Visitor<>() {
        @Override
        public Optional<GoingMailbox> visit(DeleteMailbox delete) {
            return Optional.of(new GoingMailbox(delete.name(), delete.uidValidity()));
        }

        @Override
        public Optional<GoingMailbox> visit(ReplaceMailbox replace) {
            return Optional.of(new GoingMailbox(replace.name(), replace.oldUidValidity()));
        }

        @Override
        public Optional<GoingMailbox> visit(CreateMailbox create) {
            return Optional.empty();
        }

        @Override
        public Optional<GoingMailbox> visit(CopyMessage copy) {
            return Optional.empty();
        }

        @Override
        public Optional<GoingMailbox> visit(ExpungeMessage expunge) {
            return Optional.empty();
        }

        @Override
        public Optional<GoingMailbox> visit(SetFlags set) {
            return Optional.empty();
        }

        @Override
        public Optional<GoingMailbox> visit(RenameMailbox rename) {
            // the mailbox stays, under another name
            return Optional.empty();
        }

        @Override
        public Optional<GoingMailbox> visit(Subscribe subscribe) {
            return Optional.empty();
        }

        @Override
        public Optional<GoingMailbox> visit(RaiseModSeq raise) {
            return Optional.empty();
        }

        @Override
        public Optional<GoingMailbox> visit(RaiseUidNext raise) {
            return Optional.empty();
        }
    };

    private final String name;
    private final long uidValidity;

    private GoingMailbox(String name, long uidValidity) {
        this.name = name;
        this.uidValidity = uidValidity;
    }

    /** The mailbox {@code operation} takes away from its target side, if it takes one. */
    static Optional<GoingMailbox> of(SyncOperation operation) {
        return operation.accept(OF);
    }

    String name() {
        return name;
    }

    /** The UIDVALIDITY the mailbox had when the session read it. */
    long uidValidity() {
        return uidValidity;
    }
}

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

/** The copy an operation makes, if it is one: what writes a message, and what reads one from its source. */
final class Copies {
    private static final SyncOperation.Visitor<Optional<CopyMessage>> OF = new SyncOperation.Visitor<>() {
        @Override
        public Optional<CopyMessage> visit(CopyMessage copy) {
            return Optional.of(copy);
        }

        @Override
        public Optional<CopyMessage> visit(CreateMailbox create) {
            return Optional.empty();
        }

        @Override
        public Optional<CopyMessage> visit(ReplaceMailbox replace) {
            return Optional.empty();
        }

        @Override
        public Optional<CopyMessage> visit(ExpungeMessage expunge) {
            return Optional.empty();
        }

        @Override
        public Optional<CopyMessage> visit(SetFlags set) {
            return Optional.empty();
        }

        @Override
        public Optional<CopyMessage> visit(DeleteMailbox delete) {
            return Optional.empty();
        }

        @Override
        public Optional<CopyMessage> visit(RenameMailbox rename) {
            return Optional.empty();
        }

        @Override
        public Optional<CopyMessage> visit(Subscribe subscribe) {
            return Optional.empty();
        }

        @Override
        public Optional<CopyMessage> visit(RaiseModSeq raise) {
            return Optional.empty();
        }

        @Override
        public Optional<CopyMessage> visit(RaiseUidNext raise) {
            return Optional.empty();
        }
    };

    private Copies() {
    }

    /** {@code operation} if it copies a message (and so writes one on its target side). */
    static Optional<CopyMessage> of(SyncOperation operation) {
        return operation.accept(OF);
    }
}

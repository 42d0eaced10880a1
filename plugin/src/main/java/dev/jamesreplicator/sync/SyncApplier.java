package dev.jamesreplicator.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.common.collect.ImmutableMap;

import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.model.Side;
import dev.jamesreplicator.sync.plan.CounterAlignment;
import dev.jamesreplicator.sync.plan.SyncOperation;
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
import dev.jamesreplicator.sync.plan.SyncPlan;

/**
 * Carries out a {@link SyncPlan} on the two sides, in order; the first failure stops it (and the
 * next session plans again from what is there). Only a plan run to its end becomes the base.
 *
 * <p>One exception: a message above {@code <maxMessageSize>} is set aside, not sent, and the
 * rest of the plan runs, so that one large message does not hold back every later change of its
 * user. The session then fails without a new base (nothing is concluded from the message the
 * twin lacks) and names the setting; once it is raised the next session copies the message.
 */
public class SyncApplier {

    public SyncStats apply(SyncPlan plan, MailStore local, MailStore remote) {
        return apply(plan, local, remote, new SyncStats());
    }

    /** As {@link #apply(SyncPlan, MailStore, MailStore)}, adding to the session's {@code stats}. */
    public SyncStats apply(SyncPlan plan, MailStore local, MailStore remote, SyncStats stats) {
        applyAll(plan.operations(), local, remote, stats);
        local.completeSync(plan.agreed(), plan.honoured(Side.LOCAL));
        remote.completeSync(plan.agreed(), plan.honoured(Side.REMOTE));
        return stats;
    }

    /**
     * Carries out operations that need no new base, such as a {@link CounterAlignment}, adding to
     * {@code stats}; copies above {@code <maxMessageSize>} are set aside, and it fails after the rest.
     */
    public SyncStats applyAll(List<SyncOperation> operations, MailStore local, MailStore remote, SyncStats stats) {
        long maxMessageBytes = Math.min(local.maxMessageBytes(), remote.maxMessageBytes());
        List<CopyMessage> setAside = run(operations, local, remote, stats, maxMessageBytes);
        if (!setAside.isEmpty()) {
            throw tooLarge(setAside, maxMessageBytes);
        }
        return stats;
    }

    /** Runs every operation but the copies above {@code maxMessageBytes}, which it returns. */
    private List<CopyMessage> run(List<SyncOperation> operations, MailStore local, MailStore remote, SyncStats stats,
                                  long maxMessageBytes) {
        Applying applying = new Applying(local, remote, stats, maxMessageBytes);
        operations.forEach(operation -> operation.accept(applying));
        return applying.setAside;
    }

    /** Carries out one operation on its target side. */
    private static final class Applying implements SyncOperation.Visitor<Void> {
        private final MailStore local;
        private final MailStore remote;
        private final Map<Side, MailStore> stores;
        private final SyncStats stats;
        private final long maxMessageBytes;
        private final List<CopyMessage> setAside = new ArrayList<>();

        Applying(MailStore local, MailStore remote, SyncStats stats, long maxMessageBytes) {
            this.local = local;
            this.remote = remote;
            this.stores = ImmutableMap.of(Side.LOCAL, local, Side.REMOTE, remote);
            this.stats = stats;
            this.maxMessageBytes = maxMessageBytes;
        }

        private MailStore target(SyncOperation operation) {
            return stores.get(operation.target());
        }

        @Override
        public Void visit(CreateMailbox create) {
            target(create).createMailbox(create.name(), create.uidValidity());
            stats.mailboxCreated();
            return null;
        }

        @Override
        public Void visit(ReplaceMailbox replace) {
            target(replace).replaceMailbox(replace.name(), replace.oldUidValidity(), replace.expectedMessages(),
                replace.newUidValidity());
            stats.mailboxCreated();
            return null;
        }

        @Override
        public Void visit(CopyMessage copy) {
            if (copy.source() != copy.target() && copy.message().size() > maxMessageBytes) {
                setAside.add(copy);
                return null;
            }
            copy(copy, stores.get(copy.source()), target(copy));
            stats.messageCopied(copy.source(), copy.target(), copy.message().size());
            return null;
        }

        @Override
        public Void visit(ExpungeMessage expunge) {
            MailStore target = target(expunge);
            if (expunge.renumberedTo() == 0) {
                target.expunge(expunge.mailbox(), expunge.uidValidity(), expunge.uid());
            } else if (!target.expungeRenumbered(expunge.mailbox(), expunge.uidValidity(), expunge.uid())) {
                // A client removed (expunged or moved away) the old UID while this session was
                // giving the message its new one: the user's removal wins on both sides.
                // Left, the copy at the new UID would bring back what the client was told is gone.
                local.expunge(expunge.mailbox(), expunge.uidValidity(), expunge.renumberedTo());
                remote.expunge(expunge.mailbox(), expunge.uidValidity(), expunge.renumberedTo());
            }
            return null;
        }

        @Override
        public Void visit(SetFlags set) {
            target(set).setFlags(set.mailbox(), set.uidValidity(), set.uid(), set.flags(), set.modSeq());
            return null;
        }

        @Override
        public Void visit(RaiseUidNext raise) {
            target(raise).raiseUidNext(raise.mailbox(), raise.uidValidity(), raise.uidNext());
            return null;
        }

        @Override
        public Void visit(RaiseModSeq raise) {
            target(raise).raiseModSeq(raise.mailbox(), raise.uidValidity(), raise.uid(), raise.modSeq(), raise.messageToo());
            return null;
        }

        @Override
        public Void visit(DeleteMailbox delete) {
            target(delete).deleteMailbox(delete.name(), delete.uidValidity(), delete.expectedMessages());
            return null;
        }

        @Override
        public Void visit(RenameMailbox rename) {
            target(rename).renameMailbox(rename.uidValidity(), rename.from(), rename.to());
            return null;
        }

        @Override
        public Void visit(Subscribe subscribe) {
            target(subscribe).setSubscribed(subscribe.name(), subscribe.subscribed());
            return null;
        }
    }

    private static SyncException tooLarge(List<CopyMessage> setAside, long maxMessageBytes) {
        CopyMessage first = setAside.get(0);
        return new SyncException(SyncException.Code.FAILED, setAside.size() + " message(s) above <maxMessageSize> ("
            + maxMessageBytes + " bytes) in conf/replication.xml were not replicated, the first UID "
            + first.message().uid() + " of " + first.mailbox() + " (" + first.message().size() + " bytes); the session's "
            + "other changes were: raise <maxMessageSize> on both servers to replicate them");
    }

    /**
     * A body crosses the wire at most once, streamed: from the source side straight into the
     * target, or not at all when both are the same side.
     */
    private static void copy(CopyMessage copy, MailStore source, MailStore target) {
        if (source == target) {
            target.copy(copy.sourceMailbox(), copy.sourceUidValidity(), copy.sourceUid(), copy.mailbox(), copy.uidValidity(),
                copy.message());
            return;
        }
        try (MessageContent content = source.fetch(copy.sourceMailbox(), copy.sourceUidValidity(), copy.sourceUid())) {
            target.append(copy.mailbox(), copy.uidValidity(), copy.message(), content);
        }
    }
}

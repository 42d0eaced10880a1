package dev.jamesreplicator.sync;

import java.util.Map;

import com.google.common.collect.ImmutableMap;

import dev.jamesreplicator.sync.SyncOperation.CopyMessage;
import dev.jamesreplicator.sync.SyncOperation.CreateMailbox;
import dev.jamesreplicator.sync.SyncOperation.ExpungeMessage;
import dev.jamesreplicator.sync.SyncOperation.ReplaceMailbox;

/** Carries out a {@link SyncPlan} on the two sides, in order; the first failure stops it. */
public class SyncApplier {

    public SyncStats apply(SyncPlan plan, MailStore local, MailStore remote) {
        Map<Side, MailStore> stores = ImmutableMap.of(Side.LOCAL, local, Side.REMOTE, remote);
        SyncStats stats = new SyncStats();
        for (SyncOperation operation : plan.operations()) {
            MailStore target = stores.get(operation.target());
            if (operation instanceof CreateMailbox) {
                CreateMailbox create = (CreateMailbox) operation;
                target.createMailbox(create.name(), create.uidValidity());
                stats.mailboxCreated();
            } else if (operation instanceof ReplaceMailbox) {
                ReplaceMailbox replace = (ReplaceMailbox) operation;
                target.replaceMailbox(replace.name(), replace.oldUidValidity(), replace.expectedMessages(), replace.newUidValidity());
                stats.mailboxCreated();
            } else if (operation instanceof CopyMessage) {
                CopyMessage copy = (CopyMessage) operation;
                byte[] content = stores.get(copy.source()).fetch(copy.mailbox(), copy.sourceUidValidity(), copy.sourceUid());
                target.append(copy.mailbox(), copy.uidValidity(), copy.message(), content);
                stats.messageCopied(copy.source(), copy.target(), content.length);
            } else if (operation instanceof ExpungeMessage) {
                ExpungeMessage expunge = (ExpungeMessage) operation;
                target.expunge(expunge.mailbox(), expunge.uidValidity(), expunge.uid());
            } else {
                throw new IllegalStateException("no applier for " + operation);
            }
        }
        return stats;
    }
}

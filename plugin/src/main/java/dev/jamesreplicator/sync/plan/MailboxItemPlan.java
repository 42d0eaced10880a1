package dev.jamesreplicator.sync.plan;

import java.util.List;
import java.util.Map;

import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.model.MailboxItemTombstones;
import dev.jamesreplicator.model.Side;

/** What a session does to one user's mailbox items (annotations, ACL entries) ({@link KeyedPlan}). */
public final class MailboxItemPlan extends KeyedPlan<MailboxItemWrite, MailboxItemState, MailboxItemTombstones> {
    public MailboxItemPlan(List<MailboxItemWrite> writes, MailboxItemState agreed, Map<Side, MailboxItemTombstones> honoured) {
        super(writes, agreed, honoured, MailboxItemTombstones.NONE);
    }
}

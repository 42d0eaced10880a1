package dev.jamesreplicator.capture;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;

import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.events.MailboxEvents.MailboxACLUpdated;
import org.apache.james.mailbox.events.MailboxEvents.MailboxDeletion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.state.AclEntries;
import dev.jamesreplicator.state.AclJournal;
import dev.jamesreplicator.state.JpaAcls;
import dev.jamesreplicator.state.OwnSessions;

/**
 * A user's SETACL or DELETEACL (James's {@code MailboxACLUpdated}, raised under the owner's lock
 * the agent holds around the command): each entry the change removed leaves a tombstone by the
 * mailbox's UIDVALIDITY, each entry it set clears one (docs/acl.md). {@link ChangeListener} queues
 * the owner, as for every mailbox event. The replicator's own changes (its sessions) are skipped.
 * A deleted mailbox's ACL leaves the JPA backend's store ({@link JpaAcls}).
 */
public class AclListener implements EventListener.GroupEventListener {
    /** Used only when listeners.xml gives no {@code <group>}; the shipped listeners.xml does. */
    public static class AclListenerGroup extends Group {
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(AclListener.class);
    private static final Group GROUP = new AclListenerGroup();

    private final AclJournal journal;
    private final OwnSessions ownSessions;
    private final MailboxManager mailboxManager;
    private final JpaAcls jpaAcls;

    @Inject
    public AclListener(AclJournal journal, OwnSessions ownSessions, MailboxManager mailboxManager, JpaAcls jpaAcls) {
        this.journal = journal;
        this.ownSessions = ownSessions;
        this.mailboxManager = mailboxManager;
        this.jpaAcls = jpaAcls;
    }

    @Override
    public Group getDefaultGroup() {
        return GROUP;
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof MailboxACLUpdated || event instanceof MailboxDeletion;
    }

    @Override
    public void event(Event event) {
        if (event instanceof MailboxDeletion) {
            jpaAcls.forget(((MailboxDeletion) event).getMailboxId().serialize());
            return;
        }
        MailboxACLUpdated change = (MailboxACLUpdated) event;
        if (ownSessions.contains(change.getSessionId().getValue())) {
            return;
        }
        String owner = change.getMailboxPath().getUser().asString();
        Map<String, String> before = AclEntries.of(change.getAclDiff().getOldACL());
        Map<String, String> after = AclEntries.of(change.getAclDiff().getNewACL());
        Set<String> removed = new TreeSet<>(before.keySet());
        removed.removeAll(after.keySet());
        Set<String> set = new TreeSet<>(after.keySet());
        set.removeIf(key -> after.get(key).equals(before.get(key)));
        // Only a removal leaves a record, and a set clears one: nothing to look up otherwise.
        if (removed.isEmpty() && journal.tombstones(owner).isEmpty()) {
            return;
        }
        try {
            journal.record(owner, uidValidity(change), set, removed);
        } catch (Exception e) {
            // The client's change is made; failing it now would tell them otherwise. Without its
            // record, a removal is undone by the next session (the twin's entry comes back).
            LOGGER.error("ACL change of {} on {} not recorded: a removed entry may come back from the twin",
                owner, change.getMailboxPath().getName(), e);
        }
    }

    private long uidValidity(MailboxACLUpdated change) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(change.getMailboxPath().getUser());
        try {
            return mailboxManager.getMailbox(change.getMailboxId(), session).getMailboxEntity().getUidValidity().asLong();
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }
}

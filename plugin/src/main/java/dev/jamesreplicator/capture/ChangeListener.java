package dev.jamesreplicator.capture;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.events.MailboxEvents.FlagsUpdated;
import org.apache.james.mailbox.events.MailboxEvents.MailboxEvent;
import org.apache.james.mailbox.model.UpdatedFlags;

import dev.jamesreplicator.replicator.Priority;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.state.OwnSessions;

/**
 * Turns every mailbox change into "this user needs a sync": new mail at high priority, anything
 * else low (a user whose new mail a client waits for is owed the sync priority by the queue). James's in-VM event bus makes
 * the client's command wait for this listener, under the mailbox lock, so it only records the
 * request (durably: one append to the queue's log, about 12 us, skipped when the user already
 * waits at that priority) and returns.
 */
public class ChangeListener implements EventListener.GroupEventListener {
    /** Used only when listeners.xml gives no {@code <group>}; the shipped listeners.xml does. */
    public static class ChangeListenerGroup extends Group {
    }

    private static final Group GROUP = new ChangeListenerGroup();

    private final ReplicationQueue queue;
    private final OwnSessions ownSessions;

    @Inject
    public ChangeListener(ReplicationQueue queue, OwnSessions ownSessions) {
        this.queue = queue;
        this.ownSessions = ownSessions;
    }

    @Override
    public Group getDefaultGroup() {
        return GROUP;
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof MailboxEvent;
    }

    @Override
    public void event(Event event) {
        MailboxEvent change = (MailboxEvent) event;
        if (ownSessions.contains(change.getSessionId().getValue()) || onlyRecentChanged(change)) {
            return;
        }
        // The owner of the mailbox, not the session's user: a shared mailbox belongs to its owner's store.
        String owner = change.getMailboxPath().getUser().asString();
        queue.request(owner, change instanceof Added ? Priority.HIGH : Priority.LOW);
    }

    /** SELECT clears \Recent on one server only; that is not a change to replicate. */
    private static boolean onlyRecentChanged(MailboxEvent change) {
        if (!(change instanceof FlagsUpdated)) {
            return false;
        }
        for (UpdatedFlags updated : ((FlagsUpdated) change).getUpdatedFlags()) {
            Flags before = withoutRecent(updated.getOldFlags());
            Flags after = withoutRecent(updated.getNewFlags());
            if (!before.equals(after)) {
                return false;
            }
        }
        return true;
    }

    private static Flags withoutRecent(Flags flags) {
        Flags copy = new Flags(flags);
        copy.remove(Flags.Flag.RECENT);
        return copy;
    }
}

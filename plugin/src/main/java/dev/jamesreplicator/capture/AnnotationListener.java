package dev.jamesreplicator.capture;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.annotation.AnnotationChange;
import dev.jamesreplicator.annotation.AnnotationWrites;
import dev.jamesreplicator.replicator.Priority;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.state.AnnotationJournal;

/**
 * A user's SETMETADATA, reported by the agent's hook once James stored it (under the owner's
 * annotation lock): recorded in the journal against the mailbox's UIDVALIDITY, then the owner
 * queued at {@code low}, as for a mailbox change.
 */
public class AnnotationListener implements AnnotationWrites.Listener {
    private static final Logger LOGGER = LoggerFactory.getLogger(AnnotationListener.class);

    private final AnnotationJournal journal;
    private final ReplicationQueue queue;
    private final MailboxManager mailboxManager;

    @Inject
    public AnnotationListener(AnnotationJournal journal, ReplicationQueue queue, MailboxManager mailboxManager) {
        this.journal = journal;
        this.queue = queue;
        this.mailboxManager = mailboxManager;
    }

    @Override
    public void changed(AnnotationChange change) {
        String owner = change.owner();
        // Only a removal leaves a record, and a set clears one: nothing to look up otherwise.
        if (!change.removed().isEmpty() || !journal.tombstones(owner).isEmpty()) {
            try {
                journal.record(owner, uidValidity(owner, change.mailbox()), change.set(), change.removed());
            } catch (Exception e) {
                // The client's change is made; failing it now would tell them otherwise. Without its
                // record, a removal is undone by the next session (the twin's value comes back).
                LOGGER.error("Annotation change of {} not recorded ({}): a removal may come back from the twin", owner, change, e);
            }
        }
        queue.request(owner, Priority.LOW);
    }

    private long uidValidity(String owner, String mailbox) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(owner));
        try {
            return mailboxManager.getMailbox(MailboxPath.forUser(Username.of(owner), mailbox), session)
                .getMailboxEntity().getUidValidity().asLong();
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }
}

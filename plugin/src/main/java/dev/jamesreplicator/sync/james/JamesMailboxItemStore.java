package dev.jamesreplicator.sync.james;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.search.MailboxQuery;

import dev.jamesreplicator.annotation.AnnotationWrites;
import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.model.MailboxItemTombstones;
import dev.jamesreplicator.state.MailboxItemJournal;
import dev.jamesreplicator.sync.MailboxItemStore;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.SyncException.Code;

/**
 * One user's per-mailbox items (annotations, ACL entries: a key to a value in each mailbox) on
 * this server, through James's API: read with this server's records of them under the user's
 * lock (so no change falls between the two), written as the replicator (so the agent's hooks
 * record nothing and queue no one), each write only if the mailbox still has the UIDVALIDITY and
 * the key the value the plan saw (else CONFLICT: the session plans again). Subclasses say how
 * James reads and writes their kind.
 */
abstract class JamesMailboxItemStore implements MailboxItemStore {
    protected final MailboxManager mailboxManager;
    private final MailboxItemJournal journal;
    protected final Username user;

    JamesMailboxItemStore(MailboxManager mailboxManager, MailboxItemJournal journal, Username user) {
        this.mailboxManager = mailboxManager;
        this.journal = journal;
        this.user = user;
    }

    /** The mailbox's items, key to value. */
    abstract Map<String, String> items(MailboxPath path, MailboxSession session) throws Exception;

    /** Gives {@code key} the {@code value} (none: removes it), through James. */
    abstract void apply(MailboxPath path, String key, Optional<String> value, MailboxSession session) throws Exception;

    /** The items' name in conflicts ("annotation", "ACL entry"). */
    abstract String itemName();

    /** The session the replicator's writes go through: {@code begins} true before them, false after. */
    void replicatorSession(MailboxSession session, boolean begins) {
    }

    @Override
    public Snapshot read() throws Exception {
        return AnnotationWrites.locked(user.asString(), () -> inSession(session -> {
            Map<Long, MailboxItemState.Mailbox> mailboxes = new TreeMap<>();
            List<MailboxMetaData> found = mailboxManager
                .search(MailboxQuery.privateMailboxesBuilder(session).matchesAllMailboxNames().build(),
                    MailboxManager.MailboxSearchFetchType.Minimal, session)
                .collectList().block();
            for (MailboxMetaData mailbox : found) {
                MailboxPath path = mailbox.getPath();
                mailboxes.put(mailbox.getMailbox().getUidValidity().asLong(), new MailboxItemState.Mailbox(path.getName(), items(path, session)));
            }
            return new Snapshot(new MailboxItemState(mailboxes), journal.tombstones(user.asString()));
        }));
    }

    @Override
    public void write(long uidValidity, String mailbox, String key, Optional<String> value, Optional<String> replacing)
            throws Exception {
        AnnotationWrites.locked(user.asString(), () -> AnnotationWrites.asReplicator(() -> inSession(session -> {
            MailboxPath path = MailboxPath.forUser(user, mailbox);
            Optional<String> current;
            try {
                long held = mailboxManager.getMailbox(path, session).getMailboxEntity().getUidValidity().asLong();
                if (held != uidValidity) {
                    throw conflict(mailbox + " is another mailbox (uidvalidity " + held + ") than the plan saw");
                }
                current = Optional.ofNullable(items(path, session).get(key));
            } catch (MailboxNotFoundException e) {
                throw conflict("the mailbox " + mailbox + " is gone");
            }
            if (!current.equals(replacing)) {
                throw conflict("the " + itemName() + " " + key + " of " + mailbox + " changed since it was read");
            }
            replicatorSession(session, true);
            try {
                apply(path, key, value, session);
            } finally {
                replicatorSession(session, false);
            }
            // Until the session completes: a session cut after this knows the value is the twin's.
            journal.written(user.asString(), uidValidity, key, value);
            return null;
        })));
    }

    @Override
    public MailboxItemState common() {
        return journal.common(user.asString());
    }

    @Override
    public void completeSync(MailboxItemState agreed, MailboxItemTombstones honoured) {
        journal.completeSync(user.asString(), agreed, honoured);
    }

    private SyncException conflict(String what) {
        return new SyncException(Code.CONFLICT, what + " (user " + user.asString() + ")");
    }

    private interface Work<T> {
        T run(MailboxSession session) throws Exception;
    }

    /** A system session of its own per call: on JPA, what it reads is the database now, not an earlier call's. */
    private <T> T inSession(Work<T> work) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(user);
        mailboxManager.startProcessingRequest(session);
        try {
            return work.run(session);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }
}

package dev.jamesreplicator.sync.james;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxPath;

import dev.jamesreplicator.state.OwnSessions;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.SyncException.Code;

/**
 * The James session a sync session reads ({@link JamesMailReader}) and writes
 * ({@link JamesMailWriter}) a user's mail through. Its id is registered as the replicator's own,
 * so its events do not replicate back.
 *
 * <p>One James session serves the whole sync session, but each operation is a processing request
 * of its own: on JPA a request keeps one EntityManager, whose cache would show this store what it
 * read earlier (another session's flag change stayed unseen) and grow with every message read.
 */
final class JamesSession implements AutoCloseable {
    private final MailboxManager mailboxManager;
    private final MailboxPathLocker locker;
    private final OwnSessions ownSessions;
    private final MailboxSession session;

    JamesSession(MailboxManager mailboxManager, MailboxPathLocker locker, OwnSessions ownSessions, Username user) {
        this.mailboxManager = mailboxManager;
        this.locker = locker;
        this.ownSessions = ownSessions;
        this.session = mailboxManager.createSystemSession(user);
        ownSessions.add(session.getSessionId().getValue());
        mailboxManager.startProcessingRequest(session);
    }

    MailboxManager mailboxManager() {
        return mailboxManager;
    }

    MailboxSession session() {
        return session;
    }

    /** The user, as the journal and the messages name them. */
    String owner() {
        return session.getUser().asString();
    }

    MailboxPath path(String name) {
        return MailboxPath.forUser(session.getUser(), name);
    }

    /**
     * Ends the session's processing request and starts another: what follows reads the store as
     * it is now, not as an earlier operation of this sync session saw it (JPA's EntityManager).
     */
    void freshRequest() {
        mailboxManager.endProcessingRequest(session);
        mailboxManager.startProcessingRequest(session);
    }

    /**
     * Runs {@code execution} under the mailbox's lock that James's appends take while they
     * allocate a UID and store the message: the mailbox manager's own locker, not Guice's.
     */
    <T> T withLock(MessageManager mailbox, MailboxPathLocker.LockType type, MailboxPathLocker.LockAwareExecution<T> execution)
            throws MailboxException {
        return locker.executeWithLock(mailbox.getMailboxPath(), execution, type);
    }

    MessageManager openWithUidValidity(String name, long uidValidity) {
        MessageManager mailbox = open(name);
        long actual = uidValidity(mailbox);
        if (actual != uidValidity) {
            throw new SyncException(Code.CONFLICT, "mailbox " + name + " has UIDVALIDITY " + actual + ", not " + uidValidity);
        }
        return mailbox;
    }

    MessageManager open(String name) {
        try {
            return mailboxManager.getMailbox(path(name), session);
        } catch (MailboxNotFoundException e) {
            throw new SyncException(Code.NOT_FOUND, "no mailbox " + name, e);
        } catch (MailboxException e) {
            throw failure("cannot open mailbox " + name, e);
        }
    }

    long uidValidity(MessageManager mailbox) {
        try {
            return mailbox.getMailboxEntity().getUidValidity().asLong();
        } catch (MailboxException e) {
            throw failure("cannot read the UIDVALIDITY of " + mailbox.getMailboxPath().getName(), e);
        }
    }

    SyncException failure(String what, Exception cause) {
        return new SyncException(Code.FAILED, what + " (user " + owner() + "): " + cause.getMessage(), cause);
    }

    @Override
    public void close() {
        try {
            mailboxManager.endProcessingRequest(session);
        } finally {
            ownSessions.remove(session.getSessionId().getValue());
        }
    }
}

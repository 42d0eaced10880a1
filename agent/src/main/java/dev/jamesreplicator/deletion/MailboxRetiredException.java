package dev.jamesreplicator.deletion;

import org.apache.james.mailbox.exception.MailboxException;

/**
 * An add into a mailbox that replication is replacing. The writer (an IMAP APPEND, a local
 * delivery) gets an ordinary mailbox error and tries again, and finds the replacement: the
 * message is never stored into a mailbox that is about to be deleted.
 */
public class MailboxRetiredException extends MailboxException {
    private static final long serialVersionUID = 1L;

    public MailboxRetiredException(Object mailboxId) {
        super("mailbox " + mailboxId + " is being replaced by replication; try again");
    }
}

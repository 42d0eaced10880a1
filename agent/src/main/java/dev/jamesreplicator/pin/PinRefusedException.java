package dev.jamesreplicator.pin;

import org.apache.james.mailbox.exception.MailboxException;

/**
 * A pinned value James cannot take without breaking IMAP: a UID that is not above the mailbox's
 * last UID would overwrite or reorder messages. The sync engine treats it as a conflict.
 */
public class PinRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PinRefusedException(String message) {
        super(message);
    }

    /**
     * {@code thrown} as it is, unless it is a refusal: then a {@link MailboxException} caused by it,
     * which is what James's transactional mappers roll back on (a runtime exception leaves their
     * transaction open). Callers find the refusal among the causes.
     */
    public static Throwable asMailboxException(Throwable thrown) {
        if (thrown instanceof PinRefusedException) {
            return new MailboxException(thrown.getMessage(), thrown);
        }
        return thrown;
    }
}

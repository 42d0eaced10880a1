package dev.jamesreplicator.pin;

/**
 * A pinned value James cannot take without breaking IMAP: a UID that is not above the mailbox's
 * last UID would overwrite or reorder messages. The sync engine treats it as a conflict.
 */
public class PinRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PinRefusedException(String message) {
        super(message);
    }
}

package dev.jamesreplicator.sync;

/** A sync step that failed; the code tells the replicator whether and when to try again. */
public class SyncException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Code {
        /** The twin is syncing this user right now: try again shortly. */
        BUSY,
        /** The twin has no such user. */
        UNKNOWN_USER,
        /** The twin leaves this user out of replication (its {@code noReplicate} list): it serves no session of it. */
        NO_REPLICATE,
        /** The state changed under the step (a UID taken, a mailbox gone): plan again. */
        CONFLICT,
        /** The step asked for something that does not exist. */
        NOT_FOUND,
        /** Anything else: the link, James, a bug. */
        FAILED
    }

    private final Code code;

    public SyncException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public SyncException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}

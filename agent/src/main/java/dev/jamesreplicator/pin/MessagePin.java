package dev.jamesreplicator.pin;

/**
 * The UID and MODSEQ one replicated message must get, and the MODSEQ it really got; for an
 * append, also whether the message starts a conversation thread of its own.
 */
public final class MessagePin {
    private final long uid;
    private final long modSeq;
    private final boolean forced;
    private final boolean startsThread;
    private volatile long assignedModSeq;

    MessagePin(long uid, long modSeq) {
        this(uid, modSeq, false, false);
    }

    MessagePin(long uid, long modSeq, boolean forced, boolean startsThread) {
        this.uid = uid;
        this.modSeq = modSeq;
        this.forced = forced;
        this.startsThread = startsThread;
    }

    /** A flag update James must take as a change of every message it touches. */
    boolean forced() {
        return forced;
    }

    /** The message began a thread of its own where it comes from: James need not search for one. */
    boolean startsThread() {
        return startsThread;
    }

    public long uid() {
        return uid;
    }

    /** The wanted MODSEQ; 0 lets James choose. */
    public long modSeq() {
        return modSeq;
    }

    /** The MODSEQ James stored, once the append is done: the pinned one unless it was too low. */
    public long assignedModSeq() {
        return assignedModSeq;
    }

    void assignModSeq(long value) {
        this.assignedModSeq = value;
    }
}

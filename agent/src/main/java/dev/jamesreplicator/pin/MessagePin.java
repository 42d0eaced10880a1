package dev.jamesreplicator.pin;

/** The UID and MODSEQ one replicated message must get, and the MODSEQ it really got. */
public final class MessagePin {
    private final long uid;
    private final long modSeq;
    private final boolean forced;
    private volatile long assignedModSeq;

    MessagePin(long uid, long modSeq) {
        this(uid, modSeq, false);
    }

    MessagePin(long uid, long modSeq, boolean forced) {
        this.uid = uid;
        this.modSeq = modSeq;
        this.forced = forced;
    }

    /** A flag update James must take as a change of every message it touches. */
    boolean forced() {
        return forced;
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

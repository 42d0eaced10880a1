package dev.jamesreplicator.pin;

/** A MODSEQ one replicated write must take, and the MODSEQ James really gave it. */
public abstract class ModSeqPin {
    private final long modSeq;
    private volatile long assignedModSeq;

    ModSeqPin(long modSeq) {
        this.modSeq = modSeq;
    }

    /** The wanted MODSEQ; 0 lets James choose. */
    public long modSeq() {
        return modSeq;
    }

    /** The MODSEQ James stored, once the write is done: the pinned one unless it was too low; 0 before. */
    public long assignedModSeq() {
        return assignedModSeq;
    }

    void assignModSeq(long value) {
        this.assignedModSeq = value;
    }
}

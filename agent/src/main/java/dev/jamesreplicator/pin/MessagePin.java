package dev.jamesreplicator.pin;

/**
 * The UID and MODSEQ one replicated message must get, and whether it began a conversation
 * thread of its own on the server it comes from.
 */
public final class MessagePin extends ModSeqPin {
    private final long uid;
    private final boolean startsThread;

    MessagePin(long uid, long modSeq, boolean startsThread) {
        super(modSeq);
        this.uid = uid;
        this.startsThread = startsThread;
    }

    public long uid() {
        return uid;
    }

    /** James need not search for the message's thread: it gets one of its own. */
    boolean startsThread() {
        return startsThread;
    }
}

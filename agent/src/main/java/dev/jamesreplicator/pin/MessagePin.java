package dev.jamesreplicator.pin;

import java.util.Collections;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The UID and MODSEQ one replicated message must get, and whether it began a conversation
 * thread of its own on the server it comes from. Pass {@link #internalDate()}, and no other
 * Date, as the append's internal date, and close the pin when the append returns.
 *
 * <p>Keyed by the identity of that fresh Date: James adds the message on another thread than
 * the caller, but with the very Date object given as internal date, which no other writer can hold.
 */
public final class MessagePin extends ModSeqPin implements AutoCloseable {
    private static final Map<Date, MessagePin> PINNED = Collections.synchronizedMap(new IdentityHashMap<>());

    private final Date internalDate;
    private final long uid;
    private final boolean startsThread;

    private MessagePin(Date internalDate, long uid, long modSeq, boolean startsThread) {
        super(modSeq);
        this.internalDate = internalDate;
        this.uid = uid;
        this.startsThread = startsThread;
    }

    /**
     * Pins UID and MODSEQ for one append.
     *
     * @param modSeq the wanted MODSEQ, or 0 to let James choose
     */
    public static MessagePin take(long internalDateMillis, long uid, long modSeq) {
        return take(internalDateMillis, uid, modSeq, false);
    }

    /**
     * The same, for a message that began a conversation thread of its own on the server it
     * comes from: James gives it a thread of its own too, instead of searching all the user's
     * messages for one (the costliest part of James's append; the agent's hook on
     * {@code SearchThreadIdGuessingAlgorithm}).
     */
    public static MessagePin take(long internalDateMillis, long uid, long modSeq, boolean startsThread) {
        if (uid <= 0) {
            throw new IllegalArgumentException("UID must be positive: " + uid);
        }
        if (modSeq < 0) {
            throw new IllegalArgumentException("MODSEQ must be positive, or 0 to let James choose: " + modSeq);
        }
        MessagePin pin = new MessagePin(new Date(internalDateMillis), uid, modSeq, startsThread);
        PINNED.put(pin.internalDate, pin);
        return pin;
    }

    /** The append's internal date: this very object, the pin's key. */
    public Date internalDate() {
        return internalDate;
    }

    public long uid() {
        return uid;
    }

    /** James need not search for the message's thread: it gets one of its own. */
    boolean startsThread() {
        return startsThread;
    }

    @Override
    public void close() {
        PINNED.remove(internalDate);
    }

    /** The pin whose key is this very Date, or null. */
    static MessagePin pinnedFor(Date internalDate) {
        return internalDate == null ? null : PINNED.get(internalDate);
    }
}

package dev.jamesreplicator.pin;

/**
 * The MODSEQ of the next flag update made on this thread (James updates flags on the caller's
 * thread); forced, James takes it as a change of every message it touches. Close it when the
 * update returns.
 */
public final class FlagUpdatePin extends ModSeqPin implements AutoCloseable {
    private static final ThreadLocal<FlagUpdatePin> ON_THREAD = new ThreadLocal<>();

    private final boolean forced;

    private FlagUpdatePin(long modSeq, boolean forced) {
        super(modSeq);
        this.forced = forced;
    }

    /** The next flag update on this thread takes {@code modSeq}, or the next one if it is not above the highest. */
    public static FlagUpdatePin take(long modSeq) {
        return take(modSeq, false);
    }

    /**
     * As {@link #take}, and James takes the update as a change of every message it touches even
     * when their flags stay as they are: each such message gets the pinned MODSEQ. This is how a
     * message's MODSEQ is raised to its twin's without touching its flags.
     */
    public static FlagUpdatePin takeForced(long modSeq) {
        return take(modSeq, true);
    }

    private static FlagUpdatePin take(long modSeq, boolean forced) {
        if (modSeq <= 0) {
            throw new IllegalArgumentException("MODSEQ must be positive: " + modSeq);
        }
        FlagUpdatePin pin = new FlagUpdatePin(modSeq, forced);
        ON_THREAD.set(pin);
        return pin;
    }

    boolean forced() {
        return forced;
    }

    @Override
    public void close() {
        ON_THREAD.remove();
    }

    /** This thread's flag-update pin, or null. */
    static FlagUpdatePin onThisThread() {
        return ON_THREAD.get();
    }
}

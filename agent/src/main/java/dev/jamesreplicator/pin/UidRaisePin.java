package dev.jamesreplicator.pin;

/**
 * The next UID James is asked for on this thread, outside any add, moves the mailbox's last UID
 * up to {@code lastUid} (UIDNEXT becomes {@code lastUid + 1}); a last UID already there or above
 * stays. The plugin then asks the UID provider directly: no message takes the UID. Close it
 * afterwards, whatever the outcome.
 */
public final class UidRaisePin implements AutoCloseable {
    private static final ThreadLocal<UidRaisePin> ON_THREAD = new ThreadLocal<>();

    private final long lastUid;

    private UidRaisePin(long lastUid) {
        this.lastUid = lastUid;
    }

    public static UidRaisePin take(long lastUid) {
        if (lastUid <= 0) {
            throw new IllegalArgumentException("a UID must be positive: " + lastUid);
        }
        UidRaisePin pin = new UidRaisePin(lastUid);
        ON_THREAD.set(pin);
        return pin;
    }

    @Override
    public void close() {
        ON_THREAD.remove();
    }

    /** This thread's raise, taken off the thread (one raise per pin), or null. */
    static UidRaisePin claim() {
        UidRaisePin pin = ON_THREAD.get();
        ON_THREAD.remove();
        return pin;
    }

    long lastUid() {
        return lastUid;
    }
}

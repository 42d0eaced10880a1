package dev.jamesreplicator.sieve;

import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

import dev.jamesreplicator.report.ReportedChanges;

/**
 * Changes to users' Sieve scripts, which James announces to no one: the agent calls
 * {@link #begin} and {@link #end} around each change a {@code SieveRepository} makes, and the
 * plugin's {@link Listener} records it (a tombstone, a queued user) before the lock is released.
 * A session reads a user's scripts and journal under {@link #locked}, so it never sees a script
 * gone without its tombstone. The replicator's own writes run inside {@link #asReplicator} and
 * are not reported (loop-free).
 */
public final class SieveWrites {
    private static final int STRIPES = 64;
    private static final ReentrantLock[] LOCKS = new ReentrantLock[STRIPES];
    private static final ReportedChanges<Listener> REPORTS = new ReportedChanges<>();

    static {
        for (int i = 0; i < STRIPES; i++) {
            LOCKS[i] = new ReentrantLock();
        }
    }

    private SieveWrites() {
    }

    /** What the plugin does with a user's change, under the user's lock, before the client hears of it. */
    public interface Listener {
        void changed(String user, SieveChange change);
    }

    public static void listen(Listener newListener) {
        REPORTS.listen(newListener);
    }

    public static void stopListening(Listener oldListener) {
        REPORTS.stopListening(oldListener);
    }

    /** A change of {@code user}'s scripts begins: takes the user's lock. */
    public static void begin(String user) {
        lock(user).lock();
    }

    /** The change that {@link #begin} announced has ended; reported if it succeeded and is a user's. */
    public static void end(String user, SieveChange change, Throwable thrown) {
        try {
            Listener current = REPORTS.reportTo();
            if (thrown == null && current != null) {
                current.changed(user, change);
            }
        } finally {
            lock(user).unlock();
        }
    }

    /** Runs {@code work} holding {@code user}'s lock: no change of theirs runs meanwhile. */
    public static <T> T locked(String user, Callable<T> work) throws Exception {
        ReentrantLock lock = lock(user);
        lock.lock();
        try {
            return work.call();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} as the replicator: the changes it makes are not reported. */
    public static <T> T asReplicator(Callable<T> work) throws Exception {
        return REPORTS.asReplicator(work);
    }

    private static ReentrantLock lock(String user) {
        return LOCKS[Math.floorMod(user.hashCode(), STRIPES)];
    }
}

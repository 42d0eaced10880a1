package dev.jamesreplicator.serverdata;

import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

import dev.jamesreplicator.report.ReportedChanges;

/**
 * Changes of the server-wide data (domains, recipient rewrites), which James announces to no one:
 * the agent calls {@link #begin} and {@link #end} around each change, and the plugin's
 * {@link Listener} records it (a tombstone, the server unit queued) before the lock is released.
 * A session reads the server data and its journal under {@link #locked}, so it never sees an
 * item gone without its tombstone. The replicator's own writes run inside {@link #asReplicator}
 * and are not reported (loop-free). One lock for all: such changes are rare (docs/server-data.md).
 */
public final class ServerDataWrites {
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final ReportedChanges<Listener> REPORTS = new ReportedChanges<>();

    private ServerDataWrites() {
    }

    /** What the plugin does with a change, under the lock, before the caller hears of it. */
    public interface Listener {
        void changed(ServerDataChange change);
    }

    public static void listen(Listener newListener) {
        REPORTS.listen(newListener);
    }

    public static void stopListening(Listener oldListener) {
        REPORTS.stopListening(oldListener);
    }

    /** A change begins: takes the lock. */
    public static void begin() {
        LOCK.lock();
    }

    /** The change {@link #begin} announced has ended; reported if it succeeded and is not the replicator's. */
    public static void end(ServerDataChange change, Throwable thrown) {
        try {
            Listener current = REPORTS.reportTo();
            if (thrown == null && current != null) {
                current.changed(change);
            }
        } finally {
            LOCK.unlock();
        }
    }

    /** Runs {@code work} holding the lock: no change runs meanwhile. */
    public static <T> T locked(Callable<T> work) throws Exception {
        LOCK.lock();
        try {
            return work.call();
        } finally {
            LOCK.unlock();
        }
    }

    /** Runs {@code work} as the replicator: the changes it makes are not reported. */
    public static <T> T asReplicator(Callable<T> work) throws Exception {
        return REPORTS.asReplicator(work);
    }
}

package dev.jamesreplicator.report;

import java.util.concurrent.Callable;

/**
 * Who hears of the changes a hook reports (changes James announces to no one: Sieve scripts,
 * annotations, server data): the plugin's listener, once it listens; and which changes are the
 * replicator's own, made inside {@link #asReplicator} and never reported (loop-free). Each kind
 * keeps one, with its own listener type {@code L} and its own lock.
 */
public final class ReportedChanges<L> {
    private final ThreadLocal<Boolean> replicator = ThreadLocal.withInitial(() -> false);
    private volatile L listener;

    public void listen(L newListener) {
        listener = newListener;
    }

    public void stopListening(L oldListener) {
        if (listener == oldListener) {
            listener = null;
        }
    }

    /** The listener to report a change made now to; null when no plugin listens or the replicator makes it. */
    public L reportTo() {
        L current = listener;
        return current == null || replicator.get() ? null : current;
    }

    /** Runs {@code work} as the replicator: the changes it makes are not reported. */
    public <T> T asReplicator(Callable<T> work) throws Exception {
        boolean outer = replicator.get();
        replicator.set(true);
        try {
            return work.call();
        } finally {
            replicator.set(outer);
        }
    }
}

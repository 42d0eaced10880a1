package dev.jamesreplicator.annotation;

import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.jamesreplicator.report.ReportedChanges;

/**
 * Changes of mailbox annotations (IMAP SETMETADATA), which James announces to no one: the agent
 * wraps each update James's annotation manager is asked for ({@link #reported}), so that it runs
 * holding its owner's lock and, once it succeeded, the plugin's {@link Listener} records it (a
 * tombstone, a queued user) before the lock is released and the client hears OK. A session reads
 * a user's annotations and journal under {@link #locked}, so it never sees a key gone without its
 * tombstone. The replicator's own writes run inside {@link #asReplicator} and are not reported.
 *
 * <p>The same lock guards a user's mailbox ACL changes ({@link #guarded}): James raises an
 * event for those, which the plugin records inside it, so a session never reads an ACL entry
 * gone without its tombstone either (docs/acl.md).
 *
 * <p>The locks are semaphores, not thread-owned locks: James's update is reactive, and may end
 * on another thread than the one it began on.
 */
public final class AnnotationWrites {
    private static final int STRIPES = 64;
    private static final Semaphore[] LOCKS = new Semaphore[STRIPES];
    private static final ReportedChanges<Listener> REPORTS = new ReportedChanges<>();

    static {
        for (int i = 0; i < STRIPES; i++) {
            LOCKS[i] = new Semaphore(1);
        }
    }

    private AnnotationWrites() {
    }

    /** What the plugin does with a user's change, under the owner's lock, before the client hears of it. */
    public interface Listener {
        void changed(AnnotationChange change);
    }

    public static void listen(Listener newListener) {
        REPORTS.listen(newListener);
    }

    public static void stopListening(Listener oldListener) {
        REPORTS.stopListening(oldListener);
    }

    /**
     * James's update, run under the owner's lock and reported once it succeeded; unchanged when
     * the replicator makes it or no plugin listens. The lock is taken on a Reactor worker, never
     * on the IMAP thread that subscribes.
     */
    public static Mono<Void> reported(Mono<Void> update, AnnotationChange change) {
        Listener current = REPORTS.reportTo();
        if (current == null) {
            return update;
        }
        return guarded(update.then(Mono.<Void>fromRunnable(() -> current.changed(change))), change.owner());
    }

    /**
     * James's update, run under {@code owner}'s lock: what James does within it (the ACL event
     * and the plugin's listener of it) ends before a session can read. Unchanged when the
     * replicator makes it (it holds the lock already) or no plugin listens.
     */
    public static <T> Mono<T> guarded(Mono<T> update, String owner) {
        if (REPORTS.reportTo() == null) {
            return update;
        }
        Semaphore lock = lock(owner);
        return Mono.<T, Semaphore>using(() -> {
            lock.acquire();
            return lock;
        }, held -> update, Semaphore::release)
            .subscribeOn(Schedulers.boundedElastic());
    }

    /** Runs {@code work} holding {@code user}'s lock: no change of their annotations or ACLs runs meanwhile. */
    public static <T> T locked(String user, Callable<T> work) throws Exception {
        Semaphore lock = lock(user);
        lock.acquire();
        try {
            return work.call();
        } finally {
            lock.release();
        }
    }

    /** Runs {@code work} as the replicator: the changes it makes are not reported. */
    public static <T> T asReplicator(Callable<T> work) throws Exception {
        return REPORTS.asReplicator(work);
    }

    private static Semaphore lock(String user) {
        return LOCKS[Math.floorMod(user.hashCode(), STRIPES)];
    }
}

package dev.jamesreplicator.replicator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The clients waiting for one user's sync ({@link ReplicationQueue#awaitSync}). Every request
 * for the user is counted; a claim remembers the count when its sync begins, and a successful
 * sync releases whoever waited for a count it covers. Not durable: a waiter is a client waiting
 * on this process. Guarded by the queue's lock; the futures are completed outside it
 * ({@link #release}), since whoever waited may come straight back to the queue.
 */
final class SyncWaiters {
    /** Requests made for this user in this run, and how many of them a successful sync has answered. */
    private long requests;
    private long syncedThrough;
    private final List<Waiter> waiting = new ArrayList<>();

    void requested() {
        requests++;
    }

    long requests() {
        return requests;
    }

    /** A successful sync has answered every request made so far. */
    boolean answered() {
        return syncedThrough >= requests;
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** A wait for a sync that covers every request made so far. */
    CompletableFuture<Void> await() {
        Waiter waiter = new Waiter(requests);
        waiting.add(waiter);
        return waiter.synced;
    }

    /** A sync that covered {@code covered} requests succeeded: takes whoever it answers. */
    List<CompletableFuture<Void>> syncedThrough(long covered) {
        syncedThrough = Math.max(syncedThrough, covered);
        List<CompletableFuture<Void>> released = new ArrayList<>();
        waiting.removeIf(waiter -> waiter.target <= syncedThrough && released.add(waiter.synced));
        return released;
    }

    /** Takes every waiter: nothing they wait for will come. */
    List<CompletableFuture<Void>> takeAll() {
        List<CompletableFuture<Void>> released = new ArrayList<>();
        waiting.forEach(waiter -> released.add(waiter.synced));
        waiting.clear();
        return released;
    }

    /** Gives up one wait; false if it had been released. */
    boolean stop(CompletableFuture<Void> synced) {
        return waiting.removeIf(waiter -> waiter.synced == synced);
    }

    /** Outside the lock: whoever waited continues at once, and may come back to the queue. */
    static void release(List<CompletableFuture<Void>> released) {
        released.forEach(synced -> synced.complete(null));
    }

    /** A client waiting until a sync has answered request number {@code target}. */
    private static final class Waiter {
        final long target;
        final CompletableFuture<Void> synced = new CompletableFuture<>();

        Waiter(long target) {
            this.target = target;
        }
    }
}

package dev.jamesreplicator.replicator;

import java.time.Instant;

/**
 * One user's place in the {@link ReplicationQueue}: what it is owed, its running sync, its
 * history and who waits for it. A plain holder: every field is read and written under the
 * queue's lock, and the queue keeps the invariants between them.
 */
final class QueueEntry {
    final String user;
    Priority pending;
    boolean pendingFull;
    Instant requestedAt;
    /** Its place among the owed users: see {@link SyncOrder}. */
    long order;
    boolean syncing;
    ReplicationQueue.Claim claim;
    Instant notBefore = Instant.MIN;
    /** The pause after its last successful session: see {@link SyncOrder}. */
    Instant pausedUntil = Instant.MIN;
    Instant lastFastSync;
    Instant lastFullSync;
    Instant lastSuccess;
    Instant lastFailure;
    String lastError;
    int consecutiveFailures;
    /** Failures the next backoff counts: reset when the twin comes back ({@link FailureBackoff}). */
    int backoffFailures;
    final SyncWaiters waiters = new SyncWaiters();
    /** Left out of replication when last asked: see {@link ReplicationQueue#noReplicateChanged}. */
    boolean leftOut;
    /** Why the twin refused its last session, when it leaves the user out of replication; in memory only. */
    String twinRefusal;
    /** Since when its sessions are postponed in a row (busy, or the state moved under them); null once one ends otherwise. */
    Instant postponedSince;
    /** Whether the present run of postponements has been warned about. */
    boolean postponementsWarned;

    QueueEntry(String user) {
        this.user = user;
    }

    /** The priority the pending request is owed: {@code sync} while a client waits for it. */
    Priority owed() {
        return pending != null && !waiters.isEmpty() ? Priority.SYNC : pending;
    }

    /** Forgets the pending request (taken by a worker, or its user left out). */
    void drop() {
        pending = null;
        pendingFull = false;
        requestedAt = null;
    }
}

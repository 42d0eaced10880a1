package dev.jamesreplicator.replicator;

import java.time.Duration;
import java.time.Instant;

/**
 * What a failed sync costs a user: it is owed again after a delay that doubles with each failure
 * in a row ({@link #FIRST_RETRY} up to {@link #LONGEST_RETRY}), and status counts the failures
 * until a sync succeeds. When the twin answers again the delays end and start anew
 * ({@link #retryNow}). Called under the {@link ReplicationQueue}'s lock.
 */
final class FailureBackoff {
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(60);

    private FailureBackoff() {
    }

    static Duration delay(int consecutiveFailures) {
        long factor = 1L << Math.min(Math.max(consecutiveFailures, 1) - 1, 16);
        Duration delay = FIRST_RETRY.multipliedBy(factor);
        return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
    }

    /** Counts a failure; returns how long the user waits before it is tried again. */
    static Duration failed(QueueEntry entry, Instant at, String error) {
        entry.consecutiveFailures++;
        entry.backoffFailures++;
        entry.lastFailure = at;
        entry.lastError = error;
        return delay(entry.backoffFailures);
    }

    static void succeeded(QueueEntry entry) {
        entry.consecutiveFailures = 0;
        entry.backoffFailures = 0;
        entry.lastError = null;
    }

    /** Ends the wait of a user that sits out a backoff, and starts its backoff anew; true if it did. */
    static boolean retryNow(QueueEntry entry) {
        if (entry.pending != null && !entry.syncing && entry.consecutiveFailures > 0) {
            entry.notBefore = Instant.MIN;
            entry.backoffFailures = 0;
            return true;
        }
        return false;
    }
}

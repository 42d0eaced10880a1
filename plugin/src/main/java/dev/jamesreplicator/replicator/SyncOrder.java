package dev.jamesreplicator.replicator;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which owed user a worker takes next: the most urgent ready one, oldest first within a
 * priority. Fairness: a request that has waited {@link #STARVATION_AGE} is not starved by a
 * stream of more urgent ones: while it waits, every {@link #FAIR_SHARE}th take goes to the oldest
 * ready request, so new mail keeps most of the workers and older work still moves. Guarded by
 * the {@link ReplicationQueue}'s lock.
 */
final class SyncOrder {
    static final Duration STARVATION_AGE = Duration.ofSeconds(10);
    static final int FAIR_SHARE = 4;
    /** The longest pause between two sessions of one user that no client waits for. */
    static final Duration LONGEST_PAUSE = Duration.ofMillis(500);

    private long sequence;
    private int oldestBypassed;

    /** Adds what a user is owed; true if that changed anything to remember. */
    boolean owe(QueueEntry entry, Priority priority, boolean full, Instant at) {
        if (entry.pending == null) {
            entry.pending = priority;
            entry.pendingFull = full;
            entry.order = sequence++;
            entry.requestedAt = at;
            return true;
        }
        boolean changed = false;
        if (priority.moreUrgentThan(entry.pending)) {
            entry.pending = priority;
            changed = true;
        }
        if (full && !entry.pendingFull) {
            entry.pendingFull = true;
            changed = true;
        }
        return changed;
    }

    /** Places the users owed a sync at start-up in the order they asked for it. */
    void inRequestOrder(List<QueueEntry> owed) {
        owed.sort(Comparator.comparing((QueueEntry entry) -> entry.requestedAt));
        owed.forEach(entry -> entry.order = sequence++);
    }

    Optional<QueueEntry> choose(Collection<QueueEntry> entries, Instant now) {
        QueueEntry mostUrgent = null;
        QueueEntry oldest = null;
        for (QueueEntry entry : entries) {
            if (!ready(entry, now)) {
                continue;
            }
            if (mostUrgent == null || entry.owed().moreUrgentThan(mostUrgent.owed())
                || (entry.owed() == mostUrgent.owed() && entry.order < mostUrgent.order)) {
                mostUrgent = entry;
            }
            if (oldest == null || entry.order < oldest.order) {
                oldest = entry;
            }
        }
        if (mostUrgent == null) {
            return Optional.empty();
        }
        if (oldest != mostUrgent && !oldest.requestedAt.plus(STARVATION_AGE).isAfter(now)) {
            if (oldestBypassed >= FAIR_SHARE - 1) {
                oldestBypassed = 0;
                return Optional.of(oldest);
            }
            oldestBypassed++;
        } else {
            oldestBypassed = 0;
        }
        return Optional.of(mostUrgent);
    }

    /** How long until an owed user that waits becomes ready; {@code Long.MAX_VALUE} if none waits. */
    long nanosUntilNextReady(Collection<QueueEntry> entries, Instant now) {
        return entries.stream()
            .filter(entry -> entry.pending != null && !entry.syncing && readyAt(entry).isAfter(now))
            .mapToLong(entry -> Duration.between(now, readyAt(entry)).toNanos())
            .min().orElse(Long.MAX_VALUE);
    }

    /** After a successful session that took {@code took}: see {@link #readyAt}. */
    static void pauseAfterSuccess(QueueEntry entry, Duration took, Instant now) {
        entry.pausedUntil = now.plus(took.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : took);
    }

    private static boolean ready(QueueEntry entry, Instant now) {
        return entry.pending != null && !entry.syncing && !readyAt(entry).isAfter(now) && !entry.leftOut;
    }

    /**
     * After a backoff, or after the pause that follows a session: a user's next session waits
     * as long as its last one took (at most {@link #LONGEST_PAUSE}), so that a bulk writer's new
     * mail is taken in batches rather than one session per message, each reading both whole
     * states. Not while a client waits for the sync.
     */
    private static Instant readyAt(QueueEntry entry) {
        if (entry.owed() == Priority.SYNC || entry.pausedUntil.isBefore(entry.notBefore)) {
            return entry.notBefore;
        }
        return entry.pausedUntil;
    }
}

package dev.jamesreplicator.replicator;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Queue lengths at one instant: the numbers of {@code doveadm replicator status}. */
public final class QueueSummary {
    private final Map<Priority, Integer> queued;
    private final int queuedFailed;
    private final int waitingFailed;
    private final int syncing;
    private final int knownUsers;
    private final Optional<Instant> oldestRequest;
    private final int noReplicate;
    private final int refusedByTwin;

    QueueSummary(Map<Priority, Integer> queued, int queuedFailed, int waitingFailed, int syncing, int knownUsers,
            Optional<Instant> oldestRequest, int noReplicate, int refusedByTwin) {
        this.noReplicate = noReplicate;
        this.refusedByTwin = refusedByTwin;
        this.queued = queued;
        this.queuedFailed = queuedFailed;
        this.waitingFailed = waitingFailed;
        this.syncing = syncing;
        this.knownUsers = knownUsers;
        this.oldestRequest = oldestRequest;
    }

    /** Counts the entries in one pass. */
    static QueueSummary of(Collection<QueueEntry> entries, Instant now) {
        Map<Priority, Integer> queued = new EnumMap<>(Priority.class);
        for (Priority priority : Priority.values()) {
            queued.put(priority, 0);
        }
        int queuedFailed = 0;
        int waitingFailed = 0;
        int syncing = 0;
        int noReplicate = 0;
        int refusedByTwin = 0;
        Instant oldestRequest = null;
        for (QueueEntry entry : entries) {
            if (entry.syncing) {
                syncing++;
            }
            if (entry.leftOut) {
                noReplicate++;
                continue;
            }
            if (entry.twinRefusal != null) {
                // Not late: the twin's list says no. The health check says the lists differ.
                refusedByTwin++;
                continue;
            }
            if (entry.pending == null) {
                continue;
            }
            if (oldestRequest == null || entry.requestedAt.isBefore(oldestRequest)) {
                oldestRequest = entry.requestedAt;
            }
            if (entry.consecutiveFailures > 0 && entry.notBefore.isAfter(now)) {
                waitingFailed++;
            } else if (entry.consecutiveFailures > 0) {
                queuedFailed++;
            } else {
                queued.merge(entry.owed(), 1, Integer::sum);
            }
        }
        return new QueueSummary(queued, queuedFailed, waitingFailed, syncing, entries.size(), Optional.ofNullable(oldestRequest),
            noReplicate, refusedByTwin);
    }

    /** Ready requests of this priority whose user's last sync did not fail. */
    public int queued(Priority priority) {
        return queued.get(priority);
    }

    /** Ready requests of users whose last sync failed. */
    public int queuedFailed() {
        return queuedFailed;
    }

    /** Requests sitting out a backoff after a failure. */
    public int waitingFailed() {
        return waitingFailed;
    }

    public int syncing() {
        return syncing;
    }

    public int knownUsers() {
        return knownUsers;
    }

    /** Known users this node leaves out of replication (they count among the known users). */
    public int noReplicate() {
        return noReplicate;
    }

    /** Known users whose last session the twin refused as left out of replication there. */
    public int refusedByTwin() {
        return refusedByTwin;
    }

    /** When the longest-waiting pending request was made (a running sync does not count). */
    public Optional<Instant> oldestRequest() {
        return oldestRequest;
    }
}

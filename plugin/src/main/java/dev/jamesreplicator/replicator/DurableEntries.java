package dev.jamesreplicator.replicator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The queue's entries as {@link QueueRecords} keeps them across restarts: a request is in the
 * log when {@link #requested} returns, so it survives kill -9; a sync that was running when the
 * process died is still owed at the next start (the record keeps it until the sync succeeds).
 * Called under the {@link ReplicationQueue}'s lock, which also keeps a request from being logged
 * between a checkpoint's commit and its truncation of the log.
 */
final class DurableEntries {
    private final QueueRecords records;

    DurableEntries(QueueRecords records) {
        this.records = records;
    }

    /**
     * Re-creates the entries of the last run into {@code entries}: the records of the last
     * checkpoint, then the requests logged after it. What was owed (queued or running) is owed
     * again, oldest first; nothing to a user left out.
     */
    void restore(Map<String, QueueEntry> entries, Clock clock, SyncOrder order, Predicate<String> noReplicate) {
        records.loadAll().forEach((user, record) -> {
            QueueEntry entry = new QueueEntry(user);
            entry.lastFastSync = record.lastFastSync.orElse(null);
            entry.lastFullSync = record.lastFullSync.orElse(null);
            entry.lastSuccess = record.lastSuccess.orElse(null);
            entry.lastFailure = record.lastFailure.orElse(null);
            entry.consecutiveFailures = record.consecutiveFailures;
            entry.backoffFailures = record.consecutiveFailures;
            entry.lastError = record.lastError.orElse(null);
            if (record.owed.isPresent()) {
                entry.pending = record.owed.get();
                entry.pendingFull = record.owedFull;
                entry.requestedAt = record.requestedAt.orElse(clock.instant());
            }
            entries.put(user, entry);
        });
        records.replayLog(line -> {
            if (line.priority.isEmpty()) {
                entries.remove(line.user);
                records.remove(line.user);
            } else {
                order.owe(entries.computeIfAbsent(line.user, QueueEntry::new), line.priority.get(), line.full, line.at);
            }
        });
        List<QueueEntry> owed = new ArrayList<>();
        for (QueueEntry entry : entries.values()) {
            if (entry.pending == Priority.SYNC) {
                // Stored by an earlier version, or asked for: whoever waited for it went with the last run.
                entry.pending = Priority.HIGH;
            }
            if (noReplicate.test(entry.user)) {
                entry.leftOut = true;
                entry.drop();
            }
            if (entry.pending != null) {
                owed.add(entry);
            }
            persist(entry);
        }
        order.inRequestOrder(owed);
        records.checkpoint();
    }

    /** Logs what the user is owed now; durable (against kill -9) when it returns. */
    void requested(QueueEntry entry, Instant at) {
        persist(entry);
        records.logRequest(entry.user, entry.pending, entry.pendingFull, at);
        if (records.logIsLarge()) {
            records.checkpoint();
        }
    }

    void removed(String user, Instant at) {
        records.remove(user);
        records.logRemoval(user, at);
    }

    /** Writes what the user is owed, counting a running sync as owed until it succeeds. */
    void persist(QueueEntry entry) {
        Priority owed = entry.pending;
        boolean owedFull = entry.pendingFull;
        Instant requestedAt = entry.requestedAt;
        if (entry.claim != null) {
            if (owed == null || entry.claim.priority().moreUrgentThan(owed)) {
                owed = entry.claim.priority();
            }
            owedFull |= entry.claim.full();
            requestedAt = requestedAt == null ? entry.claim.takenAt() : requestedAt;
        }
        records.put(entry.user, new QueueRecord(Optional.ofNullable(owed), owedFull, Optional.ofNullable(requestedAt),
            Optional.ofNullable(entry.lastFastSync), Optional.ofNullable(entry.lastFullSync),
            Optional.ofNullable(entry.lastSuccess), Optional.ofNullable(entry.lastFailure),
            entry.consecutiveFailures, Optional.ofNullable(entry.lastError)));
    }

    /** Folds the request log into the state store. */
    void checkpoint() {
        records.checkpoint();
    }

    long writeFailures() {
        return records.writeFailures();
    }
}

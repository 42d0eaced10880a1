package dev.jamesreplicator.replicator;

import java.time.Instant;
import java.util.Optional;

/**
 * What the replicator remembers of one user across restarts: the sync it still owes (a pending
 * request, or one that was running when the process died) and the history status shows.
 * Stored as one line of tab-separated fields: cheap to write from the listener, readable in a
 * dump of the store.
 */
final class QueueRecord {
    private static final String VERSION = "1";
    private static final String NONE = "-";

    final Optional<Priority> owed;
    final boolean owedFull;
    final Optional<Instant> requestedAt;
    final Optional<Instant> lastFastSync;
    final Optional<Instant> lastFullSync;
    final Optional<Instant> lastSuccess;
    final Optional<Instant> lastFailure;
    final int consecutiveFailures;
    final Optional<String> lastError;

    QueueRecord(Optional<Priority> owed, boolean owedFull, Optional<Instant> requestedAt, Optional<Instant> lastFastSync,
                Optional<Instant> lastFullSync, Optional<Instant> lastSuccess, Optional<Instant> lastFailure,
                int consecutiveFailures, Optional<String> lastError) {
        this.owed = owed;
        this.owedFull = owedFull;
        this.requestedAt = requestedAt;
        this.lastFastSync = lastFastSync;
        this.lastFullSync = lastFullSync;
        this.lastSuccess = lastSuccess;
        this.lastFailure = lastFailure;
        this.consecutiveFailures = consecutiveFailures;
        this.lastError = lastError;
    }

    String encode() {
        return String.join("\t", VERSION,
            owed.map(Priority::name).orElse(NONE),
            owedFull ? "1" : "0",
            instant(requestedAt), instant(lastFastSync), instant(lastFullSync), instant(lastSuccess), instant(lastFailure),
            Integer.toString(consecutiveFailures),
            lastError.map(error -> error.replaceAll("[\\t\\r\\n]+", " ")).orElse(""));
    }

    /** Empty for a line this version cannot read (a newer format): that user is then synced in full. */
    static Optional<QueueRecord> decode(String line) {
        String[] fields = line.split("\t", 10);
        if (fields.length != 10 || !VERSION.equals(fields[0])) {
            return Optional.empty();
        }
        try {
            return Optional.of(new QueueRecord(
                fields[1].equals(NONE) ? Optional.empty() : Optional.of(Priority.valueOf(fields[1])),
                fields[2].equals("1"),
                instant(fields[3]), instant(fields[4]), instant(fields[5]), instant(fields[6]), instant(fields[7]),
                Integer.parseInt(fields[8]),
                fields[9].isEmpty() ? Optional.empty() : Optional.of(fields[9])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String instant(Optional<Instant> instant) {
        return instant.map(value -> Long.toString(value.toEpochMilli())).orElse(NONE);
    }

    private static Optional<Instant> instant(String field) {
        return field.equals(NONE) ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(field)));
    }
}

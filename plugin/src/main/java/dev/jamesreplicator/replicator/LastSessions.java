package dev.jamesreplicator.replicator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Singleton;

import dev.jamesreplicator.sync.SyncStats;

/**
 * What each user's last successful sync session exchanged with the twin, for WebAdmin's user
 * status (totals since start are {@link ReplicatorMetrics}'). In memory: a restart starts afresh.
 */
@Singleton
public class LastSessions {
    private final Map<String, Report> byUser = new ConcurrentHashMap<>();

    public void record(String user, Instant startedAt, Instant finishedAt, SyncStats stats) {
        byUser.put(user, new Report(startedAt, finishedAt, stats));
    }

    /** Forgets a user the replicator forgot. */
    public void forget(String user) {
        byUser.remove(user);
    }

    public Optional<Report> of(String user) {
        return Optional.ofNullable(byUser.get(user));
    }

    /** One finished session. */
    public static final class Report {
        private final Instant startedAt;
        private final Instant finishedAt;
        private final SyncStats stats;

        Report(Instant startedAt, Instant finishedAt, SyncStats stats) {
            this.startedAt = startedAt;
            this.finishedAt = finishedAt;
            this.stats = stats;
        }

        public Instant finishedAt() {
            return finishedAt;
        }

        public Duration took() {
            return Duration.between(startedAt, finishedAt);
        }

        public SyncStats stats() {
            return stats;
        }
    }
}

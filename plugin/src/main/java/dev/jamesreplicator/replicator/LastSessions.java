package dev.jamesreplicator.replicator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Singleton;

import dev.jamesreplicator.sync.SyncStats;

/**
 * What each user's last successful sync session exchanged with the twin, and totals since
 * start, for WebAdmin's status. In memory: a restart starts them afresh.
 */
@Singleton
public class LastSessions {
    private final Map<String, Report> byUser = new ConcurrentHashMap<>();
    private final AtomicLong incremental = new AtomicLong();
    private final AtomicLong full = new AtomicLong();
    private final AtomicLong wireBytesSent = new AtomicLong();
    private final AtomicLong wireBytesReceived = new AtomicLong();
    private final AtomicLong stateEntriesReceived = new AtomicLong();

    public void record(String user, Instant startedAt, Instant finishedAt, SyncStats stats) {
        byUser.put(user, new Report(startedAt, finishedAt, stats));
        (stats.full() ? full : incremental).incrementAndGet();
        wireBytesSent.addAndGet(stats.wireBytesSent());
        wireBytesReceived.addAndGet(stats.wireBytesReceived());
        stateEntriesReceived.addAndGet(stats.stateEntriesReceived());
    }

    /** Forgets a user the replicator forgot. */
    public void forget(String user) {
        byUser.remove(user);
    }

    public Optional<Report> of(String user) {
        return Optional.ofNullable(byUser.get(user));
    }

    public long incrementalSessions() {
        return incremental.get();
    }

    public long fullSessions() {
        return full.get();
    }

    public long wireBytesSent() {
        return wireBytesSent.get();
    }

    public long wireBytesReceived() {
        return wireBytesReceived.get();
    }

    public long stateEntriesReceived() {
        return stateEntriesReceived.get();
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

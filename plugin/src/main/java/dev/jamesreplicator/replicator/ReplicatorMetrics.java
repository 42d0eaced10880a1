package dev.jamesreplicator.replicator;

import java.util.Locale;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;

import dev.jamesreplicator.sync.SyncStats;

/**
 * The replicator's figures in James's metrics (WebAdmin {@code GET /metrics}, JMX, logs):
 * queue lengths per priority as gauges, one timer per sync session, counters of what
 * sessions exchanged with the twin (frames and bytes on the connection, message bodies, state
 * entries) and of how they ended.
 */
@Singleton
public class ReplicatorMetrics {
    static final String PREFIX = "replication_";

    private final MetricFactory metricFactory;
    private final Metric messagesSent;
    private final Metric messagesReceived;
    private final Metric bytesSent;
    private final Metric bytesReceived;
    private final Metric mailboxesCreated;
    private final Metric sessionsSucceeded;
    private final Metric sessionsFailed;
    private final Metric sessionsPostponed;
    private final Metric syncWaits;
    private final Metric syncTimeouts;
    private final Metric syncTwinDown;
    private final Metric sessionsFull;
    private final Metric sessionsIncremental;
    private final Metric framesSent;
    private final Metric framesReceived;
    private final Metric wireBytesSent;
    private final Metric wireBytesReceived;
    private final Metric stateEntriesReceived;
    private final Metric commonEntriesSent;
    private final Metric mailboxesIncremental;
    private final Metric mailboxesWhole;
    private final Metric mailboxesResent;

    @Inject
    public ReplicatorMetrics(MetricFactory metricFactory, GaugeRegistry gauges, ReplicationQueue queue) {
        this.metricFactory = metricFactory;
        this.messagesSent = metricFactory.generate(PREFIX + "messages_sent");
        this.messagesReceived = metricFactory.generate(PREFIX + "messages_received");
        this.bytesSent = metricFactory.generate(PREFIX + "bytes_sent");
        this.bytesReceived = metricFactory.generate(PREFIX + "bytes_received");
        this.mailboxesCreated = metricFactory.generate(PREFIX + "mailboxes_created");
        this.sessionsSucceeded = metricFactory.generate(PREFIX + "sessions_succeeded");
        this.sessionsFailed = metricFactory.generate(PREFIX + "sessions_failed");
        this.sessionsPostponed = metricFactory.generate(PREFIX + "sessions_postponed");
        this.syncWaits = metricFactory.generate(PREFIX + "sync_waits");
        this.syncTimeouts = metricFactory.generate(PREFIX + "sync_timeouts");
        this.syncTwinDown = metricFactory.generate(PREFIX + "sync_twin_down");
        this.sessionsFull = metricFactory.generate(PREFIX + "sessions_full");
        this.sessionsIncremental = metricFactory.generate(PREFIX + "sessions_incremental");
        this.framesSent = metricFactory.generate(PREFIX + "frames_sent");
        this.framesReceived = metricFactory.generate(PREFIX + "frames_received");
        this.wireBytesSent = metricFactory.generate(PREFIX + "wire_bytes_sent");
        this.wireBytesReceived = metricFactory.generate(PREFIX + "wire_bytes_received");
        this.stateEntriesReceived = metricFactory.generate(PREFIX + "state_entries_received");
        this.commonEntriesSent = metricFactory.generate(PREFIX + "common_entries_sent");
        this.mailboxesIncremental = metricFactory.generate(PREFIX + "mailboxes_incremental");
        this.mailboxesWhole = metricFactory.generate(PREFIX + "mailboxes_whole");
        this.mailboxesResent = metricFactory.generate(PREFIX + "mailboxes_resent");
        for (Priority priority : Priority.values()) {
            gauges.register(PREFIX + "queue_" + priority.name().toLowerCase(Locale.ROOT), () -> queue.summary().queued(priority));
        }
        gauges.register(PREFIX + "queue_failed", () -> queue.summary().queuedFailed());
        gauges.register(PREFIX + "queue_waiting_failed", () -> queue.summary().waitingFailed());
        gauges.register(PREFIX + "syncing", () -> queue.summary().syncing());
        gauges.register(PREFIX + "known_users", () -> queue.summary().knownUsers());
    }

    /** Started when a worker takes a user; stopped when its session ends, however it ends. */
    TimeMetric sessionTimer() {
        return metricFactory.timer(PREFIX + "session");
    }

    /** Counts a session that ran to its end, and what it exchanged. */
    public void succeeded(SyncStats stats) {
        sessionsSucceeded.increment();
        messagesSent.add(stats.messagesSent());
        messagesReceived.add(stats.messagesReceived());
        bytesSent.add(clamp(stats.bytesSent()));
        bytesReceived.add(clamp(stats.bytesReceived()));
        mailboxesCreated.add(stats.mailboxesCreated());
        (stats.full() ? sessionsFull : sessionsIncremental).increment();
        framesSent.add(clamp(stats.framesSent()));
        framesReceived.add(clamp(stats.framesReceived()));
        wireBytesSent.add(clamp(stats.wireBytesSent()));
        wireBytesReceived.add(clamp(stats.wireBytesReceived()));
        stateEntriesReceived.add(clamp(stats.stateEntriesReceived()));
        commonEntriesSent.add(clamp(stats.commonEntriesSent()));
        mailboxesIncremental.add(clamp(stats.mailboxesIncremental()));
        mailboxesWhole.add(clamp(stats.mailboxesWhole()));
        mailboxesResent.add(clamp(stats.mailboxesResent()));
    }

    void failed() {
        sessionsFailed.increment();
    }

    void postponed() {
        sessionsPostponed.increment();
    }

    /** A client waits for its new mail to reach the twin ({@code syncTimeout}). */
    void syncWaitStarted() {
        syncWaits.increment();
    }

    /** ... and heard OK after {@code syncTimeout} without it. */
    void syncTimedOut() {
        syncTimeouts.increment();
    }

    /** New mail answered without the twin because it was known unreachable (at once, or when that became known). */
    void answeredTwinDown() {
        syncTwinDown.increment();
    }

    /** Clients that waited for the twin since start, and how many of them gave up at the timeout. */
    public long syncWaits() {
        return syncWaits.getCount();
    }

    public long syncTimeouts() {
        return syncTimeouts.getCount();
    }

    public long syncTwinDown() {
        return syncTwinDown.getCount();
    }

    /** Totals of the sessions this node ran since start, for WebAdmin's {@code sinceStart}. */
    public long incrementalSessions() {
        return sessionsIncremental.getCount();
    }

    public long fullSessions() {
        return sessionsFull.getCount();
    }

    public long wireBytesSent() {
        return wireBytesSent.getCount();
    }

    public long wireBytesReceived() {
        return wireBytesReceived.getCount();
    }

    public long stateEntriesReceived() {
        return stateEntriesReceived.getCount();
    }

    private static int clamp(long value) {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }
}

package dev.jamesreplicator.admin.dto;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.replicator.Priority;
import dev.jamesreplicator.replicator.QueueSummary;
import dev.jamesreplicator.replicator.ReplicatorMetrics;

/** {@code GET /replication/status}: queue lengths, the workers, and what this node did since start. */
public final class StatusResponse {
    public final String node;
    public final String twin;
    /** Per priority ({@code sync}, {@code high}...), then {@code failed}. */
    public final Map<String, Integer> queued = new LinkedHashMap<>();
    public final int waitingAfterFailure;
    public final List<String> syncing;
    public final int knownUsers;
    public final String oldestRequest;
    public final int workers;
    public final SynchronousReplication synchronousReplication;
    public final SinceStart sinceStart;
    public final NoReplicate noReplicate;
    /** The kinds of server-wide data this node does not replicate ({@code users} with a read-only user base), each with the reason. */
    public final Map<String, String> notReplicated;

    public StatusResponse(ReplicationConfig config, QueueSummary summary, List<String> syncing, int workers,
                          ReplicatorMetrics metrics, List<String> noReplicateMasks, Map<String, String> notReplicated) {
        this.node = config.nodeName();
        this.twin = config.twin().toString();
        for (Priority priority : Priority.values()) {
            queued.put(priority.name().toLowerCase(Locale.ROOT), summary.queued(priority));
        }
        queued.put("failed", summary.queuedFailed());
        this.waitingAfterFailure = summary.waitingFailed();
        this.syncing = syncing;
        this.knownUsers = summary.knownUsers();
        this.oldestRequest = summary.oldestRequest().map(Instant::toString).orElse(null);
        this.workers = workers;
        this.synchronousReplication = new SynchronousReplication(config.syncTimeout(), metrics);
        this.sinceStart = new SinceStart(metrics);
        this.noReplicate = new NoReplicate(noReplicateMasks, summary);
        this.notReplicated = notReplicated;
    }

    /** Clients held for the twin since start ({@code syncTimeout}), and how many of them the timeout answered. */
    public static final class SynchronousReplication {
        public final long syncTimeoutMillis;
        public final long waits;
        public final long timeouts;
        public final long twinDown;

        SynchronousReplication(Duration syncTimeout, ReplicatorMetrics metrics) {
            this.syncTimeoutMillis = syncTimeout.toMillis();
            this.waits = metrics.syncWaits();
            this.timeouts = metrics.syncTimeouts();
            this.twinDown = metrics.syncTwinDown();
        }
    }

    /** The sessions this node ran since James started, and what they exchanged. */
    public static final class SinceStart {
        public final long incrementalSessions;
        public final long fullSessions;
        public final long wireBytesSent;
        public final long wireBytesReceived;
        public final long stateEntriesReceived;

        SinceStart(ReplicatorMetrics metrics) {
            this.incrementalSessions = metrics.incrementalSessions();
            this.fullSessions = metrics.fullSessions();
            this.wireBytesSent = metrics.wireBytesSent();
            this.wireBytesReceived = metrics.wireBytesReceived();
            this.stateEntriesReceived = metrics.stateEntriesReceived();
        }
    }

    /** The users this node leaves out, and those the twin refused as it leaves them out. */
    public static final class NoReplicate {
        public final List<String> masks;
        public final int knownUsers;
        public final int refusedByTwin;

        NoReplicate(List<String> masks, QueueSummary summary) {
            this.masks = masks;
            this.knownUsers = summary.noReplicate();
            this.refusedByTwin = summary.refusedByTwin();
        }
    }
}

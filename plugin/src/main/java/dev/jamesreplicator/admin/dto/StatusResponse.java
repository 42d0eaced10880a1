package dev.jamesreplicator.admin.dto;

import java.util.List;
import java.util.Map;

/** {@code GET /replication/status}: queue lengths, the workers, and what this node did since start. */
public final class StatusResponse {
    public final String node;
    public final String twin;
    public final Map<String, Integer> queued;
    public final int waitingAfterFailure;
    public final List<String> syncing;
    public final int knownUsers;
    public final String oldestRequest;
    public final int workers;
    public final SynchronousReplication synchronousReplication;
    public final SinceStart sinceStart;
    public final NoReplicate noReplicate;

    public StatusResponse(String node, String twin, Map<String, Integer> queued, int waitingAfterFailure,
            List<String> syncing, int knownUsers, String oldestRequest, int workers,
            SynchronousReplication synchronousReplication, SinceStart sinceStart, NoReplicate noReplicate) {
        this.node = node;
        this.twin = twin;
        this.queued = queued;
        this.waitingAfterFailure = waitingAfterFailure;
        this.syncing = syncing;
        this.knownUsers = knownUsers;
        this.oldestRequest = oldestRequest;
        this.workers = workers;
        this.synchronousReplication = synchronousReplication;
        this.sinceStart = sinceStart;
        this.noReplicate = noReplicate;
    }

    /** Clients held for the twin since start ({@code syncTimeout}). */
    public static final class SynchronousReplication {
        public final long syncTimeoutMillis;
        public final long waits;
        public final long timeouts;
        public final long twinDown;

        public SynchronousReplication(long syncTimeoutMillis, long waits, long timeouts, long twinDown) {
            this.syncTimeoutMillis = syncTimeoutMillis;
            this.waits = waits;
            this.timeouts = timeouts;
            this.twinDown = twinDown;
        }
    }

    /** The sessions this node ran since James started, and what they exchanged. */
    public static final class SinceStart {
        public final long incrementalSessions;
        public final long fullSessions;
        public final long wireBytesSent;
        public final long wireBytesReceived;
        public final long stateEntriesReceived;

        public SinceStart(long incrementalSessions, long fullSessions, long wireBytesSent, long wireBytesReceived,
                long stateEntriesReceived) {
            this.incrementalSessions = incrementalSessions;
            this.fullSessions = fullSessions;
            this.wireBytesSent = wireBytesSent;
            this.wireBytesReceived = wireBytesReceived;
            this.stateEntriesReceived = stateEntriesReceived;
        }
    }

    /** The users this node leaves out, and those the twin refused as it leaves them out. */
    public static final class NoReplicate {
        public final List<String> masks;
        public final int knownUsers;
        public final int refusedByTwin;

        public NoReplicate(List<String> masks, int knownUsers, int refusedByTwin) {
            this.masks = masks;
            this.knownUsers = knownUsers;
            this.refusedByTwin = refusedByTwin;
        }
    }
}

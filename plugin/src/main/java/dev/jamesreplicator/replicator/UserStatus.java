package dev.jamesreplicator.replicator;

import java.time.Instant;
import java.util.Optional;

/** A snapshot of one user's place in the replicator, for status output. */
public final class UserStatus {
    private final String user;
    private final Optional<Priority> pending;
    private final boolean pendingFull;
    private final Optional<Instant> requestedAt;
    private final Optional<ReplicationQueue.Claim> running;
    private final Optional<Instant> lastFastSync;
    private final Optional<Instant> lastFullSync;
    private final Optional<Instant> lastSuccess;
    private final Optional<Instant> lastFailure;
    private final Optional<String> lastError;
    private final int consecutiveFailures;
    private final Optional<Instant> nextAttempt;
    private final boolean noReplicate;
    private final Optional<String> twinRefusal;

    UserStatus(String user, Optional<Priority> pending, boolean pendingFull, Optional<Instant> requestedAt,
               Optional<ReplicationQueue.Claim> running, Optional<Instant> lastFastSync, Optional<Instant> lastFullSync,
               Optional<Instant> lastSuccess, Optional<Instant> lastFailure, Optional<String> lastError,
               int consecutiveFailures, Optional<Instant> nextAttempt, boolean noReplicate, Optional<String> twinRefusal) {
        this.noReplicate = noReplicate;
        this.twinRefusal = twinRefusal;
        this.user = user;
        this.pending = pending;
        this.pendingFull = pendingFull;
        this.requestedAt = requestedAt;
        this.running = running;
        this.lastFastSync = lastFastSync;
        this.lastFullSync = lastFullSync;
        this.lastSuccess = lastSuccess;
        this.lastFailure = lastFailure;
        this.lastError = lastError;
        this.consecutiveFailures = consecutiveFailures;
        this.nextAttempt = nextAttempt;
    }

    /** The status of one queue entry at {@code now}. */
    static UserStatus of(QueueEntry entry, Instant now) {
        return new UserStatus(entry.user, Optional.ofNullable(entry.owed()), entry.pendingFull,
            Optional.ofNullable(entry.requestedAt), Optional.ofNullable(entry.claim),
            Optional.ofNullable(entry.lastFastSync), Optional.ofNullable(entry.lastFullSync),
            Optional.ofNullable(entry.lastSuccess), Optional.ofNullable(entry.lastFailure),
            Optional.ofNullable(entry.lastError), entry.consecutiveFailures,
            entry.notBefore.isAfter(now) ? Optional.of(entry.notBefore) : Optional.empty(), entry.leftOut,
            Optional.ofNullable(entry.twinRefusal));
    }

    public String user() {
        return user;
    }

    /** The sync this user is owed and has not started, if any. */
    public Optional<Priority> pending() {
        return pending;
    }

    /** The pending sync is a full comparison. */
    public boolean pendingFull() {
        return pendingFull;
    }

    public Optional<Instant> requestedAt() {
        return requestedAt;
    }

    public boolean syncing() {
        return running.isPresent();
    }

    /** The sync running now, if any. */
    public Optional<ReplicationQueue.Claim> running() {
        return running;
    }

    /** When a sync of this user last succeeded (any kind: every sync compares what changed). */
    public Optional<Instant> lastFastSync() {
        return lastFastSync;
    }

    public Optional<Instant> lastFullSync() {
        return lastFullSync;
    }

    public Optional<Instant> lastSuccess() {
        return lastSuccess;
    }

    public Optional<Instant> lastFailure() {
        return lastFailure;
    }

    public Optional<String> lastError() {
        return lastError;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The last sync failed (and none succeeded since). */
    public boolean failed() {
        return consecutiveFailures > 0;
    }

    /** Set while the user waits after a failure. */
    public Optional<Instant> nextAttempt() {
        return nextAttempt;
    }

    /** This node leaves the user out of replication (noreplicate). */
    public boolean noReplicate() {
        return noReplicate;
    }

    /** The twin refused the user's last session: it leaves the user out of replication. Why, in its words. */
    public Optional<String> twinRefusal() {
        return twinRefusal;
    }

    public boolean waitingAfterFailure() {
        return failed() && nextAttempt.isPresent() && pending.isPresent();
    }
}

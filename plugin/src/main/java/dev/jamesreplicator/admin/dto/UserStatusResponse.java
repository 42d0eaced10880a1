package dev.jamesreplicator.admin.dto;

import java.time.Instant;
import java.util.Optional;

import dev.jamesreplicator.replicator.LastSessions;
import dev.jamesreplicator.replicator.UserStatus;

/** One user of {@code GET /replication/users}; times ISO-8601 UTC or null. */
public final class UserStatusResponse {
    public final String user;
    /** As {@code bin/replicator status} shows it: {@code none}, a priority, {@code noreplicate}... */
    public final String priority;
    public final boolean noReplicate;
    public final String twinNoReplicate;
    public final boolean full;
    public final String requestedAt;
    public final boolean syncing;
    public final String lastFastSync;
    public final String lastFullSync;
    public final String lastSuccess;
    public final String lastFailure;
    public final boolean failed;
    public final int consecutiveFailures;
    public final String lastError;
    public final String nextAttempt;
    public final LastSessionResponse lastSession;

    public UserStatusResponse(UserStatus status, String priority, Optional<LastSessions.Report> lastSession) {
        this.user = status.user();
        this.priority = priority;
        this.noReplicate = status.noReplicate();
        this.twinNoReplicate = status.twinRefusal().orElse(null);
        this.full = status.pendingFull();
        this.requestedAt = instant(status.requestedAt());
        this.syncing = status.syncing();
        this.lastFastSync = instant(status.lastFastSync());
        this.lastFullSync = instant(status.lastFullSync());
        this.lastSuccess = instant(status.lastSuccess());
        this.lastFailure = instant(status.lastFailure());
        this.failed = status.failed();
        this.consecutiveFailures = status.consecutiveFailures();
        this.lastError = status.lastError().orElse(null);
        this.nextAttempt = instant(status.nextAttempt());
        this.lastSession = lastSession.map(LastSessionResponse::new).orElse(null);
    }

    private static String instant(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}

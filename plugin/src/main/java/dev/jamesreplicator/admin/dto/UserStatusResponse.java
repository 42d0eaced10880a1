package dev.jamesreplicator.admin.dto;

/** One user of {@code GET /replication/users}; times ISO-8601 UTC or null. */
public final class UserStatusResponse {
    public final String user;
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

    public UserStatusResponse(String user, String priority, boolean noReplicate, String twinNoReplicate, boolean full,
            String requestedAt, boolean syncing, String lastFastSync, String lastFullSync, String lastSuccess,
            String lastFailure, boolean failed, int consecutiveFailures, String lastError, String nextAttempt,
            LastSessionResponse lastSession) {
        this.user = user;
        this.priority = priority;
        this.noReplicate = noReplicate;
        this.twinNoReplicate = twinNoReplicate;
        this.full = full;
        this.requestedAt = requestedAt;
        this.syncing = syncing;
        this.lastFastSync = lastFastSync;
        this.lastFullSync = lastFullSync;
        this.lastSuccess = lastSuccess;
        this.lastFailure = lastFailure;
        this.failed = failed;
        this.consecutiveFailures = consecutiveFailures;
        this.lastError = lastError;
        this.nextAttempt = nextAttempt;
        this.lastSession = lastSession;
    }
}

package dev.jamesreplicator.replicator;

import java.time.Instant;
import java.util.Optional;

/** A snapshot of one user's place in the replicator, for status output. */
public final class UserStatus {
    private final String user;
    private final Optional<Priority> pending;
    private final boolean syncing;
    private final Optional<Instant> lastFastSync;
    private final Optional<Instant> lastFullSync;
    private final Optional<Instant> lastSuccess;
    private final Optional<Instant> lastFailure;
    private final Optional<String> lastError;
    private final int consecutiveFailures;
    private final Optional<Instant> nextAttempt;

    UserStatus(String user, Optional<Priority> pending, boolean syncing, Optional<Instant> lastFastSync,
               Optional<Instant> lastFullSync, Optional<Instant> lastSuccess, Optional<Instant> lastFailure,
               Optional<String> lastError, int consecutiveFailures, Optional<Instant> nextAttempt) {
        this.user = user;
        this.pending = pending;
        this.syncing = syncing;
        this.lastFastSync = lastFastSync;
        this.lastFullSync = lastFullSync;
        this.lastSuccess = lastSuccess;
        this.lastFailure = lastFailure;
        this.lastError = lastError;
        this.consecutiveFailures = consecutiveFailures;
        this.nextAttempt = nextAttempt;
    }

    public String user() {
        return user;
    }

    public Optional<Priority> pending() {
        return pending;
    }

    public boolean syncing() {
        return syncing;
    }

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

    /** Set while the user waits after a failure. */
    public Optional<Instant> nextAttempt() {
        return nextAttempt;
    }

    public boolean waitingAfterFailure() {
        return consecutiveFailures > 0 && pending.isPresent();
    }
}

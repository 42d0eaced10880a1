package dev.jamesreplicator.admin.dto;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import dev.jamesreplicator.replicator.ReplicationQueue;

/** One sync in progress, in {@code GET /replication/sessions}. */
public final class RunningSessionResponse {
    public final String user;
    public final String type;
    public final String priority;
    public final String startedAt;
    public final long runningMillis;

    public RunningSessionResponse(ReplicationQueue.Claim claim, Instant now) {
        this.user = claim.user();
        this.type = claim.full() ? "full" : "incremental";
        this.priority = claim.priority().name().toLowerCase(Locale.ROOT);
        this.startedAt = claim.takenAt().toString();
        this.runningMillis = Duration.between(claim.takenAt(), now).toMillis();
    }
}

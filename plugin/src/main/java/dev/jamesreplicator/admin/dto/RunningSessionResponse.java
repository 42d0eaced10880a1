package dev.jamesreplicator.admin.dto;

/** One sync in progress, in {@code GET /replication/sessions}. */
public final class RunningSessionResponse {
    public final String user;
    public final String type;
    public final String priority;
    public final String startedAt;
    public final long runningMillis;

    public RunningSessionResponse(String user, String type, String priority, String startedAt, long runningMillis) {
        this.user = user;
        this.type = type;
        this.priority = priority;
        this.startedAt = startedAt;
        this.runningMillis = runningMillis;
    }
}

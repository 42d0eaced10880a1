package dev.jamesreplicator.admin.dto;

/** {@code POST /replication/verify/{user}} when the comparison could not be made (the twin busy or unreachable). */
public final class VerifyFailure {
    public final String user;
    public final String error;

    public VerifyFailure(String user, String error) {
        this.user = user;
        this.error = error;
    }
}

package dev.jamesreplicator.admin.dto;

import java.util.List;

/** {@code POST /replication/verify/{user}}: what a sync would change; none: the pair is identical for the user. */
public final class VerifyResponse {
    public final String user;
    public final boolean identical;
    public final List<String> differences;

    public VerifyResponse(String user, List<String> differences) {
        this.user = user;
        this.identical = differences.isEmpty();
        this.differences = differences;
    }

    /** When the comparison could not be made (the twin busy or unreachable). */
    public static final class Failed {
        public final String user;
        public final String error;

        public Failed(String user, Exception cause) {
            this.user = user;
            this.error = cause.getMessage();
        }
    }
}

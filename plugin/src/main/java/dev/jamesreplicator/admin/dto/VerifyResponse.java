package dev.jamesreplicator.admin.dto;

import java.util.List;

/** {@code POST /replication/verify/{user}}: what a sync would change; none: the pair is identical for the user. */
public final class VerifyResponse {
    public final String user;
    public final boolean identical;
    public final List<String> differences;

    public VerifyResponse(String user, boolean identical, List<String> differences) {
        this.user = user;
        this.identical = identical;
        this.differences = differences;
    }

    public static VerifyResponse of(String user, List<String> differences) {
        return new VerifyResponse(user, differences.isEmpty(), differences);
    }
}

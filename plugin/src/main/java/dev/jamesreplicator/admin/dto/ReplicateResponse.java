package dev.jamesreplicator.admin.dto;

import java.util.List;

/** {@code POST /replication/replicate}: the users queued, and those a mask matched that this node leaves out. */
public final class ReplicateResponse {
    public final int count;
    public final List<String> users;
    public final List<String> noReplicate;

    public ReplicateResponse(int count, List<String> users, List<String> noReplicate) {
        this.count = count;
        this.users = users;
        this.noReplicate = noReplicate;
    }
}

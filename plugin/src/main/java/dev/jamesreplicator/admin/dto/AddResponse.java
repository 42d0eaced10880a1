package dev.jamesreplicator.admin.dto;

import java.util.List;

/** {@code POST /replication/add}: the users a mask named, and those of them owed a first full sync. */
public final class AddResponse {
    public final int count;
    public final List<String> users;
    public final List<String> queuedForFullSync;

    public AddResponse(int count, List<String> users, List<String> queuedForFullSync) {
        this.count = count;
        this.users = users;
        this.queuedForFullSync = queuedForFullSync;
    }
}

package dev.jamesreplicator.admin.dto;

import java.util.List;

/** The users a mask named, as {@code replicate} and {@code add} answer them first. */
public class UsersResponse {
    public final int count;
    public final List<String> users;

    UsersResponse(List<String> users) {
        this.count = users.size();
        this.users = users;
    }

    /** {@code POST /replication/replicate}: the users queued, and those the mask matched that this node leaves out. */
    public static final class Replicated extends UsersResponse {
        public final List<String> noReplicate;

        public Replicated(List<String> users, List<String> noReplicate) {
            super(users);
            this.noReplicate = noReplicate;
        }
    }

    /** {@code POST /replication/add}: the users made known, and those of them owed a first full sync. */
    public static final class Added extends UsersResponse {
        public final List<String> queuedForFullSync;

        public Added(List<String> users, List<String> queuedForFullSync) {
            super(users);
            this.queuedForFullSync = queuedForFullSync;
        }
    }
}

package dev.jamesreplicator.admin.dto;

import java.util.Locale;

import dev.jamesreplicator.config.UserMask;
import dev.jamesreplicator.state.NoReplicateList;

/** The answers of {@code /replication/noreplicate}. */
public final class NoReplicateResponse {
    private NoReplicateResponse() {
    }

    /** One mask of {@code GET}: where it comes from, when it was added (null: {@code replication.xml}'s). */
    public static final class Mask {
        public final String mask;
        public final String source;
        public final String addedAt;

        public Mask(NoReplicateList.Entry entry) {
            this.mask = entry.mask().text();
            this.source = entry.source().name().toLowerCase(Locale.ROOT);
            this.addedAt = entry.addedAt().map(Object::toString).orElse(null);
        }
    }

    /** {@code PUT}: false when the list had the mask already. */
    public static final class Added {
        public final String mask;
        public final boolean added;

        public Added(UserMask mask, boolean added) {
            this.mask = mask.text();
            this.added = added;
        }
    }
}

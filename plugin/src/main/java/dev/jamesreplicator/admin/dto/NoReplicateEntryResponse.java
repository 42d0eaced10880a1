package dev.jamesreplicator.admin.dto;

import java.util.Locale;

import dev.jamesreplicator.state.NoReplicateList;

/** One mask of {@code GET /replication/noreplicate}: where it comes from, when it was added (null: replication.xml). */
public final class NoReplicateEntryResponse {
    public final String mask;
    public final String source;
    public final String addedAt;

    public NoReplicateEntryResponse(String mask, String source, String addedAt) {
        this.mask = mask;
        this.source = source;
        this.addedAt = addedAt;
    }

    public static NoReplicateEntryResponse of(NoReplicateList.Entry entry) {
        return new NoReplicateEntryResponse(entry.mask().text(), entry.source().name().toLowerCase(Locale.ROOT),
            entry.addedAt().map(Object::toString).orElse(null));
    }
}

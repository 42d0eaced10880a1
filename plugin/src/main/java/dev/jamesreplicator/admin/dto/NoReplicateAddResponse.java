package dev.jamesreplicator.admin.dto;

/** {@code PUT /replication/noreplicate}: false when the list had the mask already. */
public final class NoReplicateAddResponse {
    public final String mask;
    public final boolean added;

    public NoReplicateAddResponse(String mask, boolean added) {
        this.mask = mask;
        this.added = added;
    }
}

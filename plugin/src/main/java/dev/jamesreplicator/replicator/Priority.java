package dev.jamesreplicator.replicator;

/** Dovecot's replicator priorities, most urgent first. */
public enum Priority {
    /** A client waits for this sync (synchronous replication). */
    SYNC,
    /** New mail. */
    HIGH,
    /** Any other change. */
    LOW,
    /** Periodic or start-up full comparison. */
    FULL;

    public boolean moreUrgentThan(Priority other) {
        return ordinal() < other.ordinal();
    }
}

package dev.jamesreplicator.it.chaos;

/** What a client step of the schedule does on its node. */
public enum ChaosOperation {
    APPEND, STORE, COPY, MOVE, EXPUNGE, CREATE, RENAME, DELETE;

    /** Operations on one message the client picks from what it sees. */
    public boolean onMessage() {
        return this == STORE || this == COPY || this == MOVE || this == EXPUNGE;
    }
}

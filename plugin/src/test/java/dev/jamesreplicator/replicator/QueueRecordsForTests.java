package dev.jamesreplicator.replicator;

import java.nio.file.Path;

import dev.jamesreplicator.state.NoReplicateList;
import dev.jamesreplicator.state.StateStore;

/** Builds a queue on a state store for tests outside this package. */
public final class QueueRecordsForTests {
    private QueueRecordsForTests() {
    }

    public static ReplicationQueue queue(StateStore store, Path stateDirectory) {
        return new ReplicationQueue(new QueueRecords(store, stateDirectory));
    }

    /** A queue that leaves out the users {@code noReplicate} names, and follows its changes. */
    public static ReplicationQueue queue(StateStore store, Path stateDirectory, NoReplicateList noReplicate) {
        return new ReplicationQueue(new QueueRecords(store, stateDirectory), noReplicate);
    }
}

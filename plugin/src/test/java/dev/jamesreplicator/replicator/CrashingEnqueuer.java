package dev.jamesreplicator.replicator;

import java.nio.file.Path;

import dev.jamesreplicator.state.StateStore;

/**
 * Run in a child JVM by {@link QueueDurabilityTest}: requests syncs for user0, user1, ... as
 * fast as the listener would, printing each user once {@code request} has returned (the moment
 * James would tell the client OK), until it is killed.
 */
public final class CrashingEnqueuer {
    private CrashingEnqueuer() {
    }

    public static void main(String[] args) {
        Path directory = Path.of(args[0]);
        StateStore store = new StateStore(directory);
        ReplicationQueue queue = new ReplicationQueue(new QueueRecords(store, directory));
        for (int i = 0; ; i++) {
            queue.request("user" + i, i % 2 == 0 ? Priority.HIGH : Priority.LOW);
            System.out.println("accepted user" + i);
            System.out.flush();
        }
    }
}

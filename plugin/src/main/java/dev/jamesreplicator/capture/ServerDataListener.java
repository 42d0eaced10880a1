package dev.jamesreplicator.capture;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.replicator.Priority;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.serverdata.ServerDataChange;
import dev.jamesreplicator.serverdata.ServerDataWrites;
import dev.jamesreplicator.state.ServerDataJournal;

/**
 * A change of the server-wide data (a domain, a rewrite), reported by the agent's hook once James
 * made it, under the server data lock: recorded in the journal (a removal leaves a tombstone),
 * then the server unit queued at {@code low} (docs/server-data.md).
 */
public class ServerDataListener implements ServerDataWrites.Listener {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServerDataListener.class);

    private final ServerDataJournal journal;
    private final ReplicationQueue queue;

    @Inject
    public ServerDataListener(ServerDataJournal journal, ReplicationQueue queue) {
        this.journal = journal;
        this.queue = queue;
    }

    @Override
    public void changed(ServerDataChange change) {
        try {
            journal.record(change.kind(), change.key(), change.removed());
        } catch (RuntimeException e) {
            // The change is made; failing it now would tell the administrator otherwise. Without
            // its record, a removal is undone by the next session.
            LOGGER.error("Server data change not recorded ({}): a removal may come back from the twin", change, e);
        }
        queue.request(ServerItems.UNIT, Priority.LOW);
    }
}

package dev.jamesreplicator.capture;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.replicator.Priority;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.sieve.SieveChange;
import dev.jamesreplicator.sieve.SieveWrites;
import dev.jamesreplicator.state.SieveJournal;

/**
 * A user's change of their Sieve scripts, reported by the agent's hook while James's repository
 * call returns (under the user's Sieve lock): recorded in the journal, then the user queued at
 * {@code low}, as for a mailbox change.
 */
public class SieveListener implements SieveWrites.Listener {
    private static final Logger LOGGER = LoggerFactory.getLogger(SieveListener.class);

    private final SieveJournal journal;
    private final ReplicationQueue queue;

    @Inject
    public SieveListener(SieveJournal journal, ReplicationQueue queue) {
        this.journal = journal;
        this.queue = queue;
    }

    @Override
    public void changed(String user, SieveChange change) {
        try {
            journal.record(user, change);
        } catch (RuntimeException e) {
            // The client's change is made; failing it now would tell them otherwise. Without its
            // record, a deletion is undone by the next session (the twin's copy comes back).
            LOGGER.error("Sieve change of {} not recorded ({}): a deletion may come back from the twin", user, change, e);
        }
        queue.request(user, Priority.LOW);
    }
}

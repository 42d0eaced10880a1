package dev.jamesreplicator.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.model.Side;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.model.UserState;
import dev.jamesreplicator.sync.plan.SyncPlan;

/**
 * At DEBUG, what a session decided: each operation of its plan and each tombstone it honours,
 * one line each, tagged with the user and the session (the version of the common state it
 * plans, which both servers store), so that a lost or doubled message can be followed to the
 * operation that removed or copied it. Enable with
 * {@code <logger name="dev.jamesreplicator.sync.SessionTrace" level="DEBUG"/>}.
 */
final class SessionTrace {
    private static final Logger LOGGER = LoggerFactory.getLogger(SessionTrace.class);

    private SessionTrace() {
    }

    static void planned(String user, String twin, boolean full, UserState local, UserState remote, SyncPlan plan) {
        if (!LOGGER.isDebugEnabled()) {
            return;
        }
        String session = plan.agreed().version();
        LOGGER.debug("session {} of {} with node '{}'{}: {} operations; tombstones here {}, on the twin {}", session, user, twin,
            full ? " (full)" : "", plan.operations().size(), count(local.tombstones()), count(remote.tombstones()));
        plan.operations().forEach(operation -> LOGGER.debug("session {} of {}: {}", session, user, operation));
        for (Side side : Side.values()) {
            String whose = side == Side.LOCAL ? "this server's" : "the twin's";
            Tombstones honoured = plan.honoured(side);
            honoured.expunged().forEach(tombstone -> LOGGER.debug("session {} of {}: honours {} {}", session, user, whose, tombstone));
            honoured.deletedMailboxes().forEach(tombstone -> LOGGER.debug("session {} of {}: honours {} {}", session, user, whose, tombstone));
            honoured.renamed().forEach(tombstone -> LOGGER.debug("session {} of {}: honours {} {}", session, user, whose, tombstone));
            honoured.unsubscribed().forEach(name -> LOGGER.debug("session {} of {}: honours {} unsubscribe of {}", session, user, whose, name));
        }
    }

    private static int count(Tombstones tombstones) {
        return tombstones.expunged().size() + tombstones.deletedMailboxes().size() + tombstones.renamed().size()
            + tombstones.unsubscribed().size();
    }
}

package dev.jamesreplicator.sync.session;

import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.UserState;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.SyncStats;

/**
 * Reads the twin's state of a user for one session: the changes since the common state, rebuilt
 * into the whole state against this side's copy of it; any mailbox that does not add up is asked
 * for again, whole; if even that does not settle it, everything is asked for whole. Correctness
 * never rests on the incremental path: its worst case is today's cost, the whole state.
 */
public final class TwinStateReader {
    private static final Logger LOGGER = LoggerFactory.getLogger(TwinStateReader.class);

    private TwinStateReader() {
    }

    /**
     * @param twin     sends a STATE call and returns the answer
     * @param common   this side's common state with the twin
     * @param twinNode the twin's node name (null: a twin that cannot be read incrementally)
     * @param verify   a full session: every mailbox is checked against the twin's digest of it
     * @param stats    what the reading costs is added here
     */
    public static UserState read(Function<StateRequest, StateDelta> twin, CommonState common, String twinNode, boolean verify,
                                 SyncStats stats) {
        String since = twinNode == null ? null : common.version();
        StateDelta.Reconstruction read = ask(twin, new StateRequest(since, verify, null), common, twinNode, verify, stats);
        if (read.doubtful().isEmpty()) {
            return read.state();
        }
        // Both sides hold the same common state (same version), so this means a bookkeeping fault: worth a look.
        LOGGER.warn("Mailboxes {} of the twin do not add up against common state {}{}; asking for them whole",
            read.doubtful(), since, verify ? " (digest check of a full session)" : "");
        stats.mailboxesResent(read.doubtful().size());
        read = ask(twin, new StateRequest(since, verify, read.doubtful()), common, twinNode, verify, stats);
        if (read.doubtful().isEmpty()) {
            return read.state();
        }
        stats.mailboxesResent(read.doubtful().size());
        read = ask(twin, StateRequest.everything(), common, twinNode, false, stats);
        if (!read.doubtful().isEmpty()) {
            throw new SyncException(SyncException.Code.FAILED, "the twin's state of mailboxes " + read.doubtful()
                + " cannot be read even whole");
        }
        return read.state();
    }

    private static StateDelta.Reconstruction ask(Function<StateRequest, StateDelta> twin, StateRequest request, CommonState common,
                                                 String twinNode, boolean verify, SyncStats stats) {
        StateDelta answer = twin.apply(request);
        StateDelta.Reconstruction read = answer.reconstruct(common, twinNode, verify);
        stats.stateRead(read.entries(), answer.mailboxes().stream().filter(StateDelta.MailboxDelta::whole).count(),
            answer.mailboxes().stream().filter(mailbox -> !mailbox.whole()).count());
        return read;
    }
}

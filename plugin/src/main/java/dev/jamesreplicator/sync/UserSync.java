package dev.jamesreplicator.sync;

import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.wire.ClientConnection;
import dev.jamesreplicator.wire.ReplicaClient;
import dev.jamesreplicator.wire.WireException;

/** Runs one two-way sync session for a user, from this server to the twin. */
@Singleton
public class UserSync {
    private static final Logger LOGGER = LoggerFactory.getLogger(UserSync.class);

    private final ReplicationConfig config;
    private final SyncService service;
    private final UserLocks userLocks;
    private final ReplicationLink link;
    private final ReplicaClient client;
    private final SyncPlanner planner = new SyncPlanner();
    private final SyncApplier applier = new SyncApplier();
    private final ModSeqAlignment alignment = new ModSeqAlignment();

    @Inject
    public UserSync(ReplicationConfig config, SyncService service, UserLocks userLocks, ReplicationLink link) {
        this.config = config;
        this.link = link;
        this.service = service;
        this.userLocks = userLocks;
        this.client = ReplicaClient.forConfig(config);
    }

    public SyncStats sync(String user) {
        return withSession(user, (local, remote, states, plan) -> {
            SyncStats stats = applier.apply(plan, local, remote);
            // MODSEQs last, on what the plan left: the plan's own writes may have taken other MODSEQs than asked.
            SessionStates after = plan.isEmpty() ? states : new SessionStates(local.state(), remote.state());
            applier.applyAll(alignment.plan(after.local(), after.remote()), local, remote);
            LOGGER.debug("Synced {}: {}", user, stats);
            return stats;
        });
    }

    /**
     * What a sync of {@code user} would do now, without doing it: an empty list means both
     * servers hold the same mail, flags and subscriptions for the user.
     */
    public List<String> differences(String user) {
        return withSession(user, (local, remote, states, plan) -> {
            List<SyncOperation> operations = plan.isEmpty() ? alignment.plan(states.local(), states.remote()) : plan.operations();
            return operations.stream().map(Object::toString).collect(Collectors.toList());
        });
    }

    private <T> T withSession(String user, SessionWork<T> work) {
        link.refuseIfPaused();
        if (!userLocks.tryLock(user)) {
            throw new SyncException(SyncException.Code.BUSY, "user " + user + " is being synced");
        }
        try (ClientConnection connection = client.connect(config.twin());
             JamesMailStore local = service.openStore(Username.of(user))) {
            RemoteMailStore remote = RemoteMailStore.open(connection, user);
            boolean localWinsTies = remote.node() == null || config.nodeName().compareTo(remote.node()) > 0;
            SessionStates states = new SessionStates(local.state(), remote.state());
            SyncPlan plan = planner.plan(states.local(), states.remote(), service.journal().common(user), localWinsTies);
            return work.run(local, remote, states, plan);
        } catch (WireException e) {
            throw new SyncException(SyncException.Code.FAILED, e.getMessage(), e);
        } finally {
            userLocks.unlock(user);
        }
    }

    private interface SessionWork<T> {
        T run(JamesMailStore local, RemoteMailStore remote, SessionStates states, SyncPlan plan);
    }

    /** Both sides' states as a session read them. */
    private static final class SessionStates {
        private final UserState local;
        private final UserState remote;

        SessionStates(UserState local, UserState remote) {
            this.local = local;
            this.remote = remote;
        }

        UserState local() {
            return local;
        }

        UserState remote() {
            return remote;
        }
    }
}

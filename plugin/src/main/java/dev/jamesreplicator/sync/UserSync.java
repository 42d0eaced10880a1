package dev.jamesreplicator.sync;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.wire.ReplicaClient;
import dev.jamesreplicator.wire.TwinConnections;
import dev.jamesreplicator.wire.WireException;

/** Runs one two-way sync session for a user, from this server to the twin. */
@Singleton
public class UserSync {
    private static final Logger LOGGER = LoggerFactory.getLogger(UserSync.class);

    private final ReplicationConfig config;
    private final SyncService service;
    private final UserLocks userLocks;
    private final ReplicationLink link;
    private final TwinConnections connections;
    /** Reads this server's state of a user while the twin reads its own: one thread per running session at most. */
    private final ExecutorService stateReaders = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "replicator-local-state");
        thread.setDaemon(true);
        return thread;
    });
    private final SyncPlanner planner = new SyncPlanner();
    private final SyncApplier applier = new SyncApplier();

    @Inject
    public UserSync(ReplicationConfig config, SyncService service, UserLocks userLocks, ReplicationLink link) {
        this.config = config;
        this.link = link;
        this.service = service;
        this.userLocks = userLocks;
        this.connections = new TwinConnections(ReplicaClient.forConfig(config), config.twin(), config.idleConnections());
    }

    public SyncStats sync(String user) {
        return withSession(user, (local, remote, plan) -> {
            SyncStats stats = applier.apply(plan, local, remote);
            LOGGER.debug("Synced {}: {}", user, stats);
            return stats;
        });
    }

    /**
     * What a sync of {@code user} would do now, without doing it: an empty list means both
     * servers hold the same mail, flags and subscriptions for the user.
     */
    public List<String> differences(String user) {
        return withSession(user, (local, remote, plan) ->
            plan.operations().stream().map(Object::toString).collect(Collectors.toList()));
    }

    private <T> T withSession(String user, SessionWork<T> work) {
        link.refuseIfPaused();
        if (!userLocks.tryLock(user)) {
            throw new SyncException(SyncException.Code.BUSY, "user " + user + " is being synced");
        }
        try (TwinConnections.Session<RemoteMailStore> twin = connections.open(connection -> RemoteMailStore.open(connection, user));
             JamesMailStore local = service.openStore(Username.of(user))) {
            RemoteMailStore remote = twin.opened();
            // Both servers read their state at once: this one on another thread, while the twin reads its own.
            CompletableFuture<UserState> localState = readInParallel(local);
            UserState remoteState;
            try {
                remoteState = remote.state();
            } catch (RuntimeException e) {
                // The local store closes after this: not under a read that still runs.
                localState.exceptionally(failure -> null).join();
                throw e;
            }
            boolean localWinsTies = remote.node() == null || config.nodeName().compareTo(remote.node()) > 0;
            SyncPlan plan = planner.plan(joined(localState), remoteState, service.journal().common(user), localWinsTies);
            T result = work.run(local, remote, plan);
            // Only a session that ran to its end hands its connection on; a failure closes it.
            twin.end();
            return result;
        } catch (WireException e) {
            throw new SyncException(SyncException.Code.FAILED, e.getMessage(), e);
        } finally {
            userLocks.unlock(user);
        }
    }

    private CompletableFuture<UserState> readInParallel(JamesMailStore local) {
        try {
            return CompletableFuture.supplyAsync(local::state, stateReaders);
        } catch (RejectedExecutionException shuttingDown) {
            return CompletableFuture.completedFuture(local.state());
        }
    }

    private static UserState joined(CompletableFuture<UserState> state) {
        try {
            return state.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new SyncException(SyncException.Code.FAILED, "cannot read this server's state: " + e.getCause(), e.getCause());
        }
    }

    /** Closes the connections kept open to the twin. */
    public void close() {
        connections.close();
        stateReaders.shutdown();
    }

    private interface SessionWork<T> {
        T run(JamesMailStore local, RemoteMailStore remote, SyncPlan plan);
    }
}

package dev.jamesreplicator.sync;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.model.UserState;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.james.JamesMailStore;
import dev.jamesreplicator.sync.plan.CommonStateAfter;
import dev.jamesreplicator.sync.plan.CounterAlignment;
import dev.jamesreplicator.sync.plan.SyncOperation;
import dev.jamesreplicator.sync.plan.SyncPlan;
import dev.jamesreplicator.sync.plan.SyncPlanner;
import dev.jamesreplicator.sync.session.RemoteMailStore;
import dev.jamesreplicator.sync.session.RemoteServerDataStore;
import dev.jamesreplicator.wire.ClientConnection;
import dev.jamesreplicator.wire.ReplicaClient;
import dev.jamesreplicator.wire.TwinConnections;
import dev.jamesreplicator.wire.WireException;

/**
 * Runs one two-way sync session for a user, from this server to the twin. A session is
 * incremental: the twin sends what changed since the common state of the last session, and
 * this side rebuilds the rest (docs/sync.md, "Incremental sessions"); a full session also checks
 * every mailbox against the twin's digest of it. Every session ends with counter alignment.
 */
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
    private final CounterAlignment alignment = new CounterAlignment();
    private final SieveSync sieveSync = new SieveSync();
    private final MailboxItemSync annotationSync = new MailboxItemSync(MailboxItems.ANNOTATIONS);
    private final MailboxItemSync aclSync = new MailboxItemSync(MailboxItems.ACL);
    private final ServerDataSync serverDataSync;

    @Inject
    public UserSync(ReplicationConfig config, SyncService service, UserLocks userLocks, ReplicationLink link, StateStore state) {
        this.config = config;
        this.link = link;
        this.service = service;
        this.userLocks = userLocks;
        this.serverDataSync = new ServerDataSync(service.serverDataKinds());
        this.connections = new TwinConnections(ReplicaClient.forConfig(config, state), config.twin(), config.idleConnections());
    }

    /**
     * Syncs {@code user} with the twin.
     *
     * @param full compare everything: every mailbox of the twin is checked against its digest
     *             (start-up, periodic, {@code replicate -f}); otherwise changes since the last
     *             session are trusted, and only what does not add up is read whole
     */
    public SyncStats sync(String user, boolean full) {
        return withSession(user, full, (local, remote, states, plan, stats) -> {
            applier.apply(plan, local, remote, stats);
            if (plan.namesUnsettled()) {
                followUp(user, plan, stats);
            }
            syncSieve(user, remote);
            syncAnnotations(user, remote);
            syncAcl(user, remote);
            // Counters last, on what the plan left: the plan's own writes may have taken other MODSEQs than asked.
            // The twin is read against the base COMPLETE has just agreed: what the journal now holds.
            SessionStates after = plan.isEmpty() ? states
                : new SessionStates(local.state(), remote.state(plan.agreed(), false));
            applier.applyAll(alignment.plan(after.local(), after.remote()), local, remote, stats);
            return stats;
        });
    }

    /** The user's Sieve scripts, after the mail, on the same connection (docs/sieve.md). */
    private void syncSieve(String user, RemoteMailStore remote) {
        withSieve(user, remote, "failed to sync", sieveSync::sync);
    }

    /**
     * The user's mailbox annotations, after the mail (which creates and renames the mailboxes
     * they belong to), on the same connection (docs/metadata.md).
     */
    private void syncAnnotations(String user, RemoteMailStore remote) {
        withAnnotations(user, remote, "failed to sync", annotationSync::sync);
    }

    /** The user's mailbox ACLs, after the mail, as the annotations (docs/acl.md). */
    private void syncAcl(String user, RemoteMailStore remote) {
        withAcl(user, remote, "failed to sync", aclSync::sync);
    }

    /** Runs {@code step} on both servers' Sieve scripts of {@code user}; a failure is the session's, naming what was being {@code done}. */
    private <T> T withSieve(String user, RemoteMailStore remote, String done, Step<SieveStore, T> step) {
        return run("the Sieve scripts of " + user + " " + done,
            () -> step.run(service.openSieveStore(Username.of(user)), remote.sieve(), localWinsTies(remote)));
    }

    /** The same for the user's mailbox annotations. */
    private <T> T withAnnotations(String user, RemoteMailStore remote, String done, Step<MailboxItemStore, T> step) {
        return run("the mailbox annotations of " + user + " " + done,
            () -> step.run(service.openAnnotationStore(Username.of(user)), remote.annotations(), localWinsTies(remote)));
    }

    /** The same for the user's mailbox ACLs. */
    private <T> T withAcl(String user, RemoteMailStore remote, String done, Step<MailboxItemStore, T> step) {
        return run("the mailbox ACLs of " + user + " " + done,
            () -> step.run(service.openAclStore(Username.of(user)), remote.acl(), localWinsTies(remote)));
    }

    private static <T> T run(String failure, Callable<T> work) {
        try {
            return work.call();
        } catch (SyncException e) {
            throw e;
        } catch (Exception e) {
            throw new SyncException(SyncException.Code.FAILED, failure + ": " + e, e);
        }
    }

    private interface Step<S, T> {
        T run(S local, S remote, boolean localWinsTies) throws Exception;
    }

    /**
     * A plan that left a mailbox under two names is followed by another session at once: no user
     * action may come to ask for one, and the periodic full sync may be a day away. A plan that
     * changed nothing cannot settle them by running again.
     */
    private static void followUp(String user, SyncPlan plan, SyncStats stats) {
        if (plan.isEmpty()) {
            LOGGER.warn("The sync of {} leaves a mailbox under a different name on each server and found nothing "
                + "to do that would settle it; the next full sync looks again", user);
        } else {
            stats.followUpNeeded();
        }
    }

    /**
     * What a sync of {@code user} would do now, without doing it: an empty list means both
     * servers hold the same mail, flags, subscriptions, Sieve scripts, mailbox annotations and ACLs for the user;
     * for the server unit ({@link ServerItems#UNIT}), the same domains, recipient rewrites and quota limits.
     */
    public List<String> differences(String user) {
        if (ServerDataSync.isUnit(user)) {
            // WebAdmin's verify of the server unit: POST /replication/verify/%3Cserver%3E.
            return serverDataDifferences();
        }
        return withSession(user, true, (local, remote, states, plan, stats) -> {
            List<SyncOperation> operations = plan.isEmpty() ? alignment.plan(states.local(), states.remote()) : plan.operations();
            List<String> differences = operations.stream().map(Object::toString).collect(Collectors.toList());
            differences.addAll(withSieve(user, remote, "could not be compared", sieveSync::differences));
            differences.addAll(withAnnotations(user, remote, "could not be compared", annotationSync::differences));
            differences.addAll(withAcl(user, remote, "could not be compared", aclSync::differences));
            return differences;
        });
    }

    /** Ties go to the node whose name sorts last. */
    private boolean localWinsTies(RemoteMailStore remote) {
        return localWinsTies(remote.node());
    }

    private boolean localWinsTies(String twinNode) {
        return config.nodeName().compareTo(twinNode) > 0;
    }

    /**
     * Syncs the server-wide data (domains, recipient rewrites) with the twin: the queue's
     * {@link ServerDataSync#UNIT}, on a connection of the same pool bound by SERVER_DATA_OPEN
     * (docs/server-data.md). Every session reads all of it: {@code full} only marks the request.
     */
    public SyncStats syncServerData(boolean full) {
        SyncStats stats = new SyncStats();
        stats.full(full);
        withServerData("failed to sync", serverDataSync::sync, full);
        return stats;
    }

    /** What a server data session would do now, without doing it (verify). */
    public List<String> serverDataDifferences() {
        return withServerData("could not be compared", serverDataSync::differences, true);
    }

    private <T> T withServerData(String done, Step<ServerDataStore, T> step, boolean full) {
        return locked(ServerItems.UNIT, "the server data is being synced", () -> {
            try (TwinConnections.Session<RemoteServerDataStore> twin = connections.open(RemoteServerDataStore::open)) {
                RemoteServerDataStore remote = twin.opened();
                T result = run("the server data " + done,
                    () -> step.run(service.openServerDataStore(), remote, localWinsTies(remote.node())));
                twin.end();
                LOGGER.debug("Synced the server data{}", full ? " (full)" : "");
                return result;
            }
        });
    }

    private <T> T withSession(String user, boolean full, SessionWork<T> work) {
        return locked(user, "user " + user + " is being synced", () -> session(user, full, work));
    }

    /**
     * Runs {@code session} holding the lock of {@code key} (a user, or the server unit), unless
     * the link is paused or a session holds it already ({@code busy}); a wire failure fails it.
     */
    private <T> T locked(String key, String busy, Supplier<T> session) {
        link.refuseIfPaused();
        if (!userLocks.tryLock(key)) {
            throw new SyncException(SyncException.Code.BUSY, busy);
        }
        try {
            return session.get();
        } catch (WireException e) {
            throw new SyncException(SyncException.Code.FAILED, e.getMessage(), e);
        } finally {
            userLocks.unlock(key);
        }
    }

    private <T> T session(String user, boolean full, SessionWork<T> work) {
        SyncStats stats = new SyncStats();
        stats.full(full);
        try (TwinConnections.Session<RemoteMailStore> twin = connections.open(connection -> RemoteMailStore.open(connection, user, stats));
             JamesMailStore local = service.openStore(Username.of(user))) {
            RemoteMailStore remote = twin.opened();
            // A kept connection carries several sessions: count this one's share of it.
            ClientConnection opened = twin.connection();
            long framesSent = opened.framesSent();
            long bytesSent = opened.bytesSent();
            long framesReceived = opened.framesReceived();
            long bytesReceived = opened.bytesReceived();
            CommonState common = service.journal().common(user);
            // Both servers read their state at once: this one on another thread, while the twin reads its own.
            CompletableFuture<UserState> localRead = readInParallel(local);
            UserState remoteState;
            try {
                remoteState = remote.state(common, full);
            } catch (RuntimeException e) {
                // The local store closes after this: not under a read that still runs.
                localRead.exceptionally(failure -> null).join();
                throw e;
            }
            UserState localState = joined(localRead);
            SyncPlan plan = planner.plan(localState, remoteState, common, localWinsTies(remote));
            // The base of the next session: what the plan leads to, and what each side held when read.
            plan = plan.withAgreed(CommonStateAfter.after(plan, UUID.randomUUID().toString(),
                config.nodeName(), localState, remote.node(), remoteState));
            SessionTrace.planned(user, remote.node(), full, localState, remoteState, plan);
            T result = work.run(local, remote, new SessionStates(localState, remoteState), plan, stats);
            stats.wire(opened.framesSent() - framesSent, opened.bytesSent() - bytesSent,
                opened.framesReceived() - framesReceived, opened.bytesReceived() - bytesReceived);
            // Only a session that ran to its end hands its connection on; a failure closes it.
            twin.end();
            LOGGER.debug("Synced {}: {}", user, stats);
            return result;
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

    /**
     * The twin's noReplicate masks (lower case, sorted), over a connection of the pool that binds
     * no user; for the health check. Not while the link is paused.
     */
    public List<String> twinNoReplicate() {
        link.refuseIfPaused();
        try (TwinConnections.Session<List<String>> twin = connections.open(RemoteMailStore::noReplicateOf)) {
            List<String> masks = twin.opened();
            twin.end();
            return masks;
        } catch (WireException e) {
            throw new SyncException(SyncException.Code.FAILED, e.getMessage(), e);
        }
    }

    /** Closes the connections kept open to the twin. */
    public void close() {
        connections.close();
        stateReaders.shutdown();
    }

    private interface SessionWork<T> {
        T run(JamesMailStore local, RemoteMailStore remote, SessionStates states, SyncPlan plan, SyncStats stats);
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

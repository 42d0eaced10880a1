package dev.jamesreplicator.replicator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.utils.UserDefinedStartable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.annotation.AnnotationWrites;
import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.hold.NewMailHolds;
import dev.jamesreplicator.jpa.StoredAcls;
import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.pin.BackendHooks;
import dev.jamesreplicator.pin.UidValidityPin;
import dev.jamesreplicator.pin.WritePins;
import dev.jamesreplicator.serverdata.ServerDataWrites;
import dev.jamesreplicator.sieve.SieveWrites;
import dev.jamesreplicator.state.JpaAcls;
import dev.jamesreplicator.state.ProvisionedUidValidities;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.SyncService;
import dev.jamesreplicator.wire.ReplicaServer;

/**
 * Starts replication once James's protocol servers are up: the replica server, the workers, and
 * the replicator's periodic chores. Every user James lists is compared in full once per run of
 * this process (the twin may have changed while this one was down, and a memory-backend node
 * comes back empty), users created later are found by listing again every
 * {@link #USER_LISTING_PERIOD}, and each user is compared in full every {@code fullSyncInterval}.
 */
public class ReplicatorStartable implements UserDefinedStartable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplicatorStartable.class);
    /** Users created through WebAdmin raise no event: a new listing finds them within this. */
    static final Duration USER_LISTING_PERIOD = Duration.ofMinutes(1);
    /** How often users waiting after a failure check whether the twin is back. */
    static final Duration TWIN_WATCH_PERIOD = Duration.ofSeconds(2);

    private final ReplicationConfig config;
    private final SyncService syncService;
    private final SyncWorkers workers;
    private final ReplicationQueue queue;
    private final UsersRepository usersRepository;
    private final TwinProbe probe;
    private final NewMailWaits newMailWaits;
    private final TwinOutage outage;
    private final MailboxManager mailboxManager;
    private final StateStore state;
    private final ProvisionedUidValidities provisioned;
    private final SieveWrites.Listener sieveListener;
    private final AnnotationWrites.Listener annotationListener;
    private final JpaAcls jpaAcls;
    private final ServerDataWrites.Listener serverDataListener;
    private final Set<String> listedThisRun = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService chores;
    private ReplicaServer server;
    private boolean twinSeenDown;

    @Inject
    public ReplicatorStartable(ReplicationConfig config, SyncService syncService, SyncWorkers workers,
                               ReplicationQueue queue, UsersRepository usersRepository, TwinProbe probe,
                               NewMailWaits newMailWaits, TwinOutage outage, MailboxManager mailboxManager, StateStore state,
                               ProvisionedUidValidities provisioned, SieveWrites.Listener sieveListener,
                               AnnotationWrites.Listener annotationListener, JpaAcls jpaAcls,
                               ServerDataWrites.Listener serverDataListener) {
        this.serverDataListener = serverDataListener;
        this.annotationListener = annotationListener;
        this.jpaAcls = jpaAcls;
        this.sieveListener = sieveListener;
        this.outage = outage;
        this.provisioned = provisioned;
        this.mailboxManager = mailboxManager;
        this.state = state;
        this.newMailWaits = newMailWaits;
        this.config = config;
        this.syncService = syncService;
        this.workers = workers;
        this.queue = queue;
        this.usersRepository = usersRepository;
        this.probe = probe;
    }

    @Override
    public void start() {
        AgentCheck.requireAgent();
        // After Guice built James's mailbox manager; the check loads the classes it needs hooked.
        AgentCheck.requireBackendHooks(mailboxManager.getClass());
        LOGGER.info("Starting james-replicator: {}", config);
        QueueSummary restored = queue.summary();
        LOGGER.info("Replicator queue restored: {} known users, {} with a sync still owed from the last run",
            restored.knownUsers(), restored.knownUsers() == 0 ? 0 : queue.status().stream()
                .filter(user -> user.pending().isPresent()).count());
        UidValidityPin.chooseUidValidities(provisioned);
        server = ReplicaServer.forConfig(config, state, syncService);
        server.start(config.bind());
        workers.start();
        SieveWrites.listen(sieveListener);
        AnnotationWrites.listen(annotationListener);
        ServerDataWrites.listen(serverDataListener);
        if (newMailWaits.enabled()) {
            NewMailHolds.install(newMailWaits);
        }
        chores = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "replicator-chores");
            thread.setDaemon(true);
            return thread;
        });
        Duration fullSyncCheck = fullSyncCheckPeriod(config.fullSyncInterval());
        schedule(this::listUsers, Duration.ZERO, USER_LISTING_PERIOD);
        schedule(() -> queue.requestFullSyncsDue(config.fullSyncInterval()), fullSyncCheck, fullSyncCheck);
        schedule(this::watchTwin, TWIN_WATCH_PERIOD, TWIN_WATCH_PERIOD);
        Duration checkpoint = Duration.ofMillis(QueueRecords.CHECKPOINT_PERIOD_MILLIS);
        schedule(queue::checkpoint, checkpoint, checkpoint);
    }

    /** Often enough that a user is compared within a few percent of the interval after it is due. */
    static Duration fullSyncCheckPeriod(Duration fullSyncInterval) {
        Duration period = fullSyncInterval.dividedBy(4);
        Duration shortest = Duration.ofMillis(250);
        Duration longest = Duration.ofMinutes(1);
        return period.compareTo(shortest) < 0 ? shortest : period.compareTo(longest) > 0 ? longest : period;
    }

    private void schedule(Runnable chore, Duration delay, Duration period) {
        chores.scheduleWithFixedDelay(() -> {
            try {
                chore.run();
            } catch (RuntimeException e) {
                LOGGER.error("Replicator chore failed", e);
            }
        }, delay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Users listed for the first time in this run are compared in full. */
    void listUsers() {
        try {
            List<String> firstSeen = new ArrayList<>();
            // The server-wide data is one more unit of the queue, compared in full at start as a user is.
            if (listedThisRun.add(ServerItems.UNIT)) {
                firstSeen.add(ServerItems.UNIT);
            }
            for (Iterator<Username> users = usersRepository.list(); users.hasNext(); ) {
                String user = users.next().asString();
                if (listedThisRun.add(user)) {
                    firstSeen.add(user);
                }
            }
            firstSeen.forEach(user -> queue.request(user, Priority.FULL, true));
            if (!firstSeen.isEmpty()) {
                LOGGER.info("Queued a full sync of {} users listed for the first time since start", firstSeen.size());
            }
        } catch (UsersRepositoryException e) {
            LOGGER.error("Cannot list users", e);
        }
    }

    /**
     * While users wait after failures, notices the twin's return and lets them go at once, and
     * its absence (new mail then stops waiting for it).
     */
    void watchTwin() {
        QueueSummary summary = queue.summary();
        if (summary.waitingFailed() == 0) {
            return;
        }
        Optional<String> unreachable = probe.unreachable();
        if (unreachable.isPresent()) {
            twinSeenDown = true;
            if (outage.unreachable(unreachable.get())) {
                LOGGER.warn("{}: new mail is answered without waiting for the twin until a session with it succeeds",
                    unreachable.get());
            }
        } else if (twinSeenDown) {
            twinSeenDown = false;
            LOGGER.info("The twin's replication port answers again; retrying {} users now", queue.retryFailedNow());
        }
    }

    @PreDestroy
    public void stop() {
        if (chores != null) {
            chores.shutdownNow();
        }
        NewMailHolds.uninstall(newMailWaits);
        SieveWrites.stopListening(sieveListener);
        AnnotationWrites.stopListening(annotationListener);
        StoredAcls.stopUsing(jpaAcls);
        ServerDataWrites.stopListening(serverDataListener);
        UidValidityPin.stopChoosingUidValidities(provisioned);
        newMailWaits.stop();
        workers.stop();
        if (server != null) {
            server.close();
        }
        // Requests James still takes after this stay in the log, replayed at the next start.
        queue.checkpoint();
    }

    /** Fails start-up clearly when James runs without the agent: replicas would get other UIDs. */
    static final class AgentCheck {
        private AgentCheck() {
        }

        static void requireAgent() {
            boolean installed;
            try {
                installed = WritePins.isAgentInstalled();
            } catch (NoClassDefFoundError e) {
                installed = false;
            }
            if (!installed) {
                throw new IllegalStateException("james-replicator needs its agent: add "
                    + "-javaagent:/path/to/james-replicator-agent.jar to James's JVM options and restart");
            }
        }

        /**
         * Fails start-up when James runs a mailbox backend the agent does not pin, or one whose
         * hooks did not all apply, naming the backend and the missing hooks.
         */
        static void requireBackendHooks(Class<?> mailboxManagerClass) {
            Optional<String> problem = BackendHooks.problem(mailboxManagerClass);
            if (problem.isPresent()) {
                throw new IllegalStateException(problem.get());
            }
        }
    }
}

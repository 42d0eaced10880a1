package dev.jamesreplicator.replicator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.TimeMetric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.sync.ServerDataSync;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.SyncStats;
import dev.jamesreplicator.sync.UserSync;

/** {@code maxConnections} threads that take users off the queue and sync them with the twin. */
@Singleton
public class SyncWorkers {
    private static final Logger LOGGER = LoggerFactory.getLogger(SyncWorkers.class);
    /**
     * A user whose sessions are postponed this long in a row (the twin syncing it, the state moving
     * under each plan) is warned about once: a user no session can reach does not replicate.
     */
    static final Duration POSTPONEMENTS_WORTH_A_WARNING = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final ReplicationQueue queue;
    private final UserSync userSync;
    private final ReplicatorMetrics metrics;
    private final TwinOutage outage;
    private final LastSessions lastSessions;
    private final int workerCount;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    @Inject
    public SyncWorkers(ReplicationQueue queue, UserSync userSync, ReplicationConfig config, ReplicatorMetrics metrics,
                       TwinOutage outage, LastSessions lastSessions) {
        this.queue = queue;
        this.lastSessions = lastSessions;
        this.userSync = userSync;
        this.metrics = metrics;
        this.outage = outage;
        this.workerCount = config.maxConnections();
    }

    public int workerCount() {
        return workerCount;
    }

    public synchronized void start() {
        running = true;
        for (int i = 0; i < workerCount; i++) {
            Thread thread = new Thread(this::work, "replicator-worker-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    private void work() {
        while (running) {
            try {
                queue.take(POLL).ifPresent(this::sync);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOGGER.error("Replicator worker error", e);
            }
        }
    }

    private void sync(ReplicationQueue.Claim claim) {
        TimeMetric timer = metrics.sessionTimer();
        try {
            SyncStats stats = ServerDataSync.isUnit(claim.user()) ? userSync.syncServerData(claim.full())
                : userSync.sync(claim.user(), claim.full());
            queue.succeeded(claim);
            if (stats.isFollowUpNeeded()) {
                queue.request(claim.user(), Priority.LOW);
            }
            metrics.succeeded(stats);
            lastSessions.record(claim.user(), claim.takenAt(), Instant.now(), stats);
            boolean wasUnreachable = outage.unreachable().isPresent();
            if (outage.sessionSucceeded()) {
                // The twin answers again: whoever waits out a backoff because of it goes now.
                int woken = queue.retryFailedNow();
                LOGGER.info("The twin answers again; retrying {} users that were waiting after a failure", woken);
            }
            if (wasUnreachable) {
                LOGGER.info("A session with the twin succeeded: new mail waits for the twin again (syncTimeout)");
            }
        } catch (SyncException e) {
            if (e.code() == SyncException.Code.NO_REPLICATE) {
                // The twin's list, not a fault: not retried at full speed, not counted as a failure, warned about once.
                if (queue.refusedByTwin(claim, e.getMessage())) {
                    LOGGER.warn("The twin refuses to sync {}: {}. Asked again every {} min; the health check compares "
                        + "both nodes' noReplicate lists", claim.user(), e.getMessage(),
                        ReplicationQueue.TWIN_REFUSAL_RECHECK.toMinutes());
                } else {
                    LOGGER.debug("The twin still refuses to sync {}: {}", claim.user(), e.getMessage());
                }
            } else if (e.code() == SyncException.Code.BUSY || e.code() == SyncException.Code.CONFLICT) {
                // The other side is syncing this user, or the state moved under the plan: plan again soon.
                Duration delay = Duration.ofMillis(20 + ThreadLocalRandom.current().nextInt(100));
                LOGGER.debug("Sync of {} postponed {} ms: {}", claim, delay.toMillis(), e.getMessage());
                queue.postponed(claim, delay, POSTPONEMENTS_WORTH_A_WARNING).ifPresent(postponedFor ->
                    LOGGER.warn("The sessions of {} have been postponed for {} s, the last because {}; the replicator keeps "
                        + "trying", claim.user(), postponedFor.toSeconds(), e.getMessage()));
                metrics.postponed();
            } else {
                LOGGER.warn("Sync of {} failed: {}", claim, e.getMessage());
                queue.failed(claim, e.code() + ": " + e.getMessage());
                metrics.failed();
                sessionFailed(e);
            }
        } catch (RuntimeException e) {
            LOGGER.error("Sync of {} failed", claim, e);
            queue.failed(claim, String.valueOf(e.getMessage()));
            metrics.failed();
            sessionFailed(e);
        } finally {
            timer.stopAndPublish();
        }
    }

    private void sessionFailed(RuntimeException failure) {
        outage.sessionFailed();
        if (TwinOutage.isUnreachable(failure) && outage.unreachable(String.valueOf(failure.getMessage()))) {
            LOGGER.warn("The twin is unreachable ({}): new mail is answered without waiting for it until a session "
                + "with it succeeds", failure.getMessage());
        }
    }

    public synchronized void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        userSync.close();
    }
}

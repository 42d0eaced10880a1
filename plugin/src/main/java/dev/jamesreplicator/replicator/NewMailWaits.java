package dev.jamesreplicator.replicator;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.hold.NewMailHold;
import dev.jamesreplicator.state.OwnSessions;
import dev.jamesreplicator.sync.ReplicationLink;

/**
 * Synchronous replication ({@code syncTimeout}): the agent asks, after each append of new mail,
 * whether its client must wait; the answer completes once a sync that began after the append has
 * succeeded, or when {@code syncTimeout} has passed (then the user's request falls back to the
 * {@code high} priority and {@code replication_sync_timeouts} counts it). The mail is stored
 * locally either way: a timeout only means the twin does not have it yet.
 *
 * <p>Not held: writes of sync sessions (they are the replication), everything while an
 * administrator has paused the link, and everything while the twin is known unreachable
 * ({@link TwinOutage}): nothing would reach the twin before the timeout, and a server left alone
 * must stay fast. Clients already waiting when the twin becomes known unreachable are answered
 * then. Waiting resumes once a session with the twin succeeds.
 */
@Singleton
public class NewMailWaits implements NewMailHold {
    private static final Logger LOGGER = LoggerFactory.getLogger(NewMailWaits.class);

    private final ReplicationQueue queue;
    private final OwnSessions ownSessions;
    private final ReplicationLink link;
    private final ReplicatorMetrics metrics;
    private final TwinOutage outage;
    private final Duration timeout;

    @Inject
    public NewMailWaits(ReplicationQueue queue, OwnSessions ownSessions, ReplicationLink link, ReplicatorMetrics metrics,
                        TwinOutage outage, ReplicationConfig config) {
        this.outage = outage;
        this.queue = queue;
        this.ownSessions = ownSessions;
        this.link = link;
        this.metrics = metrics;
        this.timeout = config.syncTimeout();
    }

    /** True when {@code syncTimeout} is set: only then are appends held. */
    public boolean enabled() {
        return !timeout.isZero();
    }

    @Override
    public CompletionStage<?> afterAppend(String owner, long sessionId) {
        if (!enabled() || ownSessions.contains(sessionId) || link.isPaused()) {
            return null;
        }
        // Taken before the wait is registered: an outage noticed in between completes it.
        CompletableFuture<Void> twinGone = outage.whenUnreachable();
        if (twinGone.isDone()) {
            metrics.answeredTwinDown();
            return null;
        }
        CompletableFuture<Void> synced = queue.awaitSync(owner);
        if (synced.isDone()) {
            return null;
        }
        metrics.syncWaitStarted();
        // A sync that answers the wait takes the waiter off the queue first: one still there timed out,
        // or was let go because the twin is unreachable. The client is answered after that accounting,
        // so the metrics never lag the answer.
        return CompletableFuture.anyOf(synced, twinGone)
            .completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
            .whenComplete((ignored, error) -> {
                if (!queue.stopWaiting(owner, synced)) {
                    return;
                }
                if (twinGone.isDone()) {
                    metrics.answeredTwinDown();
                    LOGGER.debug("New mail of {} answered without reaching the twin: the twin is unreachable", owner);
                } else {
                    metrics.syncTimedOut();
                    LOGGER.debug("New mail of {} answered after syncTimeout {} without reaching the twin", owner, timeout);
                }
            });
    }

    /** Releases every client still waiting: their mail is stored here, only not yet on the twin. */
    public void stop() {
        queue.releaseWaiters();
    }
}

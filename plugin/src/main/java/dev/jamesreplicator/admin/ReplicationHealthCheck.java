package dev.jamesreplicator.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import dev.jamesreplicator.replicator.QueueSummary;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.replicator.TwinProbe;
import dev.jamesreplicator.state.NoReplicateList;
import dev.jamesreplicator.sync.ReplicationLink;
import dev.jamesreplicator.sync.UserSync;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * James health check "Replication", listed in {@code healthcheck.properties}
 * ({@code additional.healthchecks}) and shown at WebAdmin {@code /healthcheck}: degraded while
 * the twin's replication port does not answer, a request has waited longer than
 * {@link #OLDEST_REQUEST_LIMIT} (the replicator is stuck or far behind), an administrator
 * has paused the link (at once: nothing replicates meanwhile), or the two nodes' noReplicate
 * lists differ (the twin's is asked for at each check, over a kept connection; a user left out
 * on one side only would have its sessions refused there). Never unhealthy: this
 * server still serves its own users when replication lags.
 */
public class ReplicationHealthCheck implements HealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("Replication");
    static final Duration OLDEST_REQUEST_LIMIT = Duration.ofMinutes(10);

    private final ReplicationQueue queue;
    private final TwinProbe probe;
    private final ReplicationLink link;
    private final Clock clock;
    private final Supplier<List<String>> ownMasks;
    private final Supplier<List<String>> twinMasks;

    @Inject
    public ReplicationHealthCheck(ReplicationQueue queue, TwinProbe probe, ReplicationLink link, NoReplicateList noReplicate,
                                  UserSync userSync) {
        this(queue, probe, link, Clock.systemUTC(), noReplicate::masks, userSync::twinNoReplicate);
    }

    /** Without the noReplicate comparison. */
    ReplicationHealthCheck(ReplicationQueue queue, TwinProbe probe, ReplicationLink link, Clock clock) {
        this(queue, probe, link, clock, List::of, List::of);
    }

    ReplicationHealthCheck(ReplicationQueue queue, TwinProbe probe, ReplicationLink link, Clock clock,
                           Supplier<List<String>> ownMasks, Supplier<List<String>> twinMasks) {
        this.ownMasks = ownMasks;
        this.twinMasks = twinMasks;
        this.queue = queue;
        this.probe = probe;
        this.link = link;
        this.clock = clock;
    }

    @Override
    public ComponentName componentName() {
        return COMPONENT;
    }

    @Override
    public Publisher<Result> check() {
        // The probe blocks up to its connect timeout: keep it off James's event loops.
        return Mono.fromCallable(this::checkNow).subscribeOn(Schedulers.boundedElastic());
    }

    Result checkNow() {
        List<String> problems = new ArrayList<>();
        if (link.isPaused()) {
            problems.add("the replication link is paused by an administrator (DELETE /replication/link/paused resumes it;"
                + " a restart resumes it too)");
        }
        Optional<String> unreachable = probe.unreachable();
        unreachable.ifPresent(problems::add);
        if (unreachable.isEmpty() && !link.isPaused()) {
            noReplicateDifference().ifPresent(problems::add);
        }
        QueueSummary summary = queue.summary();
        if (summary.refusedByTwin() > 0) {
            problems.add("the twin refuses to sync " + summary.refusedByTwin() + " users it leaves out of replication"
                + " (noreplicate-twin in replicator status)");
        }
        Optional<Instant> oldest = summary.oldestRequest();
        if (oldest.isPresent()) {
            Duration waiting = Duration.between(oldest.get(), clock.instant());
            if (waiting.compareTo(OLDEST_REQUEST_LIMIT) > 0) {
                problems.add("the oldest replication request has waited " + waiting.toSeconds() + " s ("
                    + summary.waitingFailed() + " users waiting after a failure)");
            }
        }
        if (queue.durableWriteFailures() > 0) {
            problems.add(queue.durableWriteFailures() + " writes to the replication state store failed: see the log");
        }
        return problems.isEmpty() ? Result.healthy(COMPONENT) : Result.degraded(COMPONENT, String.join("; ", problems));
    }

    /** What only one node's noReplicate list has, if anything; or that the twin's could not be read. */
    private Optional<String> noReplicateDifference() {
        List<String> twin;
        try {
            twin = twinMasks.get();
        } catch (RuntimeException e) {
            return Optional.of("cannot compare the noReplicate lists: the twin's could not be read (" + e.getMessage()
                + "; a twin of an older version does not tell it)");
        }
        List<String> own = ownMasks.get();
        List<String> onlyHere = own.stream().filter(mask -> !twin.contains(mask)).collect(Collectors.toList());
        List<String> onlyOnTwin = twin.stream().filter(mask -> !own.contains(mask)).collect(Collectors.toList());
        if (onlyHere.isEmpty() && onlyOnTwin.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the noReplicate lists differ: only here " + onlyHere + ", only on the twin " + onlyOnTwin
            + " (a user left out on one node only has its sessions refused there; give both nodes the same list)");
    }
}

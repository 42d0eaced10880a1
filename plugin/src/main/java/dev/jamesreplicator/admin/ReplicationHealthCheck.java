package dev.jamesreplicator.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.replicator.TwinProbe;
import dev.jamesreplicator.sync.ReplicationLink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * James health check "Replication", listed in {@code healthcheck.properties}
 * ({@code additional.healthchecks}) and shown at WebAdmin {@code /healthcheck}: degraded while
 * the twin's replication port does not answer, a request has waited longer than
 * {@link #OLDEST_REQUEST_LIMIT} (the replicator is stuck or far behind), or an administrator
 * has paused the link (at once: nothing replicates meanwhile). Never unhealthy: this
 * server still serves its own users when replication lags.
 */
public class ReplicationHealthCheck implements HealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("Replication");
    static final Duration OLDEST_REQUEST_LIMIT = Duration.ofMinutes(10);

    private final ReplicationQueue queue;
    private final TwinProbe probe;
    private final ReplicationLink link;
    private final Clock clock;

    @Inject
    public ReplicationHealthCheck(ReplicationQueue queue, TwinProbe probe, ReplicationLink link) {
        this(queue, probe, link, Clock.systemUTC());
    }

    ReplicationHealthCheck(ReplicationQueue queue, TwinProbe probe, ReplicationLink link, Clock clock) {
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
        probe.unreachable().ifPresent(problems::add);
        ReplicationQueue.Summary summary = queue.summary();
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
}

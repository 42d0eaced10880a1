package dev.jamesreplicator.replicator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Notices the twin coming back: every session failing for a while, then one succeeding. Users
 * that failed meanwhile wait out their backoff (up to a minute); this lets them go at once. A
 * single user failing for its own reason among successes is not an outage, so it keeps its
 * backoff.
 */
@Singleton
public class TwinOutage {
    /** Failures in a row for at least this long count as the twin being away. */
    static final Duration MIN_OUTAGE = Duration.ofSeconds(3);

    private final Clock clock;
    private Instant failingSince;

    @Inject
    public TwinOutage() {
        this(Clock.systemUTC());
    }

    TwinOutage(Clock clock) {
        this.clock = clock;
    }

    public synchronized void sessionFailed() {
        if (failingSince == null) {
            failingSince = clock.instant();
        }
    }

    /** True if this success ends an outage. */
    public synchronized boolean sessionSucceeded() {
        boolean endsOutage = failingSince != null && !failingSince.plus(MIN_OUTAGE).isAfter(clock.instant());
        failingSince = null;
        return endsOutage;
    }

    /** Since when every session has failed, if the last one failed. */
    public synchronized Optional<Instant> failingSince() {
        return Optional.ofNullable(failingSince);
    }
}

package dev.jamesreplicator.replicator;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * What the replicator knows of the twin's absence, from its sessions and its probe.
 *
 * <p>Notices the twin coming back: every session failing for a while, then one succeeding.
 * Users that failed meanwhile wait out their backoff (up to a minute); this lets them go at
 * once. A single user failing for its own reason among successes is not an outage, so it keeps
 * its backoff.
 *
 * <p>Knows the twin unreachable: a session broke off at the network (refused, reset, timed out,
 * closed under it) or the probe failed. Until a session succeeds again, new mail is answered
 * without waiting for the twin ({@link NewMailWaits}): a server left alone must stay fast, as
 * Dovecot's does when its dsync cannot connect. A failure the twin answered (a refusal, a
 * conflict) says it is there, so it does not count.
 */
@Singleton
public class TwinOutage {
    /** Failures in a row for at least this long count as the twin being away. */
    static final Duration MIN_OUTAGE = Duration.ofSeconds(3);

    private final Clock clock;
    private Instant failingSince;
    private String unreachable;
    /** Completes when the twin becomes known unreachable; a new one once a session succeeds. */
    private CompletableFuture<Void> becameUnreachable = new CompletableFuture<>();

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

    /** True if this success ends an outage. Either way the twin is reachable again. */
    public synchronized boolean sessionSucceeded() {
        boolean endsOutage = failingSince != null && !failingSince.plus(MIN_OUTAGE).isAfter(clock.instant());
        failingSince = null;
        if (unreachable != null) {
            unreachable = null;
            becameUnreachable = new CompletableFuture<>();
        }
        return endsOutage;
    }

    /** Since when every session has failed, if the last one failed. */
    public synchronized Optional<Instant> failingSince() {
        return Optional.ofNullable(failingSince);
    }

    /** The twin cannot be reached, for this reason; true if it was not known before. */
    public boolean unreachable(String why) {
        CompletableFuture<Void> signal;
        synchronized (this) {
            boolean known = unreachable != null;
            unreachable = why;
            if (known) {
                return false;
            }
            signal = becameUnreachable;
        }
        // Outside the lock: whoever waits for the twin continues at once.
        signal.complete(null);
        return true;
    }

    /** Why the twin is known unreachable, until a session with it succeeds. */
    public synchronized Optional<String> unreachable() {
        return Optional.ofNullable(unreachable);
    }

    /** Completes as soon as the twin is known unreachable: already complete while it is. */
    public synchronized CompletableFuture<Void> whenUnreachable() {
        return becameUnreachable;
    }

    /** A failure at the network, on the way to the twin: not one the twin answered. */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // Refused, reset, no route, broken pipe (SocketException); connect or read timed out; closed under us.
            if (cause instanceof SocketException || cause instanceof SocketTimeoutException
                || cause instanceof EOFException || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}

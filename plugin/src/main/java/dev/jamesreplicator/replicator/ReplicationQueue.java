package dev.jamesreplicator.replicator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * One entry per user, with the most urgent sync it is owed. Workers take the most urgent ready
 * user, oldest first within a priority; a user is never handed to two workers, and a change
 * noticed while its sync runs makes it ready again once that sync ends.
 */
@Singleton
public class ReplicationQueue {
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(60);

    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();
    private long sequence;

    @Inject
    public ReplicationQueue() {
        this(Clock.systemUTC());
    }

    ReplicationQueue(Clock clock) {
        this.clock = clock;
    }

    /** Records that {@code user} needs a sync of at least this priority; never blocks for long. */
    public synchronized void request(String user, Priority priority) {
        Entry entry = entries.computeIfAbsent(user, Entry::new);
        if (entry.pending == null) {
            entry.pending = priority;
            entry.order = sequence++;
        } else if (priority.moreUrgentThan(entry.pending)) {
            entry.pending = priority;
        }
        notifyAll();
    }

    /** Waits up to {@code maxWait} for a ready user and marks it as syncing. */
    public synchronized Optional<Claim> take(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            Instant now = clock.instant();
            Optional<Entry> ready = entries.values().stream()
                .filter(entry -> entry.pending != null && !entry.syncing && !entry.notBefore.isAfter(now))
                .min(Comparator.comparing((Entry entry) -> entry.pending).thenComparingLong(entry -> entry.order));
            if (ready.isPresent()) {
                Entry entry = ready.get();
                Claim claim = new Claim(entry.user, entry.pending);
                entry.pending = null;
                entry.syncing = true;
                return Optional.of(claim);
            }
            long waitNanos = Math.min(deadline - System.nanoTime(), nanosUntilNextRetry(now));
            if (waitNanos <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, waitNanos / 1_000_000));
        }
    }

    private long nanosUntilNextRetry(Instant now) {
        return entries.values().stream()
            .filter(entry -> entry.pending != null && !entry.syncing && entry.notBefore.isAfter(now))
            .mapToLong(entry -> Duration.between(now, entry.notBefore).toNanos())
            .min().orElse(Long.MAX_VALUE);
    }

    public synchronized void succeeded(Claim claim) {
        Entry entry = finish(claim);
        Instant now = clock.instant();
        entry.lastSuccess = now;
        if (claim.priority() == Priority.FULL) {
            entry.lastFullSync = now;
        } else {
            entry.lastFastSync = now;
        }
        entry.consecutiveFailures = 0;
        entry.lastError = null;
    }

    /** The sync failed: owed again, after a delay that doubles with each failure in a row. */
    public synchronized void failed(Claim claim, String error) {
        Entry entry = finish(claim);
        entry.consecutiveFailures++;
        entry.lastFailure = clock.instant();
        entry.lastError = error;
        long factor = 1L << Math.min(entry.consecutiveFailures - 1, 16);
        Duration delay = FIRST_RETRY.multipliedBy(factor);
        retryAfter(entry, claim.priority(), delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay);
    }

    /** The sync could not start now (the twin is syncing this user): owed again shortly. */
    public synchronized void postponed(Claim claim, Duration delay) {
        retryAfter(finish(claim), claim.priority(), delay);
    }

    private void retryAfter(Entry entry, Priority priority, Duration delay) {
        entry.notBefore = clock.instant().plus(delay);
        if (entry.pending == null) {
            entry.pending = priority;
            entry.order = sequence++;
        } else if (priority.moreUrgentThan(entry.pending)) {
            entry.pending = priority;
        }
        notifyAll();
    }

    private Entry finish(Claim claim) {
        Entry entry = entries.get(claim.user());
        entry.syncing = false;
        entry.notBefore = Instant.MIN;
        notifyAll();
        return entry;
    }

    public synchronized List<UserStatus> status() {
        List<UserStatus> statuses = new ArrayList<>();
        Instant now = clock.instant();
        for (Entry entry : entries.values()) {
            statuses.add(new UserStatus(entry.user, Optional.ofNullable(entry.pending), entry.syncing,
                Optional.ofNullable(entry.lastFastSync), Optional.ofNullable(entry.lastFullSync),
                Optional.ofNullable(entry.lastSuccess), Optional.ofNullable(entry.lastFailure),
                Optional.ofNullable(entry.lastError), entry.consecutiveFailures,
                entry.notBefore.isAfter(now) ? Optional.of(entry.notBefore) : Optional.empty()));
        }
        statuses.sort(Comparator.comparing(UserStatus::user));
        return statuses;
    }

    /** A user handed to a worker, with the priority it was owed. */
    public static final class Claim {
        private final String user;
        private final Priority priority;

        Claim(String user, Priority priority) {
            this.user = user;
            this.priority = priority;
        }

        public String user() {
            return user;
        }

        public Priority priority() {
            return priority;
        }

        @Override
        public String toString() {
            return user + " (" + priority + ")";
        }
    }

    private static final class Entry {
        final String user;
        Priority pending;
        long order;
        boolean syncing;
        Instant notBefore = Instant.MIN;
        Instant lastFastSync;
        Instant lastFullSync;
        Instant lastSuccess;
        Instant lastFailure;
        String lastError;
        int consecutiveFailures;

        Entry(String user) {
            this.user = user;
        }
    }
}

package dev.jamesreplicator.replicator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.state.NoReplicateList;

/**
 * One entry per user ({@link QueueEntry}), with the most urgent sync it is owed: what the rest of
 * the plugin calls to queue, take and settle syncs. It owns the one lock (its monitor) that
 * guards every entry and the classes that do each job on them: which user goes next
 * ({@link SyncOrder}), the delay after a failure ({@link FailureBackoff}), the records that
 * survive a restart ({@link DurableEntries}), the clients waiting for a user's sync
 * ({@link SyncWaiters}), and what status shows ({@link UserStatus}, {@link QueueSummary}). A
 * user is never handed to two workers, and a change noticed while its sync runs makes it ready
 * again once that sync ends.
 *
 * <p>Durability: a request is in the queue's log ({@link QueueRecords}) when {@link #request}
 * returns, so it survives kill -9; a sync that was running when the process died is still owed
 * at the next start (the record keeps it until the sync succeeds).
 *
 * <p>Waiting for the twin ({@link #awaitSync}): every request is counted, a claim remembers the
 * count when its sync begins, and a successful sync releases whoever waited for a count it
 * covers. The {@code sync} priority is not stored: a user is owed it exactly while a client
 * waits for its sync ({@link QueueEntry#owed}), so a timeout or a restart takes it away by itself.
 *
 * <p>Users left out of replication ({@link NoReplicateList}) are known, so status shows them,
 * but are owed nothing and nobody waits for them; a user the list lets go again is owed a full
 * sync, since its mail went its own way on each server meanwhile.
 */
@Singleton
public class ReplicationQueue {
    /** How long a user the twin refused as noreplicate waits before it is asked for again. */
    static final Duration TWIN_REFUSAL_RECHECK = Duration.ofMinutes(5);
    /** The longest wait between two tries of a user whose sessions keep being postponed. */
    static final Duration LONGEST_POSTPONEMENT = Duration.ofSeconds(1);
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplicationQueue.class);

    private final Clock clock;
    private final DurableEntries durable;
    private final Predicate<String> noReplicate;
    private final SyncOrder order = new SyncOrder();
    private final Map<String, QueueEntry> entries = new HashMap<>();

    @Inject
    public ReplicationQueue(QueueRecords records, NoReplicateList noReplicate) {
        this(Clock.systemUTC(), records, noReplicate::excludes);
        noReplicate.onChange(this::noReplicateChanged);
    }

    /** A queue that leaves nobody out. */
    public ReplicationQueue(QueueRecords records) {
        this(Clock.systemUTC(), records, user -> false);
    }

    ReplicationQueue(Clock clock, QueueRecords records) {
        this(clock, records, user -> false);
    }

    ReplicationQueue(Clock clock, QueueRecords records, Predicate<String> noReplicate) {
        this.clock = clock;
        this.durable = new DurableEntries(records);
        this.noReplicate = noReplicate;
        restore();
    }

    private synchronized void restore() {
        durable.restore(entries, clock, order, noReplicate);
    }

    /** Folds the request log into the state store; the replicator calls it every second. */
    public synchronized void checkpoint() {
        durable.checkpoint();
    }

    /** Records that {@code user} needs a sync of at least this priority; durable when it returns. */
    public void request(String user, Priority priority) {
        request(user, priority, priority == Priority.FULL);
    }

    /** As {@link #request(String, Priority)}; {@code full} asks for a full comparison (status shows it as one). */
    public synchronized void request(String user, Priority priority, boolean full) {
        QueueEntry entry = entries.computeIfAbsent(user, QueueEntry::new);
        if (leftOut(entry)) {
            return;
        }
        entry.waiters.requested();
        Instant now = clock.instant();
        if (order.owe(entry, priority, full, now)) {
            durable.requested(entry, now);
            if (LOGGER.isDebugEnabled()) {
                LOGGER.debug("{} owed a {}{} sync{}", user, priority, full ? " full" : "",
                    entry.syncing ? ", after the one running" : "");
            }
            notifyAll();
        }
    }

    /**
     * Makes a user known without a sync, unless it has never been synced in full: then it is owed
     * one (true), unless it is left out of replication.
     */
    public synchronized boolean add(String user) {
        QueueEntry existing = entries.get(user);
        if (existing != null && existing.lastFullSync != null) {
            return false;
        }
        if (leftOut(entries.computeIfAbsent(user, QueueEntry::new))) {
            return false;
        }
        request(user, Priority.FULL, true);
        return true;
    }

    /** Users of {@code listed} the queue does not know yet get a full sync; returns how many. */
    public synchronized int addAll(Collection<String> listed) {
        int added = 0;
        for (String user : listed) {
            if (!entries.containsKey(user) && add(user)) {
                added++;
            }
        }
        return added;
    }

    /** Forgets a user: its pending request and its history. A running sync finishes but leaves no trace. */
    public boolean remove(String user) {
        List<CompletableFuture<Void>> released;
        synchronized (this) {
            QueueEntry removed = entries.remove(user);
            if (removed == null) {
                return false;
            }
            durable.removed(user, clock.instant());
            released = removed.waiters.takeAll();
        }
        // Nothing will be synced for it any more: nobody should wait for that.
        SyncWaiters.release(released);
        return true;
    }

    /**
     * The list of users left out changed: a known user it now names is owed nothing more (a
     * running sync finishes) and whoever waited for it goes; one it no longer names is owed a
     * full sync.
     */
    public void noReplicateChanged() {
        List<CompletableFuture<Void>> released = new ArrayList<>();
        int dropped = 0;
        int back = 0;
        synchronized (this) {
            for (QueueEntry entry : new ArrayList<>(entries.values())) {
                boolean wasLeftOut = entry.leftOut;
                entry.leftOut = noReplicate.test(entry.user);
                if (entry.leftOut) {
                    if (!wasLeftOut) {
                        dropped++;
                    }
                    released.addAll(entry.waiters.takeAll());
                    if (entry.pending != null) {
                        entry.drop();
                        durable.persist(entry);
                    }
                } else if (wasLeftOut) {
                    back++;
                    // Asked afresh: a refusal the twin gave before is no reason to wait its recheck.
                    entry.twinRefusal = null;
                    entry.notBefore = Instant.MIN;
                    request(entry.user, Priority.FULL, true);
                }
            }
        }
        SyncWaiters.release(released);
        if (dropped + back > 0) {
            LOGGER.info("noreplicate changed: {} known users left out of replication now, {} owed a full sync as they replicate again",
                dropped, back);
        }
    }

    /**
     * Whether {@code entry}'s user is left out now; remembers it if so. Only
     * {@link #noReplicateChanged} lets it go: it owes the user a full sync then.
     */
    private boolean leftOut(QueueEntry entry) {
        if (noReplicate.test(entry.user)) {
            entry.leftOut = true;
        }
        return entry.leftOut;
    }

    /** Owes a full sync to every idle user whose last full sync is older than {@code interval}; returns how many. */
    public synchronized int requestFullSyncsDue(Duration interval) {
        List<String> due = new ArrayList<>();
        Instant now = clock.instant();
        for (QueueEntry entry : entries.values()) {
            if (entry.pending == null && !entry.syncing && !leftOut(entry)
                && (entry.lastFullSync == null || !entry.lastFullSync.plus(interval).isAfter(now))) {
                due.add(entry.user);
            }
        }
        due.forEach(user -> request(user, Priority.FULL, true));
        return due.size();
    }

    /** Waits up to {@code maxWait} for a ready user and marks it as syncing. */
    public synchronized Optional<Claim> take(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            Instant now = clock.instant();
            Optional<QueueEntry> chosen = order.choose(entries.values(), now);
            if (chosen.isPresent()) {
                QueueEntry entry = chosen.get();
                Claim claim = new Claim(entry.user, entry.pending, entry.pendingFull, entry.consecutiveFailures > 0, now,
                    entry.waiters.requests());
                entry.syncing = true;
                entry.claim = claim;
                entry.drop();
                LOGGER.debug("Sync of {} taken", claim);
                return Optional.of(claim);
            }
            long waitNanos = Math.min(deadline - System.nanoTime(), order.nanosUntilNextReady(entries.values(), now));
            if (waitNanos <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, waitNanos / 1_000_000));
        }
    }

    public void succeeded(Claim claim) {
        SyncWaiters.release(recordSuccess(claim));
    }

    private synchronized List<CompletableFuture<Void>> recordSuccess(Claim claim) {
        QueueEntry entry = finish(claim);
        if (entry == null) {
            return List.of();
        }
        endPostponements(entry);
        Instant now = clock.instant();
        SyncOrder.pauseAfterSuccess(entry, Duration.between(claim.takenAt(), now), now);
        entry.lastSuccess = now;
        entry.lastFastSync = now;
        if (claim.full()) {
            entry.lastFullSync = now;
        }
        FailureBackoff.succeeded(entry);
        endTwinRefusal(entry);
        durable.persist(entry);
        return entry.waiters.syncedThrough(claim.requestsCovered);
    }

    /**
     * Completes once a sync that began after every request made so far for {@code user} has
     * succeeded: the twin then holds whatever those requests were about. Already complete when
     * there is nothing to wait for. Not durable: a waiter is a client waiting on this process.
     */
    public synchronized CompletableFuture<Void> awaitSync(String user) {
        QueueEntry entry = entries.get(user);
        if (entry == null || entry.waiters.answered() || leftOut(entry) || entry.twinRefusal != null) {
            return CompletableFuture.completedFuture(null);
        }
        return entry.waiters.await();
    }

    /** Lets every waiting client go: the replicator stops, and their mail is stored here all the same. */
    public void releaseWaiters() {
        List<CompletableFuture<Void>> released = new ArrayList<>();
        synchronized (this) {
            for (QueueEntry entry : entries.values()) {
                released.addAll(entry.waiters.takeAll());
            }
        }
        SyncWaiters.release(released);
    }

    /**
     * Gives up a wait from {@link #awaitSync} that has not been released; returns false if it had
     * been. With nobody waiting, the user is owed its stored priority again, not {@code sync}.
     */
    public synchronized boolean stopWaiting(String user, CompletableFuture<Void> synced) {
        QueueEntry entry = entries.get(user);
        return entry != null && entry.waiters.stop(synced);
    }

    /** The sync failed: owed again, after a delay that doubles with each failure in a row ({@link FailureBackoff}). */
    public synchronized void failed(Claim claim, String error) {
        QueueEntry entry = finish(claim);
        if (entry == null) {
            return;
        }
        endPostponements(entry);
        retryAfter(entry, claim, FailureBackoff.failed(entry, clock.instant(), error));
    }

    /**
     * The twin opened a session for this user, so it no longer leaves it out: a refusal it gave
     * this node is over, and what this node owes the user goes now, not at the 5-minute recheck.
     */
    public synchronized void twinSyncs(String user) {
        QueueEntry entry = entries.get(user);
        if (entry != null && endTwinRefusal(entry)) {
            entry.notBefore = Instant.MIN;
            durable.persist(entry);
            notifyAll();
        }
    }

    /** Forgets that the twin refused the user; true if it had. */
    private static boolean endTwinRefusal(QueueEntry entry) {
        if (entry.twinRefusal == null) {
            return false;
        }
        entry.twinRefusal = null;
        LOGGER.info("The twin syncs {} again: it no longer leaves it out of replication", entry.user);
        return true;
    }

    /**
     * The twin leaves this user out of replication and refused the session. Not a failure (no
     * backoff, no failure count): the user is asked for again after {@link #TWIN_REFUSAL_RECHECK},
     * in case the twin's list changed, nobody waits for it meanwhile, and status shows why.
     * Returns true for the first refusal since the user last synced, the one worth a warning.
     */
    public boolean refusedByTwin(Claim claim, String detail) {
        List<CompletableFuture<Void>> released;
        boolean first;
        synchronized (this) {
            QueueEntry entry = finish(claim);
            if (entry == null) {
                return false;
            }
            endPostponements(entry);
            first = entry.twinRefusal == null;
            entry.twinRefusal = detail;
            released = entry.waiters.takeAll();
            retryAfter(entry, claim, TWIN_REFUSAL_RECHECK);
        }
        SyncWaiters.release(released);
        return first;
    }

    /**
     * The sync could not run now (the user is being synced, or its state moved under the
     * session, or the twin's link is paused): owed again after {@code delay}, or after a quarter
     * of the time its sessions have been postponed in a row if that is longer (at most
     * {@link #LONGEST_POSTPONEMENT}). Returns how long they have been postponed, the first time
     * that reaches {@code worthAWarning}, for the caller to warn once.
     */
    public synchronized Optional<Duration> postponed(Claim claim, Duration delay, Duration worthAWarning) {
        QueueEntry entry = finish(claim);
        if (entry == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (entry.postponedSince == null) {
            entry.postponedSince = claim.takenAt();
        }
        Duration postponedFor = Duration.between(entry.postponedSince, now);
        retryAfter(entry, claim, postponementWait(delay, postponedFor));
        if (entry.postponementsWarned || postponedFor.compareTo(worthAWarning) < 0) {
            return Optional.empty();
        }
        entry.postponementsWarned = true;
        return Optional.of(postponedFor);
    }

    /**
     * Ends every wait after a failure and starts the backoff anew: the twin answers again, so
     * whoever waits for it should not sit out the rest of a minute. Returns how many users it woke.
     */
    public synchronized int retryFailedNow() {
        int woken = 0;
        for (QueueEntry entry : entries.values()) {
            if (FailureBackoff.retryNow(entry)) {
                woken++;
            }
        }
        if (woken > 0) {
            notifyAll();
        }
        return woken;
    }

    private void retryAfter(QueueEntry entry, Claim claim, Duration delay) {
        entry.notBefore = clock.instant().plus(delay);
        if (entry.leftOut) {
            // Left out while it synced: owed nothing, and a full sync if it is let go.
            durable.persist(entry);
            notifyAll();
            return;
        }
        order.owe(entry, claim.priority(), claim.full(), clock.instant());
        durable.persist(entry);
        notifyAll();
    }

    /**
     * A twin whose administrator paused its link refuses every session for as long: asked ten
     * times a second, each time on a new TLS connection, for the whole pause, it spent more on
     * handshakes than on mail. A user busy on the twin for a session's time still goes soon.
     */
    private static Duration postponementWait(Duration delay, Duration postponedFor) {
        Duration longer = postponedFor.dividedBy(4);
        if (longer.compareTo(delay) <= 0) {
            return delay;
        }
        return longer.compareTo(LONGEST_POSTPONEMENT) < 0 ? longer : LONGEST_POSTPONEMENT;
    }

    /** A session of the user ran to an end, good or bad: a later postponement starts a new run. */
    private void endPostponements(QueueEntry entry) {
        if (entry.postponementsWarned) {
            LOGGER.info("The sessions of {} run again after {} s of postponements", entry.user,
                Duration.between(entry.postponedSince, clock.instant()).toSeconds());
        }
        entry.postponedSince = null;
        entry.postponementsWarned = false;
    }

    private QueueEntry finish(Claim claim) {
        QueueEntry entry = entries.get(claim.user());
        if (entry == null || entry.claim != claim) {
            // Removed (or removed and added again) while it synced: nothing to record.
            return null;
        }
        entry.syncing = false;
        entry.claim = null;
        entry.notBefore = Instant.MIN;
        notifyAll();
        return entry;
    }

    /** Writes to the state store that failed since start (each was logged). */
    public long durableWriteFailures() {
        return durable.writeFailures();
    }

    public synchronized List<UserStatus> status() {
        return status(user -> true);
    }

    public synchronized List<UserStatus> status(Predicate<String> users) {
        List<UserStatus> statuses = new ArrayList<>();
        Instant now = clock.instant();
        for (QueueEntry entry : entries.values()) {
            if (users.test(entry.user)) {
                statuses.add(UserStatus.of(entry, now));
            }
        }
        statuses.sort(Comparator.comparing(UserStatus::user));
        return statuses;
    }

    public synchronized Optional<UserStatus> status(String user) {
        return Optional.ofNullable(entries.get(user)).map(entry -> UserStatus.of(entry, clock.instant()));
    }

    /** The numbers of {@code doveadm replicator status}, counted in one pass. */
    public synchronized QueueSummary summary() {
        return QueueSummary.of(entries.values(), clock.instant());
    }

    /** A user handed to a worker, with the priority it was owed. */
    public static final class Claim {
        private final String user;
        private final Priority priority;
        private final boolean full;
        private final boolean retry;
        private final Instant takenAt;
        /** The user's request count when the sync began: its success answers every request up to it. */
        private final long requestsCovered;

        Claim(String user, Priority priority, boolean full, boolean retry, Instant takenAt, long requestsCovered) {
            this.user = user;
            this.priority = priority;
            this.full = full;
            this.retry = retry;
            this.takenAt = takenAt;
            this.requestsCovered = requestsCovered;
        }

        public String user() {
            return user;
        }

        public Priority priority() {
            return priority;
        }

        /** A full comparison was asked for (start-up, periodic, or {@code replicate -f}). */
        public boolean full() {
            return full;
        }

        /** The user's previous sync failed. */
        public boolean retry() {
            return retry;
        }

        public Instant takenAt() {
            return takenAt;
        }

        @Override
        public String toString() {
            return user + " (" + priority + (full ? ", full" : "") + ")";
        }
    }
}

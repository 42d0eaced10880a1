package dev.jamesreplicator.replicator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
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
 * One entry per user, with the most urgent sync it is owed. Workers take the most urgent ready
 * user, oldest first within a priority; a user is never handed to two workers, and a change
 * noticed while its sync runs makes it ready again once that sync ends.
 *
 * <p>Fairness: a request that has waited {@link #STARVATION_AGE} is not starved by a stream of
 * more urgent ones: while it waits, every {@link #FAIR_SHARE}th take goes to the oldest ready
 * request, so new mail keeps most of the workers and older work still moves.
 *
 * <p>Durability: a request is in the queue's log ({@link QueueRecords}) when {@link #request}
 * returns, so it survives kill -9; a sync that was running when the process died is still owed
 * at the next start (the record keeps it until the sync succeeds).
 *
 * <p>Waiting for the twin ({@link #awaitSync}): every request is counted, a claim remembers the
 * count when its sync begins, and a successful sync releases whoever waited for a count it
 * covers. The {@code sync} priority is not stored: a user is owed it exactly while a client
 * waits for its sync ({@link #owed}), so a timeout or a restart takes it away by itself.
 *
 * <p>Users left out of replication ({@link NoReplicateList}) are known, so status shows them,
 * but are owed nothing and nobody waits for them; a user the list lets go again is owed a full
 * sync, since its mail went its own way on each server meanwhile.
 */
@Singleton
public class ReplicationQueue {
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(60);
    static final Duration STARVATION_AGE = Duration.ofSeconds(10);
    /** The longest pause between two sessions of one user that no client waits for. */
    static final Duration LONGEST_PAUSE = Duration.ofMillis(500);
    static final int FAIR_SHARE = 4;
    /** How long a user the twin refused as noreplicate waits before it is asked for again. */
    static final Duration TWIN_REFUSAL_RECHECK = Duration.ofMinutes(5);
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplicationQueue.class);

    private final Clock clock;
    private final QueueRecords records;
    private final Predicate<String> noReplicate;
    private final Map<String, Entry> entries = new HashMap<>();
    private long sequence;
    private int oldestBypassed;

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
        this.records = records;
        this.noReplicate = noReplicate;
        restore();
    }

    /**
     * Re-creates the entries of the last run: the records of the last checkpoint, then the
     * requests logged after it. What was owed (queued or running) is owed again, oldest first.
     */
    private synchronized void restore() {
        records.loadAll().forEach((user, record) -> {
            Entry entry = new Entry(user);
            entry.lastFastSync = record.lastFastSync.orElse(null);
            entry.lastFullSync = record.lastFullSync.orElse(null);
            entry.lastSuccess = record.lastSuccess.orElse(null);
            entry.lastFailure = record.lastFailure.orElse(null);
            entry.consecutiveFailures = record.consecutiveFailures;
            entry.backoffFailures = record.consecutiveFailures;
            entry.lastError = record.lastError.orElse(null);
            if (record.owed.isPresent()) {
                entry.pending = record.owed.get();
                entry.pendingFull = record.owedFull;
                entry.requestedAt = record.requestedAt.orElse(clock.instant());
            }
            entries.put(user, entry);
        });
        records.replayLog(line -> {
            if (line.priority.isEmpty()) {
                entries.remove(line.user);
                records.remove(line.user);
            } else {
                owe(entries.computeIfAbsent(line.user, Entry::new), line.priority.get(), line.full, line.at);
            }
        });
        List<Entry> owed = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (entry.pending == Priority.SYNC) {
                // Stored by an earlier version, or asked for: whoever waited for it went with the last run.
                entry.pending = Priority.HIGH;
            }
            if (noReplicate.test(entry.user)) {
                entry.leftOut = true;
                drop(entry);
            }
            if (entry.pending != null) {
                owed.add(entry);
            }
            persist(entry);
        }
        owed.sort(Comparator.comparing((Entry entry) -> entry.requestedAt));
        owed.forEach(entry -> entry.order = sequence++);
        records.checkpoint();
    }

    /** Folds the request log into the state store; the replicator calls it every second. */
    public synchronized void checkpoint() {
        records.checkpoint();
    }

    /** Records that {@code user} needs a sync of at least this priority; durable when it returns. */
    public void request(String user, Priority priority) {
        request(user, priority, priority == Priority.FULL);
    }

    /** As {@link #request(String, Priority)}; {@code full} asks for a full comparison (status shows it as one). */
    public synchronized void request(String user, Priority priority, boolean full) {
        Entry entry = entries.computeIfAbsent(user, Entry::new);
        if (leftOut(entry)) {
            return;
        }
        entry.requests++;
        Instant now = clock.instant();
        if (owe(entry, priority, full, now)) {
            persist(entry);
            records.logRequest(user, entry.pending, entry.pendingFull, now);
            if (records.logIsLarge()) {
                records.checkpoint();
            }
            notifyAll();
        }
    }

    /**
     * Makes a user known without a sync, unless it has never been synced in full: then it is owed
     * one (true), unless it is left out of replication.
     */
    public synchronized boolean add(String user) {
        Entry existing = entries.get(user);
        if (existing != null && existing.lastFullSync != null) {
            return false;
        }
        if (leftOut(entries.computeIfAbsent(user, Entry::new))) {
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
        List<Waiter> released;
        synchronized (this) {
            Entry removed = entries.remove(user);
            if (removed == null) {
                return false;
            }
            records.remove(user);
            records.logRemoval(user, clock.instant());
            released = List.copyOf(removed.waiters);
        }
        // Nothing will be synced for it any more: nobody should wait for that.
        release(released);
        return true;
    }

    /**
     * The list of users left out changed: a known user it now names is owed nothing more (a
     * running sync finishes) and whoever waited for it goes; one it no longer names is owed a
     * full sync.
     */
    public void noReplicateChanged() {
        List<Waiter> released = new ArrayList<>();
        int dropped = 0;
        int back = 0;
        synchronized (this) {
            for (Entry entry : new ArrayList<>(entries.values())) {
                boolean wasLeftOut = entry.leftOut;
                entry.leftOut = noReplicate.test(entry.user);
                if (entry.leftOut) {
                    if (!wasLeftOut) {
                        dropped++;
                    }
                    released.addAll(entry.waiters);
                    entry.waiters.clear();
                    if (entry.pending != null) {
                        drop(entry);
                        persist(entry);
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
        release(released);
        if (dropped + back > 0) {
            LOGGER.info("noreplicate changed: {} known users left out of replication now, {} owed a full sync as they replicate again",
                dropped, back);
        }
    }

    /**
     * Whether {@code entry}'s user is left out now; remembers it if so. Only
     * {@link #noReplicateChanged} lets it go: it owes the user a full sync then.
     */
    private boolean leftOut(Entry entry) {
        if (noReplicate.test(entry.user)) {
            entry.leftOut = true;
        }
        return entry.leftOut;
    }

    /** Forgets what a user left out is owed. */
    private static void drop(Entry entry) {
        entry.pending = null;
        entry.pendingFull = false;
        entry.requestedAt = null;
    }

    /** Outside the lock: whoever waited continues at once, and may come back to the queue. */
    private static void release(List<Waiter> waiters) {
        waiters.forEach(waiter -> waiter.synced.complete(null));
    }

    /** Owes a full sync to every idle user whose last full sync is older than {@code interval}; returns how many. */
    public synchronized int requestFullSyncsDue(Duration interval) {
        List<String> due = new ArrayList<>();
        Instant now = clock.instant();
        for (Entry entry : entries.values()) {
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
            Optional<Entry> chosen = choose(now);
            if (chosen.isPresent()) {
                Entry entry = chosen.get();
                Claim claim = new Claim(entry.user, entry.pending, entry.pendingFull, entry.consecutiveFailures > 0, now,
                    entry.requests);
                entry.syncing = true;
                entry.claim = claim;
                entry.pending = null;
                entry.pendingFull = false;
                entry.requestedAt = null;
                return Optional.of(claim);
            }
            long waitNanos = Math.min(deadline - System.nanoTime(), nanosUntilNextRetry(now));
            if (waitNanos <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, waitNanos / 1_000_000));
        }
    }

    private Optional<Entry> choose(Instant now) {
        Entry mostUrgent = null;
        Entry oldest = null;
        for (Entry entry : entries.values()) {
            if (!ready(entry, now)) {
                continue;
            }
            if (mostUrgent == null || owed(entry).moreUrgentThan(owed(mostUrgent))
                || (owed(entry) == owed(mostUrgent) && entry.order < mostUrgent.order)) {
                mostUrgent = entry;
            }
            if (oldest == null || entry.order < oldest.order) {
                oldest = entry;
            }
        }
        if (mostUrgent == null) {
            return Optional.empty();
        }
        if (oldest != mostUrgent && !oldest.requestedAt.plus(STARVATION_AGE).isAfter(now)) {
            if (oldestBypassed >= FAIR_SHARE - 1) {
                oldestBypassed = 0;
                return Optional.of(oldest);
            }
            oldestBypassed++;
        } else {
            oldestBypassed = 0;
        }
        return Optional.of(mostUrgent);
    }

    private boolean ready(Entry entry, Instant now) {
        return entry.pending != null && !entry.syncing && !readyAt(entry).isAfter(now) && !entry.leftOut;
    }

    /**
     * After a backoff, or after the pause that follows a session: a user's next session waits
     * as long as its last one took (at most {@link #LONGEST_PAUSE}), so that a bulk writer's new
     * mail is taken in batches rather than one session per message, each reading both whole
     * states. Not while a client waits for the sync.
     */
    private static Instant readyAt(Entry entry) {
        if (owed(entry) == Priority.SYNC || entry.pausedUntil.isBefore(entry.notBefore)) {
            return entry.notBefore;
        }
        return entry.pausedUntil;
    }

    private long nanosUntilNextRetry(Instant now) {
        return entries.values().stream()
            .filter(entry -> entry.pending != null && !entry.syncing && readyAt(entry).isAfter(now))
            .mapToLong(entry -> Duration.between(now, readyAt(entry)).toNanos())
            .min().orElse(Long.MAX_VALUE);
    }

    public void succeeded(Claim claim) {
        release(recordSuccess(claim));
    }

    private synchronized List<Waiter> recordSuccess(Claim claim) {
        Entry entry = finish(claim);
        if (entry == null) {
            return List.of();
        }
        Instant now = clock.instant();
        Duration took = Duration.between(claim.takenAt(), now);
        entry.pausedUntil = now.plus(took.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : took);
        entry.lastSuccess = now;
        entry.lastFastSync = now;
        if (claim.full()) {
            entry.lastFullSync = now;
        }
        entry.consecutiveFailures = 0;
        entry.backoffFailures = 0;
        entry.lastError = null;
        endTwinRefusal(entry);
        persist(entry);
        entry.syncedThrough = Math.max(entry.syncedThrough, claim.requestsCovered);
        List<Waiter> released = new ArrayList<>();
        entry.waiters.removeIf(waiter -> waiter.target <= entry.syncedThrough && released.add(waiter));
        return released;
    }

    /**
     * Completes once a sync that began after every request made so far for {@code user} has
     * succeeded: the twin then holds whatever those requests were about. Already complete when
     * there is nothing to wait for. Not durable: a waiter is a client waiting on this process.
     */
    public synchronized CompletableFuture<Void> awaitSync(String user) {
        Entry entry = entries.get(user);
        if (entry == null || entry.syncedThrough >= entry.requests || leftOut(entry) || entry.twinRefusal != null) {
            return CompletableFuture.completedFuture(null);
        }
        Waiter waiter = new Waiter(entry.requests);
        entry.waiters.add(waiter);
        return waiter.synced;
    }

    /** Lets every waiting client go: the replicator stops, and their mail is stored here all the same. */
    public void releaseWaiters() {
        List<Waiter> released = new ArrayList<>();
        synchronized (this) {
            for (Entry entry : entries.values()) {
                released.addAll(entry.waiters);
                entry.waiters.clear();
            }
        }
        release(released);
    }

    /**
     * Gives up a wait from {@link #awaitSync} that has not been released; returns false if it had
     * been. With nobody waiting, the user is owed its stored priority again, not {@code sync}.
     */
    public synchronized boolean stopWaiting(String user, CompletableFuture<Void> synced) {
        Entry entry = entries.get(user);
        return entry != null && entry.waiters.removeIf(waiter -> waiter.synced == synced);
    }

    /** The sync failed: owed again, after a delay that doubles with each failure in a row. */
    public synchronized void failed(Claim claim, String error) {
        Entry entry = finish(claim);
        if (entry == null) {
            return;
        }
        entry.consecutiveFailures++;
        entry.backoffFailures++;
        entry.lastFailure = clock.instant();
        entry.lastError = error;
        retryAfter(entry, claim, backoff(entry.backoffFailures));
    }

    static Duration backoff(int consecutiveFailures) {
        long factor = 1L << Math.min(Math.max(consecutiveFailures, 1) - 1, 16);
        Duration delay = FIRST_RETRY.multipliedBy(factor);
        return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
    }

    /**
     * The twin opened a session for this user, so it no longer leaves it out: a refusal it gave
     * this node is over, and what this node owes the user goes now, not at the 5-minute recheck.
     */
    public synchronized void twinSyncs(String user) {
        Entry entry = entries.get(user);
        if (entry != null && endTwinRefusal(entry)) {
            entry.notBefore = Instant.MIN;
            persist(entry);
            notifyAll();
        }
    }

    /** Forgets that the twin refused the user; true if it had. */
    private static boolean endTwinRefusal(Entry entry) {
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
        List<Waiter> released;
        boolean first;
        synchronized (this) {
            Entry entry = finish(claim);
            if (entry == null) {
                return false;
            }
            first = entry.twinRefusal == null;
            entry.twinRefusal = detail;
            released = List.copyOf(entry.waiters);
            entry.waiters.clear();
            retryAfter(entry, claim, TWIN_REFUSAL_RECHECK);
        }
        release(released);
        return first;
    }

    /** The sync could not start now (the twin is syncing this user): owed again shortly. */
    public synchronized void postponed(Claim claim, Duration delay) {
        Entry entry = finish(claim);
        if (entry != null) {
            retryAfter(entry, claim, delay);
        }
    }

    /**
     * Ends every wait after a failure and starts the backoff anew: the twin answers again, so
     * whoever waits for it should not sit out the rest of a minute. Returns how many users it woke.
     */
    public synchronized int retryFailedNow() {
        int woken = 0;
        Instant now = clock.instant();
        for (Entry entry : entries.values()) {
            if (entry.pending != null && !entry.syncing && entry.consecutiveFailures > 0) {
                entry.notBefore = Instant.MIN;
                entry.backoffFailures = 0;
                woken++;
            }
        }
        if (woken > 0) {
            notifyAll();
        }
        return woken;
    }

    private void retryAfter(Entry entry, Claim claim, Duration delay) {
        entry.notBefore = clock.instant().plus(delay);
        if (entry.leftOut) {
            // Left out while it synced: owed nothing, and a full sync if it is let go.
            persist(entry);
            notifyAll();
            return;
        }
        owe(entry, claim.priority(), claim.full(), clock.instant());
        persist(entry);
        notifyAll();
    }

    /** The priority a user's pending request is owed: {@code sync} while a client waits for it. */
    private static Priority owed(Entry entry) {
        return entry.pending != null && !entry.waiters.isEmpty() ? Priority.SYNC : entry.pending;
    }

    /** Adds what a user is owed; true if that changed anything to remember. */
    private boolean owe(Entry entry, Priority priority, boolean full, Instant at) {
        if (entry.pending == null) {
            entry.pending = priority;
            entry.pendingFull = full;
            entry.order = sequence++;
            entry.requestedAt = at;
            return true;
        }
        boolean changed = false;
        if (priority.moreUrgentThan(entry.pending)) {
            entry.pending = priority;
            changed = true;
        }
        if (full && !entry.pendingFull) {
            entry.pendingFull = true;
            changed = true;
        }
        return changed;
    }

    private Entry finish(Claim claim) {
        Entry entry = entries.get(claim.user());
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

    /** Writes what the user is owed, counting a running sync as owed until it succeeds. */
    private void persist(Entry entry) {
        Priority owed = entry.pending;
        boolean owedFull = entry.pendingFull;
        Instant requestedAt = entry.requestedAt;
        if (entry.claim != null) {
            if (owed == null || entry.claim.priority().moreUrgentThan(owed)) {
                owed = entry.claim.priority();
            }
            owedFull |= entry.claim.full();
            requestedAt = requestedAt == null ? entry.claim.takenAt() : requestedAt;
        }
        records.put(entry.user, new QueueRecord(Optional.ofNullable(owed), owedFull, Optional.ofNullable(requestedAt),
            Optional.ofNullable(entry.lastFastSync), Optional.ofNullable(entry.lastFullSync),
            Optional.ofNullable(entry.lastSuccess), Optional.ofNullable(entry.lastFailure),
            entry.consecutiveFailures, Optional.ofNullable(entry.lastError)));
    }

    /** Writes to the state store that failed since start (each was logged). */
    public long durableWriteFailures() {
        return records.writeFailures();
    }

    public synchronized List<UserStatus> status() {
        return status(user -> true);
    }

    public synchronized List<UserStatus> status(Predicate<String> users) {
        List<UserStatus> statuses = new ArrayList<>();
        Instant now = clock.instant();
        for (Entry entry : entries.values()) {
            if (users.test(entry.user)) {
                statuses.add(statusOf(entry, now));
            }
        }
        statuses.sort(Comparator.comparing(UserStatus::user));
        return statuses;
    }

    public synchronized Optional<UserStatus> status(String user) {
        return Optional.ofNullable(entries.get(user)).map(entry -> statusOf(entry, clock.instant()));
    }

    private UserStatus statusOf(Entry entry, Instant now) {
        return new UserStatus(entry.user, Optional.ofNullable(owed(entry)), entry.pendingFull,
            Optional.ofNullable(entry.requestedAt), Optional.ofNullable(entry.claim),
            Optional.ofNullable(entry.lastFastSync), Optional.ofNullable(entry.lastFullSync),
            Optional.ofNullable(entry.lastSuccess), Optional.ofNullable(entry.lastFailure),
            Optional.ofNullable(entry.lastError), entry.consecutiveFailures,
            entry.notBefore.isAfter(now) ? Optional.of(entry.notBefore) : Optional.empty(), entry.leftOut,
            Optional.ofNullable(entry.twinRefusal));
    }

    /** The numbers of {@code doveadm replicator status}, counted in one pass. */
    public synchronized Summary summary() {
        Instant now = clock.instant();
        Map<Priority, Integer> queued = new EnumMap<>(Priority.class);
        for (Priority priority : Priority.values()) {
            queued.put(priority, 0);
        }
        int queuedFailed = 0;
        int waitingFailed = 0;
        int syncing = 0;
        int noReplicate = 0;
        int refusedByTwin = 0;
        Instant oldestRequest = null;
        for (Entry entry : entries.values()) {
            if (entry.syncing) {
                syncing++;
            }
            if (entry.leftOut) {
                noReplicate++;
                continue;
            }
            if (entry.twinRefusal != null) {
                // Not late: the twin's list says no. The health check says the lists differ.
                refusedByTwin++;
                continue;
            }
            if (entry.pending == null) {
                continue;
            }
            if (oldestRequest == null || entry.requestedAt.isBefore(oldestRequest)) {
                oldestRequest = entry.requestedAt;
            }
            if (entry.consecutiveFailures > 0 && entry.notBefore.isAfter(now)) {
                waitingFailed++;
            } else if (entry.consecutiveFailures > 0) {
                queuedFailed++;
            } else {
                queued.merge(owed(entry), 1, Integer::sum);
            }
        }
        return new Summary(queued, queuedFailed, waitingFailed, syncing, entries.size(), Optional.ofNullable(oldestRequest),
            noReplicate, refusedByTwin);
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

    /** Queue lengths at one instant. */
    public static final class Summary {
        private final Map<Priority, Integer> queued;
        private final int queuedFailed;
        private final int waitingFailed;
        private final int syncing;
        private final int knownUsers;
        private final Optional<Instant> oldestRequest;
        private final int noReplicate;
        private final int refusedByTwin;

        Summary(Map<Priority, Integer> queued, int queuedFailed, int waitingFailed, int syncing, int knownUsers,
                Optional<Instant> oldestRequest, int noReplicate, int refusedByTwin) {
            this.noReplicate = noReplicate;
            this.refusedByTwin = refusedByTwin;
            this.queued = queued;
            this.queuedFailed = queuedFailed;
            this.waitingFailed = waitingFailed;
            this.syncing = syncing;
            this.knownUsers = knownUsers;
            this.oldestRequest = oldestRequest;
        }

        /** Ready requests of this priority whose user's last sync did not fail. */
        public int queued(Priority priority) {
            return queued.get(priority);
        }

        /** Ready requests of users whose last sync failed. */
        public int queuedFailed() {
            return queuedFailed;
        }

        /** Requests sitting out a backoff after a failure. */
        public int waitingFailed() {
            return waitingFailed;
        }

        public int syncing() {
            return syncing;
        }

        public int knownUsers() {
            return knownUsers;
        }

        /** Known users this node leaves out of replication (they count among the known users). */
        public int noReplicate() {
            return noReplicate;
        }

        /** Known users whose last session the twin refused as left out of replication there. */
        public int refusedByTwin() {
            return refusedByTwin;
        }

        /** When the longest-waiting pending request was made (a running sync does not count). */
        public Optional<Instant> oldestRequest() {
            return oldestRequest;
        }
    }

    private static final class Entry {
        final String user;
        Priority pending;
        boolean pendingFull;
        Instant requestedAt;
        long order;
        boolean syncing;
        Claim claim;
        Instant notBefore = Instant.MIN;
        /** The pause after its last successful session: see {@link #readyAt}. */
        Instant pausedUntil = Instant.MIN;
        Instant lastFastSync;
        Instant lastFullSync;
        Instant lastSuccess;
        Instant lastFailure;
        String lastError;
        int consecutiveFailures;
        /** Failures the next backoff counts: reset when the twin comes back. */
        int backoffFailures;
        /** Requests made for this user in this run, and how many of them a successful sync has answered. */
        long requests;
        long syncedThrough;
        final List<Waiter> waiters = new ArrayList<>();
        /** Left out of replication when last asked: see {@link #noReplicateChanged}. */
        boolean leftOut;
        /** Why the twin refused its last session, when it leaves the user out of replication; in memory only. */
        String twinRefusal;

        Entry(String user) {
            this.user = user;
        }
    }

    /** A client waiting until a sync has answered request number {@code target}. */
    private static final class Waiter {
        final long target;
        final CompletableFuture<Void> synced = new CompletableFuture<>();

        Waiter(long target) {
            this.target = target;
        }
    }
}

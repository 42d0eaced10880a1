package dev.jamesreplicator.state;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.h2.mvstore.MVMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.config.UserMask;

/**
 * The users this node leaves out of replication (Dovecot's {@code noreplicate}): the masks of
 * {@code <noReplicate>} in {@code replication.xml}, and those added through WebAdmin, which the
 * state store's {@value #MAP_NAME} map keeps across restarts. A configured mask cannot be removed
 * at runtime: the next start would bring it back.
 *
 * <p>Asked on every mailbox event ({@link #excludes}): the masks are an immutable snapshot read
 * without a lock.
 */
@Singleton
public class NoReplicateList {
    static final String MAP_NAME = "noreplicate";
    private static final Logger LOGGER = LoggerFactory.getLogger(NoReplicateList.class);

    /** Where a mask comes from. */
    public enum Source { CONFIG, WEBADMIN }

    private final StateStore store;
    private final MVMap<String, String> added;
    private final List<Entry> configured;
    private final Clock clock;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private volatile List<Entry> entries;

    @Inject
    public NoReplicateList(StateStore store, ReplicationConfig config) {
        this(store, config.noReplicate(), Clock.systemUTC());
    }

    public NoReplicateList(StateStore store, List<UserMask> configured, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.added = store.map(MAP_NAME);
        this.configured = configured.stream().map(mask -> new Entry(mask, Source.CONFIG, Optional.empty()))
            .collect(Collectors.toUnmodifiableList());
        refresh();
    }

    /** Runs {@code listener} after every change made at runtime (the queue drops or takes back users). */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /** True if a mask names {@code user}: this node neither queues it nor serves the twin's sessions of it. */
    public boolean excludes(String user) {
        return maskFor(user).isPresent();
    }

    /** The first mask naming {@code user}, configured ones first. */
    public Optional<UserMask> maskFor(String user) {
        for (Entry entry : entries) {
            if (entry.mask.test(user)) {
                return Optional.of(entry.mask);
            }
        }
        return Optional.empty();
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The masks in a form both nodes compare: lower case, sorted, each once. */
    public List<String> masks() {
        return entries.stream().map(entry -> entry.mask.key()).distinct().sorted().collect(Collectors.toList());
    }

    /** Adds a mask at runtime, durably; false if the list has it already. */
    public synchronized boolean add(UserMask mask) {
        if (entries.stream().anyMatch(entry -> entry.mask.equals(mask))) {
            return false;
        }
        added.put(mask.text(), clock.instant().toString());
        store.commit();
        refresh();
        LOGGER.info("Users matching {} are left out of replication from now on (noreplicate, added through WebAdmin)", mask);
        changed();
        return true;
    }

    /** The outcome of {@link #remove}. */
    public enum Removal { REMOVED, NOT_FOUND, CONFIGURED }

    /** Removes a mask added at runtime, durably; one of {@code replication.xml} stays. */
    public synchronized Removal remove(UserMask mask) {
        if (configured.stream().anyMatch(entry -> entry.mask.equals(mask))) {
            return Removal.CONFIGURED;
        }
        List<String> keys = added.keySet().stream().filter(key -> UserMask.of(key).equals(mask)).collect(Collectors.toList());
        if (keys.isEmpty()) {
            return Removal.NOT_FOUND;
        }
        keys.forEach(added::remove);
        store.commit();
        refresh();
        LOGGER.info("Users matching {} replicate again (removed from noreplicate through WebAdmin)", mask);
        changed();
        return Removal.REMOVED;
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }

    private void refresh() {
        List<Entry> all = new ArrayList<>(configured);
        List<Entry> runtime = new ArrayList<>();
        for (Map.Entry<String, String> stored : added.entrySet()) {
            Optional<String> problem = UserMask.problem(stored.getKey());
            if (problem.isPresent()) {
                LOGGER.warn("Ignoring a noreplicate mask in the replication state: {}", problem.get());
                continue;
            }
            Entry entry = new Entry(UserMask.of(stored.getKey()), Source.WEBADMIN, parse(stored.getValue()));
            if (all.stream().noneMatch(known -> known.mask.equals(entry.mask))
                && runtime.stream().noneMatch(known -> known.mask.equals(entry.mask))) {
                runtime.add(entry);
            }
        }
        runtime.sort(Comparator.comparing(entry -> entry.mask.key()));
        all.addAll(runtime);
        entries = List.copyOf(all);
    }

    private static Optional<Instant> parse(String instant) {
        try {
            return Optional.of(Instant.parse(instant));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** One mask of the list. */
    public static final class Entry {
        private final UserMask mask;
        private final Source source;
        private final Optional<Instant> addedAt;

        Entry(UserMask mask, Source source, Optional<Instant> addedAt) {
            this.mask = mask;
            this.source = source;
            this.addedAt = addedAt;
        }

        public UserMask mask() {
            return mask;
        }

        public Source source() {
            return source;
        }

        /** When it was added through WebAdmin; empty for a configured mask. */
        public Optional<Instant> addedAt() {
            return addedAt;
        }
    }
}

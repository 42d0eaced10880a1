package dev.jamesreplicator.model;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableMap;

import dev.jamesreplicator.model.CommonState.MailboxRecord;

/**
 * How the common state of one version becomes the next: what COMPLETE carries to the twin
 * instead of the whole new state, so that finishing a session costs what it changed. Only a
 * twin holding exactly the {@link #base} version may apply it; any other asks for the whole state.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class CommonStateDiff {
    private final String base;
    private final String version;
    private final Map<Long, Entries<java.util.List<String>>> flags;
    private final Map<Long, Entries<MessageIdentity>> identities;
    private final Map<String, NodeDiff> nodes;
    private final Set<String> runs;
    private final Map<Long, String> names;

    @JsonCreator
    public CommonStateDiff(@JsonProperty("base") String base, @JsonProperty("version") String version,
                           @JsonProperty("flags") Map<Long, Entries<java.util.List<String>>> flags,
                           @JsonProperty("identities") Map<Long, Entries<MessageIdentity>> identities,
                           @JsonProperty("nodes") Map<String, NodeDiff> nodes,
                           @JsonProperty("runs") Set<String> runs,
                           @JsonProperty("names") Map<Long, String> names) {
        this.base = base;
        this.version = version;
        this.flags = flags == null ? ImmutableMap.of() : flags;
        this.identities = identities == null ? ImmutableMap.of() : identities;
        this.nodes = nodes == null ? ImmutableMap.of() : nodes;
        this.runs = runs == null ? Set.of() : Set.copyOf(runs);
        this.names = names == null ? ImmutableMap.of() : ImmutableMap.copyOf(names);
    }

    /** The diff from {@code from} (which must have a version) to {@code to}. */
    public static CommonStateDiff between(CommonState from, CommonState to) {
        if (from.version() == null) {
            throw new IllegalArgumentException("a diff needs a versioned base");
        }
        Map<String, NodeDiff> nodes = new TreeMap<>();
        to.nodes().forEach((node, records) -> {
            Map<Long, MailboxRecord> before = from.nodes().getOrDefault(node, Map.of());
            Map<Long, String> ids = new TreeMap<>();
            Map<Long, Map<Long, Long>> modSeqsBefore = new TreeMap<>();
            Map<Long, Map<Long, Long>> modSeqsAfter = new TreeMap<>();
            records.forEach((uidValidity, record) -> {
                ids.put(uidValidity, record.id());
                modSeqsAfter.put(uidValidity, record.modSeqs());
            });
            before.forEach((uidValidity, record) -> modSeqsBefore.put(uidValidity, record.modSeqs()));
            nodes.put(node, new NodeDiff(ids, diff(modSeqsBefore, modSeqsAfter)));
        });
        return new CommonStateDiff(from.version(), to.version(), diff(from.flags(), to.flags()),
            diff(from.identities(), to.identities()), nodes, to.runs(), to.names());
    }

    /**
     * The state this diff leads to from {@code current}; empty when {@code current} is not its
     * base, or does not hold what the diff removes (then the twin sends the whole state).
     */
    public Optional<CommonState> applyTo(CommonState current) {
        if (base == null || !base.equals(current.version())) {
            return Optional.empty();
        }
        Optional<Map<Long, Map<Long, java.util.List<String>>>> newFlags = apply(current.flags(), flags, true);
        Optional<Map<Long, Map<Long, MessageIdentity>>> newIdentities = apply(current.identities(), identities, true);
        if (newFlags.isEmpty() || newIdentities.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Map<Long, MailboxRecord>> newNodes = new TreeMap<>();
        for (Map.Entry<String, NodeDiff> node : nodes.entrySet()) {
            Map<Long, Map<Long, Long>> modSeqsBefore = new TreeMap<>();
            current.nodes().getOrDefault(node.getKey(), Map.of())
                .forEach((uidValidity, record) -> modSeqsBefore.put(uidValidity, record.modSeqs()));
            Optional<Map<Long, Map<Long, Long>>> modSeqs = apply(modSeqsBefore, node.getValue().modSeqs(), false);
            if (modSeqs.isEmpty()) {
                return Optional.empty();
            }
            Map<Long, MailboxRecord> records = new TreeMap<>();
            node.getValue().ids().forEach((uidValidity, id) ->
                records.put(uidValidity, new MailboxRecord(id, modSeqs.get().getOrDefault(uidValidity, Map.of()))));
            newNodes.put(node.getKey(), records);
        }
        return Optional.of(new CommonState(version, newFlags.get(), newIdentities.get(), newNodes, runs, names));
    }

    private static <T> Map<Long, Entries<T>> diff(Map<Long, Map<Long, T>> before, Map<Long, Map<Long, T>> after) {
        Map<Long, Entries<T>> changes = new TreeMap<>();
        Set<Long> uidValidities = new HashSet<>(before.keySet());
        uidValidities.addAll(after.keySet());
        for (long uidValidity : uidValidities) {
            Map<Long, T> old = before.getOrDefault(uidValidity, Map.of());
            Map<Long, T> now = after.getOrDefault(uidValidity, Map.of());
            Map<Long, T> set = new TreeMap<>();
            now.forEach((uid, value) -> {
                if (!value.equals(old.get(uid))) {
                    set.put(uid, value);
                }
            });
            Set<Long> removed = new HashSet<>(old.keySet());
            removed.removeAll(now.keySet());
            if (!set.isEmpty() || !removed.isEmpty()) {
                changes.put(uidValidity, new Entries<>(set, UidSet.of(removed)));
            }
        }
        return changes;
    }

    private static <T> Optional<Map<Long, Map<Long, T>>> apply(Map<Long, Map<Long, T>> before, Map<Long, Entries<T>> changes,
                                                               boolean dropEmpty) {
        Map<Long, Map<Long, T>> after = new TreeMap<>();
        before.forEach((uidValidity, entries) -> after.put(uidValidity, new TreeMap<>(entries)));
        for (Map.Entry<Long, Entries<T>> change : changes.entrySet()) {
            Map<Long, T> entries = after.computeIfAbsent(change.getKey(), any -> new TreeMap<>());
            UidSet removed = change.getValue().removed();
            long found = entries.keySet().stream().filter(removed::contains).count();
            if (found != removed.size()) {
                return Optional.empty();
            }
            entries.keySet().removeIf(removed::contains);
            entries.putAll(change.getValue().set());
        }
        if (dropEmpty) {
            after.values().removeIf(Map::isEmpty);
        }
        return Optional.of(after);
    }

    @JsonProperty("base")
    public String base() {
        return base;
    }

    @JsonProperty("version")
    public String version() {
        return version;
    }

    @JsonProperty("flags")
    public Map<Long, Entries<java.util.List<String>>> flags() {
        return flags;
    }

    @JsonProperty("identities")
    public Map<Long, Entries<MessageIdentity>> identities() {
        return identities;
    }

    @JsonProperty("nodes")
    public Map<String, NodeDiff> nodes() {
        return nodes;
    }

    /** The new state's runs, whole: two of them. */
    @JsonProperty("runs")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public Set<String> runs() {
        return runs;
    }

    /** The new state's agreed names, whole: one per mailbox. */
    @JsonProperty("names")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public Map<Long, String> names() {
        return names;
    }

    /** How many entries the diff carries: for the session's counters. */
    public long size() {
        long entries = 0;
        for (Entries<?> change : flags.values()) {
            entries += change.set().size() + change.removed().size();
        }
        for (Entries<?> change : identities.values()) {
            entries += change.set().size() + change.removed().size();
        }
        for (NodeDiff node : nodes.values()) {
            for (Entries<?> change : node.modSeqs().values()) {
                entries += change.set().size() + change.removed().size();
            }
        }
        return entries;
    }

    /** The entries of one mailbox that changed value or appeared, and the UIDs that went. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static final class Entries<T> {
        private final Map<Long, T> set;
        private final UidSet removed;

        @JsonCreator
        public Entries(@JsonProperty("set") Map<Long, T> set, @JsonProperty("removed") UidSet removed) {
            this.set = set == null ? ImmutableMap.of() : set;
            this.removed = removed == null ? UidSet.EMPTY : removed;
        }

        @JsonProperty("set")
        public Map<Long, T> set() {
            return set;
        }

        @JsonProperty("removed")
        public UidSet removed() {
            return removed;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entries && set.equals(((Entries<?>) o).set) && removed.equals(((Entries<?>) o).removed);
        }

        @Override
        public int hashCode() {
            return Objects.hash(set, removed);
        }
    }

    /** One server's record: its mailbox ids whole (a few per user), its MODSEQs as changes. */
    public static final class NodeDiff {
        private final Map<Long, String> ids;
        private final Map<Long, Entries<Long>> modSeqs;

        @JsonCreator
        public NodeDiff(@JsonProperty("ids") Map<Long, String> ids, @JsonProperty("modSeqs") Map<Long, Entries<Long>> modSeqs) {
            this.ids = ids == null ? ImmutableMap.of() : ids;
            this.modSeqs = modSeqs == null ? ImmutableMap.of() : modSeqs;
        }

        @JsonProperty("ids")
        public Map<Long, String> ids() {
            return ids;
        }

        @JsonProperty("modSeqs")
        public Map<Long, Entries<Long>> modSeqs() {
            return modSeqs;
        }
    }
}

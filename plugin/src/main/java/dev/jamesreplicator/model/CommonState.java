package dev.jamesreplicator.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;

/**
 * What both servers agreed on at the end of the last sync of a user: per mailbox (by
 * UIDVALIDITY) the flags of each message by UID. The base of the three-way flag merge: a flag
 * that differs from the base on one side only was changed there.
 *
 * <p>It is also the base of incremental sessions (docs/sync.md, "Incremental sessions"): each
 * message's identity, and per server (by node name) what it held when the session read it, its
 * id of each mailbox and each common message's MODSEQ. A server then sends only what differs
 * from that record, and its twin rebuilds the rest from its own copy of this state. Both copies
 * carry the same {@link #version}, chosen by the session that planned them; a record without
 * one (written before incremental sessions, or by a twin that does not have them) is the base
 * of the flag merge only, and the next session compares everything.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class CommonState {
    public static final CommonState NONE = new CommonState(null);

    private final String version;
    private final Map<Long, Map<Long, List<String>>> flags;
    private final Map<Long, Map<Long, MessageIdentity>> identities;
    private final Map<String, Map<Long, MailboxRecord>> nodes;
    private final Set<String> runs;
    private final Map<Long, String> names;

    public CommonState(String version, Map<Long, Map<Long, List<String>>> flags,
                       Map<Long, Map<Long, MessageIdentity>> identities, Map<String, Map<Long, MailboxRecord>> nodes) {
        this(version, flags, identities, nodes, null);
    }

    public CommonState(String version, Map<Long, Map<Long, List<String>>> flags,
                       Map<Long, Map<Long, MessageIdentity>> identities, Map<String, Map<Long, MailboxRecord>> nodes,
                       Set<String> runs) {
        this(version, flags, identities, nodes, runs, null);
    }

    @JsonCreator
    public CommonState(@JsonProperty("version") String version,
                       @JsonProperty("flags") Map<Long, Map<Long, List<String>>> flags,
                       @JsonProperty("identities") Map<Long, Map<Long, MessageIdentity>> identities,
                       @JsonProperty("nodes") Map<String, Map<Long, MailboxRecord>> nodes,
                       @JsonProperty("runs") Set<String> runs,
                       @JsonProperty("names") Map<Long, String> names) {
        this.version = version;
        this.flags = flags == null ? ImmutableMap.of() : flags;
        this.identities = identities == null ? ImmutableMap.of() : identities;
        this.nodes = nodes == null ? ImmutableMap.of() : nodes;
        this.runs = runs == null ? ImmutableSet.of() : ImmutableSet.copyOf(runs);
        this.names = names == null ? ImmutableMap.of() : ImmutableMap.copyOf(names);
    }

    /** Flags only, without a version: what the planner agrees on. */
    public CommonState(Map<Long, Map<Long, List<String>>> flags) {
        this(null, flags, null, null);
    }

    /** Chosen by the session that planned this state; null when it cannot be the base of an incremental session. */
    @JsonProperty("version")
    public String version() {
        return version;
    }

    @JsonProperty("flags")
    public Map<Long, Map<Long, List<String>>> flags() {
        return flags;
    }

    @JsonProperty("identities")
    public Map<Long, Map<Long, MessageIdentity>> identities() {
        return identities;
    }

    /** Per node name, per UIDVALIDITY: what that server held when the last session read it. */
    @JsonProperty("nodes")
    public Map<String, Map<Long, MailboxRecord>> nodes() {
        return nodes;
    }

    /**
     * The runs ({@link Tombstones#boot()}) of the two servers when the last session read them;
     * empty when not recorded (a state written before them, or by a twin that does not send its run).
     */
    @JsonProperty("runs")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public Set<String> runs() {
        return runs;
    }

    /**
     * Per UIDVALIDITY, the name both servers gave the mailbox when the last session ended; empty
     * when not recorded (a state written before names were, or a mailbox whose names the plan
     * left apart). A server that still shows it did not rename the mailbox since, whatever its
     * twin's rename records say or do not say yet (docs/sync.md, "Renames").
     */
    @JsonProperty("names")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public Map<Long, String> names() {
        return names;
    }

    public Optional<String> name(long uidValidity) {
        return Optional.ofNullable(names.get(uidValidity));
    }

    /** The same state with these agreed names. */
    public CommonState withNames(Map<Long, String> agreedNames) {
        return new CommonState(version, flags, identities, nodes, runs, agreedNames);
    }

    /**
     * True when a server now in {@code run} may have restarted since the last session (its
     * memory backend then came back empty): that session read no server in this run. False
     * when it did, or when it cannot be told (no runs recorded, or no run given).
     */
    public boolean restartedSince(String run) {
        return run != null && !runs.isEmpty() && !runs.contains(run);
    }

    public Optional<List<String>> flags(long uidValidity, long uid) {
        return Optional.ofNullable(flags.get(uidValidity)).map(byUid -> byUid.get(uid));
    }

    /** True when the message was on both servers at the last sync. */
    public boolean knew(long uidValidity, long uid) {
        return flags(uidValidity, uid).isPresent();
    }

    /** Whether the last sync saw this mailbox (on either server): it is older than any created since. */
    public boolean knewMailbox(long uidValidity) {
        return flags.containsKey(uidValidity) || nodes.values().stream().anyMatch(held -> held.containsKey(uidValidity));
    }

    /** How many messages of this mailbox the last sync saw on both servers. */
    public long knownMessages(long uidValidity) {
        return flags.getOrDefault(uidValidity, Map.of()).size();
    }

    public Optional<MessageIdentity> identity(long uidValidity, long uid) {
        return Optional.ofNullable(identities.get(uidValidity)).map(byUid -> byUid.get(uid));
    }

    public Optional<MailboxRecord> record(String node, long uidValidity) {
        return Optional.ofNullable(nodes.get(node)).map(byUidValidity -> byUidValidity.get(uidValidity));
    }

    /**
     * True when {@code message}, as a server holds it now, is what this state says that server
     * held: recorded with this MODSEQ, with the agreed flags and the agreed identity. A message
     * that is not is sent in full by an incremental session. A change made after the session
     * read the server moved the message's MODSEQ (James gives every change a new, higher one),
     * so even a change that raced the read is seen.
     */
    public boolean unchanged(MailboxRecord record, long uidValidity, MessageState message) {
        Long modSeq = record.modSeqs().get(message.uid());
        return modSeq != null && modSeq == message.modSeq()
            && flags(uidValidity, message.uid()).map(message.flags()::equals).orElse(false)
            && identity(uidValidity, message.uid()).map(identity -> identity.isOf(message)).orElse(false);
    }

    /** Entries it holds (flags, identities, recorded MODSEQs): what sending it whole costs, for the counters. */
    public long size() {
        long entries = flags.values().stream().mapToLong(Map::size).sum()
            + identities.values().stream().mapToLong(Map::size).sum();
        for (Map<Long, MailboxRecord> records : nodes.values()) {
            entries += records.values().stream().mapToLong(record -> record.modSeqs().size()).sum();
        }
        return entries;
    }

    /** For tests: the same state under another version. */
    CommonState withVersion(String newVersion) {
        return new CommonState(newVersion, flags, identities, nodes, runs, names);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CommonState)) {
            return false;
        }
        CommonState other = (CommonState) o;
        return Objects.equals(version, other.version) && flags.equals(other.flags) && identities.equals(other.identities)
            && nodes.equals(other.nodes) && runs.equals(other.runs) && names.equals(other.names);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, flags.size(), identities.size(), nodes.keySet());
    }

    @Override
    public String toString() {
        return "common state " + version + " (" + flags.values().stream().mapToInt(Map::size).sum() + " messages)";
    }

    /** What one server held of one mailbox when the last session read it: its id, and the MODSEQ of each common message. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class MailboxRecord {
        private final String id;
        private final Map<Long, Long> modSeqs;

        @JsonCreator
        public MailboxRecord(@JsonProperty("id") String id, @JsonProperty("modSeqs") Map<Long, Long> modSeqs) {
            this.id = id;
            this.modSeqs = modSeqs == null ? ImmutableMap.of() : modSeqs;
        }

        @JsonProperty("id")
        public String id() {
            return id;
        }

        /** By UID. */
        @JsonProperty("modSeqs")
        public Map<Long, Long> modSeqs() {
            return modSeqs;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MailboxRecord && Objects.equals(id, ((MailboxRecord) o).id)
                && modSeqs.equals(((MailboxRecord) o).modSeqs);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, modSeqs.size());
        }
    }
}

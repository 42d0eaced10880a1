package dev.jamesreplicator.sync.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

import dev.jamesreplicator.content.Sha256;
import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.CommonState.MailboxRecord;
import dev.jamesreplicator.model.MailboxState;
import dev.jamesreplicator.model.MessageIdentity;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.model.UidSet;
import dev.jamesreplicator.model.UserState;

/**
 * A server's state of one user as an incremental session sends it: every mailbox's name,
 * UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and count, and either all its messages ("whole") or only
 * those that differ from what the common state records of this server, with the UIDs that left.
 * The twin rebuilds the whole state from its copy of the same common state (same version).
 * Subscriptions and tombstones, a few names each, travel whole.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class StateDelta {
    private final String base;
    private final List<MailboxDelta> mailboxes;
    private final List<String> subscriptions;
    private final Tombstones tombstones;

    @JsonCreator
    public StateDelta(@JsonProperty("base") String base, @JsonProperty("mailboxes") List<MailboxDelta> mailboxes,
                      @JsonProperty("subscriptions") List<String> subscriptions, @JsonProperty("tombstones") Tombstones tombstones) {
        this.base = base;
        this.mailboxes = mailboxes == null ? ImmutableList.of() : ImmutableList.copyOf(mailboxes);
        this.subscriptions = subscriptions == null ? ImmutableList.of() : ImmutableList.copyOf(subscriptions);
        this.tombstones = tombstones == null ? Tombstones.NONE : tombstones;
    }

    /**
     * What {@code node} sends of {@code current} for {@code request}, against its own copy of the
     * common state. A mailbox goes whole unless the request's base is this copy's version and the
     * copy records this very mailbox (same UIDVALIDITY and id) for this node.
     */
    public static StateDelta encode(UserState current, CommonState common, String node, StateRequest request) {
        boolean based = node != null && request.since() != null && request.since().equals(common.version());
        Set<Long> wanted = new HashSet<>(request.whole());
        List<MailboxDelta> mailboxes = new ArrayList<>();
        for (MailboxState mailbox : current.mailboxes()) {
            Optional<MailboxRecord> record = based && !wanted.contains(mailbox.uidValidity())
                ? common.record(node, mailbox.uidValidity()).filter(r -> r.id() != null && r.id().equals(mailbox.id()))
                : Optional.empty();
            if (record.isEmpty()) {
                mailboxes.add(MailboxDelta.whole(mailbox));
                continue;
            }
            List<MessageState> changed = new ArrayList<>();
            Set<Long> present = new HashSet<>();
            for (MessageState message : mailbox.messages()) {
                present.add(message.uid());
                if (!common.unchanged(record.get(), mailbox.uidValidity(), message)) {
                    changed.add(message);
                }
            }
            List<Long> removed = new ArrayList<>();
            record.get().modSeqs().keySet().stream().filter(uid -> !present.contains(uid)).forEach(removed::add);
            mailboxes.add(new MailboxDelta(mailbox.name(), mailbox.uidValidity(), mailbox.uidNext(), mailbox.highestModSeq(),
                mailbox.id(), mailbox.messages().size(), false, changed, UidSet.of(removed),
                request.verify() ? digest(mailbox) : null));
        }
        return new StateDelta(based ? common.version() : null, mailboxes, current.subscriptions(), current.tombstones());
    }

    /**
     * The twin's whole state, rebuilt from this answer and this side's copy of the common state
     * (the twin is {@code twinNode} in it). A mailbox that does not add up (no record of it, a
     * removed UID that was not recorded, a count that differs, or with {@code verify} a digest
     * that differs) is left out and named as doubtful: the caller asks for it whole.
     */
    public Reconstruction reconstruct(CommonState common, String twinNode, boolean verify) {
        List<MailboxState> rebuilt = new ArrayList<>();
        List<Long> doubtful = new ArrayList<>();
        long entries = 0;
        for (MailboxDelta mailbox : mailboxes) {
            entries += mailbox.messages().size();
            if (mailbox.whole()) {
                rebuilt.add(mailbox.withMessages(sortedByUid(mailbox.messages())));
                continue;
            }
            Optional<MailboxState> state = base == null || !base.equals(common.version()) || twinNode == null
                ? Optional.empty()
                : rebuild(mailbox, common, twinNode);
            if (state.isPresent() && verify && !digest(state.get()).equals(mailbox.digest())) {
                state = Optional.empty();
            }
            if (state.isPresent()) {
                rebuilt.add(state.get());
            } else {
                doubtful.add(mailbox.uidValidity());
            }
        }
        return new Reconstruction(new UserState(rebuilt, subscriptions, tombstones), doubtful, entries,
            mailboxes.size() - doubtful.size());
    }

    private static Optional<MailboxState> rebuild(MailboxDelta mailbox, CommonState common, String twinNode) {
        Optional<MailboxRecord> record = common.record(twinNode, mailbox.uidValidity())
            .filter(r -> r.id() != null && r.id().equals(mailbox.id()));
        if (record.isEmpty()) {
            return Optional.empty();
        }
        long uidValidity = mailbox.uidValidity();
        Map<Long, MessageState> byUid = new TreeMap<>();
        long removedFound = 0;
        for (Map.Entry<Long, Long> recorded : record.get().modSeqs().entrySet()) {
            long uid = recorded.getKey();
            if (mailbox.removed().contains(uid)) {
                removedFound++;
                continue;
            }
            Optional<List<String>> flags = common.flags(uidValidity, uid);
            Optional<MessageIdentity> identity = common.identity(uidValidity, uid);
            if (flags.isEmpty() || identity.isEmpty()) {
                return Optional.empty();
            }
            byUid.put(uid, identity.get().message(uid, recorded.getValue(), flags.get()));
        }
        if (removedFound != mailbox.removed().size()) {
            return Optional.empty();
        }
        for (MessageState changed : mailbox.messages()) {
            if (mailbox.removed().contains(changed.uid())) {
                return Optional.empty();
            }
            byUid.put(changed.uid(), changed);
        }
        if (byUid.size() != mailbox.count()) {
            return Optional.empty();
        }
        return Optional.of(mailbox.withMessages(new ArrayList<>(byUid.values())));
    }

    private static List<MessageState> sortedByUid(List<MessageState> messages) {
        List<MessageState> sorted = new ArrayList<>(messages);
        sorted.sort(Comparator.comparingLong(MessageState::uid));
        return sorted;
    }

    /**
     * SHA-256 over everything sync compares of a mailbox's messages (UIDVALIDITY, and per UID
     * the MODSEQ, flags, internal date, size and content hash): equal digests, equal mailboxes.
     */
    public static String digest(MailboxState mailbox) {
        MessageDigest digest = Sha256.digest();
        StringBuilder line = new StringBuilder();
        digest.update(("uidvalidity " + mailbox.uidValidity() + "\n").getBytes(StandardCharsets.UTF_8));
        for (MessageState message : sortedByUid(mailbox.messages())) {
            line.setLength(0);
            line.append(message.uid()).append(' ').append(message.modSeq()).append(' ').append(message.internalDate())
                .append(' ').append(message.size()).append(' ').append(message.hash());
            for (String flag : message.flags()) {
                line.append(' ').append(flag);
            }
            line.append('\n');
            digest.update(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        return Sha256.hex(digest);
    }

    /** The common-state version the changes are against; null when every mailbox is whole. */
    @JsonProperty("base")
    public String base() {
        return base;
    }

    @JsonProperty("mailboxes")
    public List<MailboxDelta> mailboxes() {
        return mailboxes;
    }

    @JsonProperty("subscriptions")
    public List<String> subscriptions() {
        return subscriptions;
    }

    @JsonProperty("tombstones")
    public Tombstones tombstones() {
        return tombstones;
    }

    /** The twin's state as rebuilt, the mailboxes that could not be, and what it took. */
    public static final class Reconstruction {
        private final UserState state;
        private final List<Long> doubtful;
        private final long entries;
        private final int rebuilt;

        Reconstruction(UserState state, List<Long> doubtful, long entries, int rebuilt) {
            this.state = state;
            this.doubtful = ImmutableList.copyOf(doubtful);
            this.entries = entries;
            this.rebuilt = rebuilt;
        }

        /** Complete only when nothing is doubtful. */
        public UserState state() {
            return state;
        }

        /** UIDVALIDITIES of the mailboxes to ask for whole. */
        public List<Long> doubtful() {
            return doubtful;
        }

        /** Message entries the answer carried. */
        public long entries() {
            return entries;
        }

        /** Mailboxes rebuilt (whole or from changes). */
        public int rebuilt() {
            return rebuilt;
        }
    }

    /** One mailbox of a {@link StateDelta}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class MailboxDelta {
        private final String name;
        private final long uidValidity;
        private final long uidNext;
        private final long highestModSeq;
        private final String id;
        private final int count;
        private final boolean whole;
        private final List<MessageState> messages;
        private final UidSet removed;
        private final String digest;

        @JsonCreator
        public MailboxDelta(@JsonProperty("name") String name, @JsonProperty("uidValidity") long uidValidity,
                            @JsonProperty("uidNext") long uidNext, @JsonProperty("highestModSeq") long highestModSeq,
                            @JsonProperty("id") String id, @JsonProperty("count") int count,
                            @JsonProperty("whole") boolean whole, @JsonProperty("messages") List<MessageState> messages,
                            @JsonProperty("removed") UidSet removed, @JsonProperty("digest") String digest) {
            this.name = name;
            this.uidValidity = uidValidity;
            this.uidNext = uidNext;
            this.highestModSeq = highestModSeq;
            this.id = id;
            this.count = count;
            this.whole = whole;
            this.messages = messages == null ? ImmutableList.of() : ImmutableList.copyOf(messages);
            this.removed = removed == null ? UidSet.EMPTY : removed;
            this.digest = digest;
        }

        static MailboxDelta whole(MailboxState mailbox) {
            return new MailboxDelta(mailbox.name(), mailbox.uidValidity(), mailbox.uidNext(), mailbox.highestModSeq(),
                mailbox.id(), mailbox.messages().size(), true, mailbox.messages(), null, null);
        }

        MailboxState withMessages(List<MessageState> messages) {
            return new MailboxState(name, uidValidity, uidNext, highestModSeq, messages, id);
        }

        @JsonProperty("name")
        public String name() {
            return name;
        }

        @JsonProperty("uidValidity")
        public long uidValidity() {
            return uidValidity;
        }

        @JsonProperty("uidNext")
        public long uidNext() {
            return uidNext;
        }

        @JsonProperty("highestModSeq")
        public long highestModSeq() {
            return highestModSeq;
        }

        @JsonProperty("id")
        public String id() {
            return id;
        }

        /** How many messages the mailbox holds. */
        @JsonProperty("count")
        public int count() {
            return count;
        }

        /** True: {@link #messages} are all of them; false: only those that changed. */
        @JsonProperty("whole")
        public boolean whole() {
            return whole;
        }

        @JsonProperty("messages")
        public List<MessageState> messages() {
            return messages;
        }

        /** UIDs recorded in the common state for this server that it no longer holds. */
        @JsonProperty("removed")
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public UidSet removed() {
            return removed;
        }

        /** {@link StateDelta#digest} of the whole mailbox, when the session verifies. */
        @JsonProperty("digest")
        public String digest() {
            return digest;
        }

        @JsonIgnore
        @Override
        public String toString() {
            return name + (whole ? " whole, " : " changes, ") + messages.size() + " of " + count + " messages";
        }
    }
}

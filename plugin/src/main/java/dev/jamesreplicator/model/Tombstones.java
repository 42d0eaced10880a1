package dev.jamesreplicator.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * The user actions a server recorded that remove or move something: the only evidence sync
 * accepts for removing anything on the twin (absence is not deletion). Kept until a sync has
 * seen both servers without the thing removed.
 */
public final class Tombstones {
    public static final Tombstones NONE = new Tombstones(null, null, null, null);

    private final List<Expunged> expunged;
    private final List<DeletedMailbox> deletedMailboxes;
    private final List<Renamed> renamed;
    private final List<String> unsubscribed;
    private final List<Renumbered> renumbered;
    private final String boot;

    public Tombstones(List<Expunged> expunged, List<DeletedMailbox> deletedMailboxes, List<Renamed> renamed,
                      List<String> unsubscribed) {
        this(expunged, deletedMailboxes, renamed, unsubscribed, null, null);
    }

    @JsonCreator
    public Tombstones(@JsonProperty("expunged") List<Expunged> expunged,
                      @JsonProperty("deletedMailboxes") List<DeletedMailbox> deletedMailboxes,
                      @JsonProperty("renamed") List<Renamed> renamed,
                      @JsonProperty("unsubscribed") List<String> unsubscribed,
                      @JsonProperty("renumbered") List<Renumbered> renumbered,
                      @JsonProperty("boot") String boot) {
        this.expunged = expunged == null ? ImmutableList.of() : ImmutableList.copyOf(expunged);
        this.deletedMailboxes = deletedMailboxes == null ? ImmutableList.of() : ImmutableList.copyOf(deletedMailboxes);
        this.renamed = renamed == null ? ImmutableList.of() : ImmutableList.copyOf(renamed);
        this.unsubscribed = unsubscribed == null ? ImmutableList.of() : ImmutableList.copyOf(unsubscribed);
        this.renumbered = renumbered == null ? ImmutableList.of() : ImmutableList.copyOf(renumbered);
        this.boot = boot;
    }

    /** The same tombstones, as read by the server run {@code boot}. */
    public Tombstones readInBoot(String boot) {
        return new Tombstones(expunged, deletedMailboxes, renamed, unsubscribed, renumbered, boot);
    }

    public Tombstones withExpunged(List<Expunged> expunged) {
        return new Tombstones(expunged, deletedMailboxes, renamed, unsubscribed, renumbered, boot);
    }

    public Tombstones withDeletedMailboxes(List<DeletedMailbox> deletedMailboxes) {
        return new Tombstones(expunged, deletedMailboxes, renamed, unsubscribed, renumbered, boot);
    }

    public Tombstones withRenamed(List<Renamed> renamed) {
        return new Tombstones(expunged, deletedMailboxes, renamed, unsubscribed, renumbered, boot);
    }

    public Tombstones withUnsubscribed(List<String> unsubscribed) {
        return new Tombstones(expunged, deletedMailboxes, renamed, unsubscribed, renumbered, boot);
    }

    public Tombstones withRenumbered(List<Renumbered> renumbered) {
        return new Tombstones(expunged, deletedMailboxes, renamed, unsubscribed, renumbered, boot);
    }

    /**
     * The run of the server whose journal these are, when it read them (null from a peer that
     * sends none): a MOVE tombstone written in this run cannot have lost its new copy to a
     * restart of the mail store ({@link Expunged#boot()}).
     */
    @JsonProperty("boot")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String boot() {
        return boot;
    }

    /** The renumberings this server began on itself and has not yet seen finished. */
    @JsonProperty("renumbered")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public List<Renumbered> renumbered() {
        return renumbered;
    }

    @JsonProperty("expunged")
    public List<Expunged> expunged() {
        return expunged;
    }

    @JsonProperty("deletedMailboxes")
    public List<DeletedMailbox> deletedMailboxes() {
        return deletedMailboxes;
    }

    @JsonProperty("renamed")
    public List<Renamed> renamed() {
        return renamed;
    }

    @JsonProperty("unsubscribed")
    public List<String> unsubscribed() {
        return unsubscribed;
    }

    public boolean isDeleted(String name, long uidValidity) {
        return !deletionsOf(name, uidValidity).isEmpty();
    }

    /**
     * The deletions of this mailbox: a mailbox is its UIDVALIDITY, so a deletion matches it
     * under whatever name a rename on the other server gave it since. A deletion recorded
     * without a UIDVALIDITY (0: the server never saw it) matches the name alone.
     */
    public List<DeletedMailbox> deletionsOf(String name, long uidValidity) {
        return deletedMailboxes.stream()
            .filter(deleted -> deleted.uidValidity() == 0 ? deleted.name().equals(name) : deleted.uidValidity() == uidValidity)
            .collect(java.util.stream.Collectors.toList());
    }

    public boolean isEmpty() {
        return expunged.isEmpty() && deletedMailboxes.isEmpty() && renamed.isEmpty() && unsubscribed.isEmpty()
            && renumbered.isEmpty();
    }

    /**
     * A message a user expunged: its mailbox's UIDVALIDITY, its UID, and what it was (SHA-256
     * when known, else size and internal date), since two servers may have given one UID to
     * two different messages before they synced.
     */
    public static final class Expunged {
        private final long uidValidity;
        private final long uid;
        private final String hash;
        private final long size;
        private final long internalDate;
        private final MovedTo movedTo;
        private final String boot;

        public Expunged(long uidValidity, long uid, String hash, long size, long internalDate) {
            this(uidValidity, uid, hash, size, internalDate, null, null);
        }

        public Expunged(long uidValidity, long uid, String hash, long size, long internalDate, MovedTo movedTo) {
            this(uidValidity, uid, hash, size, internalDate, movedTo, null);
        }

        @JsonCreator
        public Expunged(@JsonProperty("uidValidity") long uidValidity, @JsonProperty("uid") long uid,
                        @JsonProperty("hash") String hash, @JsonProperty("size") long size,
                        @JsonProperty("internalDate") long internalDate, @JsonProperty("movedTo") MovedTo movedTo,
                        @JsonProperty("boot") String boot) {
            this.uidValidity = uidValidity;
            this.uid = uid;
            this.hash = hash;
            this.size = size;
            this.internalDate = internalDate;
            this.movedTo = movedTo;
            this.boot = boot;
        }

        /** The same expunge, as the source half of a MOVE whose new copy is at {@code movedTo}. */
        public Expunged movedTo(MovedTo target) {
            return new Expunged(uidValidity, uid, hash, size, internalDate, target, boot);
        }

        /** The same expunge, written by the server run {@code boot}. */
        public Expunged writtenInBoot(String boot) {
            return new Expunged(uidValidity, uid, hash, size, internalDate, movedTo, boot);
        }

        /**
         * The run of the server that wrote this tombstone (null for records older than this
         * field). A MOVE's new copy can only be lost with the mail store, by a restart of a
         * server whose store does not outlive it (the memory backend): within one run, a copy
         * that is gone was moved on or expunged by a user, or a read crossed that user's action.
         */
        @JsonProperty("boot")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public String boot() {
            return boot;
        }

        /** Where a MOVE put the message (null for a plain expunge, and for records older than this field). */
        @JsonProperty("movedTo")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public MovedTo movedTo() {
            return movedTo;
        }

        public static Expunged of(long uidValidity, MessageState message) {
            return new Expunged(uidValidity, message.uid(), message.hash(), message.size(), message.internalDate());
        }

        @JsonProperty("uidValidity")
        public long uidValidity() {
            return uidValidity;
        }

        @JsonProperty("uid")
        public long uid() {
            return uid;
        }

        @JsonProperty("hash")
        public String hash() {
            return hash;
        }

        @JsonProperty("size")
        public long size() {
            return size;
        }

        @JsonProperty("internalDate")
        public long internalDate() {
            return internalDate;
        }

        @Override
        public String toString() {
            return "expunged uidvalidity " + uidValidity + " uid " + uid + (hash == null ? "" : " sha256 " + hash.substring(0, Math.min(12, hash.length())))
                + (movedTo == null ? "" : ", moved to " + movedTo);
        }

        /** Whether {@code message} (in a mailbox of this UIDVALIDITY) is the one expunged. */
        public boolean matches(long uidValidity, MessageState message) {
            return this.uidValidity == uidValidity && uid == message.uid() && sameContent(message);
        }

        /** Whether {@code message} has the content expunged, wherever it is. */
        public boolean sameContent(MessageState message) {
            return sameContent(message.hash(), message.size(), message.internalDate());
        }

        /**
         * Whether this expunge's hash is known and is {@code otherHash}: certain, where
         * {@link #sameContent(MessageState)} falls back to size and internal date, which two
         * messages can share.
         */
        public boolean sameHash(String otherHash) {
            return hash != null && hash.equals(otherHash);
        }

        /** Whether {@code other} expunged the same content. */
        public boolean sameContent(Expunged other) {
            return sameContent(other.hash, other.size, other.internalDate);
        }

        private boolean sameContent(String otherHash, long otherSize, long otherInternalDate) {
            if (hash != null && otherHash != null) {
                return hash.equals(otherHash);
            }
            return size == otherSize && internalDate == otherInternalDate;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Expunged)) {
                return false;
            }
            Expunged other = (Expunged) o;
            return uidValidity == other.uidValidity && uid == other.uid && Objects.equals(hash, other.hash)
                && size == other.size && internalDate == other.internalDate;
        }

        @Override
        public int hashCode() {
            return Objects.hash(uidValidity, uid);
        }
    }

    /**
     * A renumbering a server carries out on itself: sync copies a message of a mailbox from UID
     * {@code from} to UID {@code to} of the same mailbox, and expunges {@code from} at the end of
     * the session. Written before the copy: a session cut in between leaves the message under
     * both UIDs, and this record says they are one message, so that what a user then does to
     * either is done to both (docs/sync.md, "Renumberings cut short").
     */
    public static final class Renumbered {
        private final long uidValidity;
        private final long from;
        private final long to;
        private final MessageIdentity message;

        @JsonCreator
        public Renumbered(@JsonProperty("uidValidity") long uidValidity, @JsonProperty("from") long from,
                          @JsonProperty("to") long to, @JsonProperty("message") MessageIdentity message) {
            this.uidValidity = uidValidity;
            this.from = from;
            this.to = to;
            this.message = message;
        }

        @JsonProperty("uidValidity")
        public long uidValidity() {
            return uidValidity;
        }

        @JsonProperty("from")
        public long from() {
            return from;
        }

        @JsonProperty("to")
        public long to() {
            return to;
        }

        @JsonProperty("message")
        public MessageIdentity message() {
            return message;
        }

        /** Whether {@code message}, in a mailbox of this UIDVALIDITY, is the message at its old UID. */
        public boolean isOld(long uidValidity, MessageState message) {
            return this.uidValidity == uidValidity && message.uid() == from && this.message.isOf(message);
        }

        /** Whether {@code message}, in a mailbox of this UIDVALIDITY, is the message at its new UID. */
        public boolean isNew(long uidValidity, MessageState message) {
            return this.uidValidity == uidValidity && message.uid() == to && this.message.isOf(message);
        }

        @Override
        public String toString() {
            return "renumbered uidvalidity " + uidValidity + " uid " + from + " to " + to;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Renumbered)) {
                return false;
            }
            Renumbered other = (Renumbered) o;
            return uidValidity == other.uidValidity && from == other.from && to == other.to && message.equals(other.message);
        }

        @Override
        public int hashCode() {
            return Objects.hash(uidValidity, from, to);
        }
    }

    /**
     * Where a MOVE put a message: the target mailbox's UIDVALIDITY and the new UID. The source's
     * expunge is honoured only while the new copy is kept or a later user action accounts for it:
     * a memory backend killed before it synced loses the copy, never the message.
     */
    public static final class MovedTo {
        private final long uidValidity;
        private final long uid;

        @JsonCreator
        public MovedTo(@JsonProperty("uidValidity") long uidValidity, @JsonProperty("uid") long uid) {
            this.uidValidity = uidValidity;
            this.uid = uid;
        }

        @JsonProperty("uidValidity")
        public long uidValidity() {
            return uidValidity;
        }

        @JsonProperty("uid")
        public long uid() {
            return uid;
        }

        @Override
        public String toString() {
            return "uidvalidity " + uidValidity + " uid " + uid;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MovedTo && ((MovedTo) o).uidValidity == uidValidity && ((MovedTo) o).uid == uid;
        }

        @Override
        public int hashCode() {
            return Objects.hash(uidValidity, uid);
        }
    }

    /** A mailbox a user deleted. */
    public static final class DeletedMailbox {
        /** {@link #held()} of a deletion recorded without the count. */
        public static final long HELD_UNKNOWN = -1;

        private final String name;
        private final long uidValidity;
        private final String boot;
        private final long held;
        private final Map<Long, String> shown;

        public DeletedMailbox(String name, long uidValidity) {
            this(name, uidValidity, null, HELD_UNKNOWN, null);
        }

        @JsonCreator
        public DeletedMailbox(@JsonProperty("name") String name, @JsonProperty("uidValidity") long uidValidity,
                              @JsonProperty("boot") String boot, @JsonProperty("held") Long held,
                              @JsonProperty("shown") Map<Long, String> shown) {
            this.name = name;
            this.uidValidity = uidValidity;
            this.boot = boot;
            this.held = held == null ? HELD_UNKNOWN : held;
            this.shown = shown == null ? ImmutableMap.of() : ImmutableMap.copyOf(shown);
        }

        /** The same deletion, written by the server run {@code boot}. */
        public DeletedMailbox writtenInBoot(String boot) {
            return new DeletedMailbox(name, uidValidity, boot, held, shown);
        }

        /** The same deletion, of a mailbox that held {@code messages} when it was deleted. */
        public DeletedMailbox holding(long messages) {
            return new DeletedMailbox(name, uidValidity, boot, messages, shown);
        }

        /** The same deletion, naming these of the messages it removed: SHA-256 by UID. */
        public DeletedMailbox showing(Map<Long, String> messages) {
            return new DeletedMailbox(name, uidValidity, boot, held, messages);
        }

        /**
         * The messages the mailbox held when its user deleted it whose content the server knew
         * then, SHA-256 by UID (empty if not recorded, or the mailbox held too many to name). A
         * message named here was deleted by its user even where the last sync did not know it.
         */
        @JsonProperty("shown")
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public Map<Long, String> shown() {
            return shown;
        }

        /** Whether this deletion names {@code message}: the same UID with the same content. */
        public boolean removed(MessageState message) {
            return message.hash() != null && message.hash().equals(shown.get(message.uid()));
        }

        /**
         * The run of the server that wrote this tombstone (null for records older than this
         * field). A deletion made in a run the last sync did not read may be of a mailbox a
         * refill had not finished: its user deleted what it showed, not what the last sync knew.
         */
        @JsonProperty("boot")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public String boot() {
            return boot;
        }

        /**
         * How many messages the mailbox held when its user deleted it ({@link #HELD_UNKNOWN} if not
         * recorded): at least as many as the last sync knew there, and a deletion after a restart
         * was not of a refill cut short (a persistent server's restart loses nothing).
         */
        @JsonProperty("held")
        public long held() {
            return held;
        }

        @JsonProperty("name")
        public String name() {
            return name;
        }

        @JsonProperty("uidValidity")
        public long uidValidity() {
            return uidValidity;
        }

        @Override
        public String toString() {
            return "deleted mailbox " + name + " (uidvalidity " + uidValidity + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DeletedMailbox && ((DeletedMailbox) o).uidValidity == uidValidity
                && ((DeletedMailbox) o).name.equals(name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, uidValidity);
        }
    }

    /** A mailbox a user renamed; the mailbox is the one with this UIDVALIDITY, whatever its name. */
    public static final class Renamed {
        private final long uidValidity;
        private final String from;
        private final String to;

        @JsonCreator
        public Renamed(@JsonProperty("uidValidity") long uidValidity, @JsonProperty("from") String from,
                       @JsonProperty("to") String to) {
            this.uidValidity = uidValidity;
            this.from = from;
            this.to = to;
        }

        @JsonProperty("uidValidity")
        public long uidValidity() {
            return uidValidity;
        }

        @JsonProperty("from")
        public String from() {
            return from;
        }

        @JsonProperty("to")
        public String to() {
            return to;
        }

        @Override
        public String toString() {
            return "renamed " + from + " to " + to + " (uidvalidity " + uidValidity + ")";
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Renamed)) {
                return false;
            }
            Renamed other = (Renamed) o;
            return uidValidity == other.uidValidity && from.equals(other.from) && to.equals(other.to);
        }

        @Override
        public int hashCode() {
            return Objects.hash(uidValidity, from, to);
        }
    }
}

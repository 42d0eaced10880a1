package dev.jamesreplicator.model;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@link KeyedTombstones} of a user's mailbox items (annotations, ACL entries), each key in
 * the mailbox of a UIDVALIDITY: the keys the user removed (SETMETADATA with NIL, an ACL entry
 * deleted), and the values sessions wrote since the last complete one.
 */
public final class MailboxItemTombstones
    extends KeyedTombstones<Long, MailboxItemTombstones.Removed, MailboxItemTombstones.Written> {
    public static final MailboxItemTombstones NONE = new MailboxItemTombstones(null, null);

    @JsonCreator
    public MailboxItemTombstones(@JsonProperty("removed") List<Removed> removed,
                                 @JsonProperty("written") List<Written> written) {
        super(removed, written);
    }

    public MailboxItemTombstones(List<Removed> removed) {
        this(removed, null);
    }

    /** A session wrote {@code value} (null: removed it) to the key of the mailbox of UIDVALIDITY {@code uidValidity}. */
    public static final class Written extends KeyedTombstones.ValueRecord<Long> {
        private final long uidValidity;

        @JsonCreator
        public Written(@JsonProperty("uidValidity") long uidValidity, @JsonProperty("key") String key,
                       @JsonProperty("value") String value, @JsonProperty("id") String id) {
            super(key, value, id);
            this.uidValidity = uidValidity;
        }

        @JsonProperty("uidValidity")
        public long uidValidity() {
            return uidValidity;
        }

        @Override
        protected Long scope() {
            return uidValidity;
        }
    }

    /** A user removed the annotation {@code key} of the mailbox of UIDVALIDITY {@code uidValidity}. */
    public static final class Removed implements KeyedTombstones.Record<Long> {
        private final long uidValidity;
        private final String key;
        private final String id;

        @JsonCreator
        public Removed(@JsonProperty("uidValidity") long uidValidity, @JsonProperty("key") String key,
                       @JsonProperty("id") String id) {
            this.uidValidity = uidValidity;
            this.key = Objects.requireNonNull(key);
            this.id = Objects.requireNonNull(id);
        }

        @JsonProperty("uidValidity")
        public long uidValidity() {
            return uidValidity;
        }

        @JsonProperty("key")
        public String key() {
            return key;
        }

        @JsonProperty("id")
        public String id() {
            return id;
        }

        @Override
        public boolean is(Long uidValidity, String key) {
            return this.uidValidity == uidValidity && this.key.equals(key);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Removed && uidValidity == ((Removed) other).uidValidity
                && key.equals(((Removed) other).key) && id.equals(((Removed) other).id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(uidValidity, key, id);
        }

        @Override
        public String toString() {
            return uidValidity + " " + key;
        }
    }
}

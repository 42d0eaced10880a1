package dev.jamesreplicator.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

/**
 * What one server's journal says of its annotations that its values cannot: the keys its users
 * removed (SETMETADATA with NIL), which absence cannot say; and the values sessions wrote there
 * that no session has completed since (a session cut after some writes), so that the next one
 * knows such a value is the twin's, not a change of this server's user. Each record has an id,
 * so a session drops only the records it planned from, not one of the same key written since.
 */
public final class MailboxItemTombstones {
    public static final MailboxItemTombstones NONE = new MailboxItemTombstones(null, null);

    private final List<Removed> removed;
    private final List<Written> written;

    @JsonCreator
    public MailboxItemTombstones(@JsonProperty("removed") List<Removed> removed,
                                @JsonProperty("written") List<Written> written) {
        this.removed = removed == null ? ImmutableList.of() : ImmutableList.copyOf(removed);
        this.written = written == null ? ImmutableList.of() : ImmutableList.copyOf(written);
    }

    public MailboxItemTombstones(List<Removed> removed) {
        this(removed, null);
    }

    /** The values sessions wrote here since the last complete session, oldest first. */
    @JsonProperty("written")
    public List<Written> written() {
        return written;
    }

    /**
     * What a session last wrote to the key here, if one did since the last complete session:
     * the value, or empty for a removal.
     */
    public Optional<Optional<String>> lastWritten(long uidValidity, String key) {
        Optional<Optional<String>> last = Optional.empty();
        for (Written record : written) {
            if (record.uidValidity() == uidValidity && record.key().equals(key)) {
                last = Optional.of(record.value());
            }
        }
        return last;
    }

    @JsonProperty("removed")
    public List<Removed> removed() {
        return removed;
    }

    public boolean removes(long uidValidity, String key) {
        return removed.stream().anyMatch(record -> record.uidValidity() == uidValidity && record.key().equals(key));
    }

    @JsonIgnore
    public boolean isEmpty() {
        return removed.isEmpty() && written.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MailboxItemTombstones && removed.equals(((MailboxItemTombstones) other).removed)
            && written.equals(((MailboxItemTombstones) other).written);
    }

    @Override
    public int hashCode() {
        return Objects.hash(removed, written);
    }

    @Override
    public String toString() {
        return "removed " + removed + (written.isEmpty() ? "" : ", written " + written);
    }

    /** A session wrote {@code value} (null: removed it) to the key of the mailbox of UIDVALIDITY {@code uidValidity}. */
    public static final class Written {
        private final long uidValidity;
        private final String key;
        private final String value;
        private final String id;

        @JsonCreator
        public Written(@JsonProperty("uidValidity") long uidValidity, @JsonProperty("key") String key,
                       @JsonProperty("value") String value, @JsonProperty("id") String id) {
            this.uidValidity = uidValidity;
            this.key = Objects.requireNonNull(key);
            this.value = value;
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

        @JsonProperty("value")
        public String valueOrNull() {
            return value;
        }

        public Optional<String> value() {
            return Optional.ofNullable(value);
        }

        @JsonProperty("id")
        public String id() {
            return id;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Written && uidValidity == ((Written) other).uidValidity && key.equals(((Written) other).key)
                && Objects.equals(value, ((Written) other).value) && id.equals(((Written) other).id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(uidValidity, key, value, id);
        }

        @Override
        public String toString() {
            return uidValidity + " " + key;
        }
    }

    /** A user removed the annotation {@code key} of the mailbox of UIDVALIDITY {@code uidValidity}. */
    public static final class Removed {
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

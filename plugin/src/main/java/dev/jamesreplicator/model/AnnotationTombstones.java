package dev.jamesreplicator.model;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

/**
 * The annotations one server's users removed (SETMETADATA with NIL), which absence cannot say.
 * Each record has an id, so a session drops only the records it planned from, not one of the
 * same key written since.
 */
public final class AnnotationTombstones {
    public static final AnnotationTombstones NONE = new AnnotationTombstones(null);

    private final List<Removed> removed;

    @JsonCreator
    public AnnotationTombstones(@JsonProperty("removed") List<Removed> removed) {
        this.removed = removed == null ? ImmutableList.of() : ImmutableList.copyOf(removed);
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
        return removed.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AnnotationTombstones && removed.equals(((AnnotationTombstones) other).removed);
    }

    @Override
    public int hashCode() {
        return removed.hashCode();
    }

    @Override
    public String toString() {
        return "removed " + removed;
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

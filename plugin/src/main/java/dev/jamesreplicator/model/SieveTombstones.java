package dev.jamesreplicator.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

/**
 * What one server's users did to their Sieve scripts that absence cannot say: the scripts they
 * deleted (or renamed away from), and that they left no script active. Each record has an id,
 * so a session drops only the records it planned from, not one of the same name written since.
 */
public final class SieveTombstones {
    public static final SieveTombstones NONE = new SieveTombstones(null, null);

    private final List<Deleted> deleted;
    private final String deactivated;

    @JsonCreator
    public SieveTombstones(@JsonProperty("deleted") List<Deleted> deleted,
                           @JsonProperty("deactivated") String deactivated) {
        this.deleted = deleted == null ? ImmutableList.of() : ImmutableList.copyOf(deleted);
        this.deactivated = deactivated;
    }

    @JsonProperty("deleted")
    public List<Deleted> deleted() {
        return deleted;
    }

    public boolean deletes(String name) {
        return deleted.stream().anyMatch(record -> record.name().equals(name));
    }

    /** The id of the record that the user left no script active, if that is their last word. */
    @JsonProperty("deactivated")
    public String deactivatedId() {
        return deactivated;
    }

    public Optional<String> deactivated() {
        return Optional.ofNullable(deactivated);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return deleted.isEmpty() && deactivated == null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SieveTombstones
            && deleted.equals(((SieveTombstones) other).deleted)
            && Objects.equals(deactivated, ((SieveTombstones) other).deactivated);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deleted, deactivated);
    }

    @Override
    public String toString() {
        return "deleted " + deleted + (deactivated == null ? "" : ", deactivated");
    }

    /** A user deleted the script of this name, or renamed it to another. */
    public static final class Deleted {
        private final String name;
        private final String id;

        @JsonCreator
        public Deleted(@JsonProperty("name") String name, @JsonProperty("id") String id) {
            this.name = Objects.requireNonNull(name);
            this.id = Objects.requireNonNull(id);
        }

        @JsonProperty("name")
        public String name() {
            return name;
        }

        @JsonProperty("id")
        public String id() {
            return id;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Deleted && name.equals(((Deleted) other).name) && id.equals(((Deleted) other).id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, id);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}

package dev.jamesreplicator.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

/**
 * What one server's journal says of its server-wide data that its values cannot
 * (docs/server-data.md): the items an administrator removed, which absence cannot say; and the
 * values sessions wrote there that no session has completed since (a session cut after some
 * writes), so the next one knows such a value is the twin's. Each record has an id, so a
 * session drops only the records it planned from, not one of the same item written since.
 */
public final class ServerTombstones {
    public static final ServerTombstones NONE = new ServerTombstones(null, null);

    private final List<Item> removed;
    private final List<Item> written;

    @JsonCreator
    public ServerTombstones(@JsonProperty("removed") List<Item> removed, @JsonProperty("written") List<Item> written) {
        this.removed = removed == null ? ImmutableList.of() : ImmutableList.copyOf(removed);
        this.written = written == null ? ImmutableList.of() : ImmutableList.copyOf(written);
    }

    /** Removals of items, oldest first (their {@code value} is null). */
    @JsonProperty("removed")
    public List<Item> removed() {
        return removed;
    }

    /** The values sessions wrote here since the last complete session, oldest first (null: a removal). */
    @JsonProperty("written")
    public List<Item> written() {
        return written;
    }

    public boolean removes(String kind, String key) {
        return removed.stream().anyMatch(record -> record.is(kind, key));
    }

    /** What a session last wrote to the item here since the last complete session: the value, or empty for a removal. */
    public Optional<Optional<String>> lastWritten(String kind, String key) {
        Optional<Optional<String>> last = Optional.empty();
        for (Item record : written) {
            if (record.is(kind, key)) {
                last = Optional.of(record.value());
            }
        }
        return last;
    }

    @JsonIgnore
    public boolean isEmpty() {
        return removed.isEmpty() && written.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerTombstones && removed.equals(((ServerTombstones) other).removed)
            && written.equals(((ServerTombstones) other).written);
    }

    @Override
    public int hashCode() {
        return Objects.hash(removed, written);
    }

    @Override
    public String toString() {
        return "removed " + removed + (written.isEmpty() ? "" : ", written " + written);
    }

    /** One record: an item of a kind, the value written (null: none, or a removal) and the record's id. */
    public static final class Item {
        private final String kind;
        private final String key;
        private final String value;
        private final String id;

        @JsonCreator
        public Item(@JsonProperty("kind") String kind, @JsonProperty("key") String key,
                    @JsonProperty("value") String value, @JsonProperty("id") String id) {
            this.kind = Objects.requireNonNull(kind);
            this.key = Objects.requireNonNull(key);
            this.value = value;
            this.id = Objects.requireNonNull(id);
        }

        @JsonProperty("kind")
        public String kind() {
            return kind;
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

        public boolean is(String kind, String key) {
            return this.kind.equals(kind) && this.key.equals(key);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Item && is(((Item) other).kind, ((Item) other).key)
                && Objects.equals(value, ((Item) other).value) && id.equals(((Item) other).id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, key, value, id);
        }

        @Override
        public String toString() {
            return kind + " " + key;
        }
    }
}

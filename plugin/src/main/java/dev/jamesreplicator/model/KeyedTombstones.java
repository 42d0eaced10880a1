package dev.jamesreplicator.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

/**
 * What one server's journal says of a set of keyed items that their values cannot: the items a
 * user or an administrator removed, which absence cannot say; and the values sessions wrote there
 * that no session has completed since (a session cut after some writes), so that the next one
 * knows such a value is the twin's, not a change of this server's. Each record has an id, so a
 * session drops only the records it planned from, not one of the same item written since.
 *
 * <p>An item is a key in a scope ({@code S}): the mailbox's UIDVALIDITY for mailbox items
 * ({@link MailboxItemTombstones}), the kind for the server data ({@link ServerTombstones}). Each
 * subclass keeps its own records, and so its own JSON.
 */
public abstract class KeyedTombstones<S, R extends KeyedTombstones.Record<S>, W extends KeyedTombstones.ValueRecord<S>> {
    private final List<R> removed;
    private final List<W> written;

    protected KeyedTombstones(List<R> removed, List<W> written) {
        this.removed = removed == null ? ImmutableList.of() : ImmutableList.copyOf(removed);
        this.written = written == null ? ImmutableList.of() : ImmutableList.copyOf(written);
    }

    /** A record of one item. */
    public interface Record<S> {
        boolean is(S scope, String key);
    }

    /**
     * A record of one item with a value (null: none, or a removal) and the record's id; each
     * subclass names its scope in its JSON.
     */
    public abstract static class ValueRecord<S> implements Record<S> {
        private final String key;
        private final String value;
        private final String id;

        protected ValueRecord(String key, String value, String id) {
            this.key = Objects.requireNonNull(key);
            this.value = value;
            this.id = Objects.requireNonNull(id);
        }

        /** What the item's key is in: a mailbox's UIDVALIDITY, a kind of server data. */
        protected abstract S scope();

        @JsonProperty("key")
        public String key() {
            return key;
        }

        @JsonProperty("value")
        public String valueOrNull() {
            return value;
        }

        /** The value written; empty for a removal. */
        public Optional<String> value() {
            return Optional.ofNullable(value);
        }

        @JsonProperty("id")
        public String id() {
            return id;
        }

        @Override
        public boolean is(S scope, String key) {
            return scope().equals(scope) && this.key.equals(key);
        }

        @Override
        public boolean equals(Object other) {
            if (other == null || other.getClass() != getClass()) {
                return false;
            }
            ValueRecord<?> record = (ValueRecord<?>) other;
            return scope().equals(record.scope()) && key.equals(record.key) && Objects.equals(value, record.value)
                && id.equals(record.id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(scope(), key, value, id);
        }

        @Override
        public String toString() {
            return scope() + " " + key;
        }
    }

    /** Removals of items, oldest first. */
    @JsonProperty("removed")
    public List<R> removed() {
        return removed;
    }

    /** The values sessions wrote here since the last complete session, oldest first. */
    @JsonProperty("written")
    public List<W> written() {
        return written;
    }

    public boolean removes(S scope, String key) {
        return removed.stream().anyMatch(record -> record.is(scope, key));
    }

    /**
     * What a session last wrote to the item here, if one did since the last complete session:
     * the value, or empty for a removal.
     */
    public Optional<Optional<String>> lastWritten(S scope, String key) {
        Optional<Optional<String>> last = Optional.empty();
        for (W record : written) {
            if (record.is(scope, key)) {
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
        return other != null && other.getClass() == getClass()
            && removed.equals(((KeyedTombstones<?, ?, ?>) other).removed)
            && written.equals(((KeyedTombstones<?, ?, ?>) other).written);
    }

    @Override
    public int hashCode() {
        return Objects.hash(removed, written);
    }

    @Override
    public String toString() {
        return "removed " + removed + (written.isEmpty() ? "" : ", written " + written);
    }
}

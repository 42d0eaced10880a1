package dev.jamesreplicator.model;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@link KeyedTombstones} of the server-wide data (docs/server-data.md), each key of a kind:
 * the items an administrator removed, and the values sessions wrote since the last complete
 * session. One record class serves both lists; a removal's {@code value} is null.
 */
public final class ServerTombstones extends KeyedTombstones<String, ServerTombstones.Item, ServerTombstones.Item> {
    public static final ServerTombstones NONE = new ServerTombstones(null, null);

    @JsonCreator
    public ServerTombstones(@JsonProperty("removed") List<Item> removed, @JsonProperty("written") List<Item> written) {
        super(removed, written);
    }

    /** One record: an item of a kind, the value written (null: none, or a removal) and the record's id. */
    public static final class Item extends KeyedTombstones.ValueRecord<String> {
        private final String kind;

        @JsonCreator
        public Item(@JsonProperty("kind") String kind, @JsonProperty("key") String key,
                    @JsonProperty("value") String value, @JsonProperty("id") String id) {
            super(key, value, id);
            this.kind = Objects.requireNonNull(kind);
        }

        @JsonProperty("kind")
        public String kind() {
            return kind;
        }

        @Override
        protected String scope() {
            return kind;
        }
    }
}

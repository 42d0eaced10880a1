package dev.jamesreplicator.sync;

import java.util.Optional;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.model.ServerTombstones;

/** One server's server-wide data, as a session reads and writes it (docs/server-data.md). */
public interface ServerDataStore extends StepStore<ServerItems, ServerTombstones> {
    /** Every kind's items, and this server's tombstones, read together. */
    Snapshot read() throws Exception;

    /**
     * Sets the item {@code key} of {@code kind} to {@code value} (none: removes it), if it still
     * holds {@code replacing}; otherwise a CONFLICT {@link SyncException} and nothing changes.
     */
    void write(String kind, String key, Optional<String> value, Optional<String> replacing) throws Exception;

    /** The items and the records of one read. */
    final class Snapshot {
        private final ServerItems state;
        private final ServerTombstones tombstones;

        public Snapshot(ServerItems state, ServerTombstones tombstones) {
            this.state = state;
            this.tombstones = tombstones;
        }

        public ServerItems state() {
            return state;
        }

        public ServerTombstones tombstones() {
            return tombstones;
        }
    }
}

package dev.jamesreplicator.sync;

import java.util.Optional;

import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;

/** One server's Sieve scripts of one user, as a session reads and writes them (docs/sieve.md). */
public interface SieveStore extends StepStore<SieveState, SieveTombstones> {
    /** The scripts, the active one and this server's tombstones, read together. */
    Snapshot read() throws Exception;

    byte[] content(String name) throws Exception;

    /**
     * Stores the script, if the one of that name still has the SHA-256 {@code replacing} (none:
     * there is none); otherwise a CONFLICT {@link SyncException} and nothing changes.
     */
    void put(String name, byte[] content, Optional<String> replacing) throws Exception;

    /** Makes the script active, or with none leaves none active, if {@code replacing} still is; else CONFLICT. */
    void activate(Optional<String> name, Optional<String> replacing) throws Exception;

    /** Deletes the script if it still has the SHA-256 {@code sha256}; else CONFLICT. */
    void delete(String name, String sha256) throws Exception;

    /** The scripts and the records of one read. */
    final class Snapshot {
        private final SieveState state;
        private final SieveTombstones tombstones;

        public Snapshot(SieveState state, SieveTombstones tombstones) {
            this.state = state;
            this.tombstones = tombstones;
        }

        public SieveState state() {
            return state;
        }

        public SieveTombstones tombstones() {
            return tombstones;
        }
    }
}

package dev.jamesreplicator.sync;

import java.util.Optional;

import dev.jamesreplicator.model.AnnotationState;
import dev.jamesreplicator.model.AnnotationTombstones;

/** One server's mailbox annotations of one user, as a session reads and writes them (docs/metadata.md). */
public interface AnnotationStore {
    /** Every mailbox with its annotations, and this server's tombstones, read together. */
    Snapshot read() throws Exception;

    /** This server's common state of the last session. */
    AnnotationState common();

    /**
     * Sets {@code key} of the mailbox of UIDVALIDITY {@code uidValidity}, named {@code mailbox},
     * to {@code value} (none: removes it), if it still holds {@code replacing}; otherwise a
     * CONFLICT {@link SyncException} and nothing changes.
     */
    void write(long uidValidity, String mailbox, String key, Optional<String> value, Optional<String> replacing) throws Exception;

    /** The plan ran to its end: {@code agreed} is the new common state, the {@code honoured} records go. */
    void completeSync(AnnotationState agreed, AnnotationTombstones honoured);

    /** The annotations and the records of one read. */
    final class Snapshot {
        private final AnnotationState state;
        private final AnnotationTombstones tombstones;

        public Snapshot(AnnotationState state, AnnotationTombstones tombstones) {
            this.state = state;
            this.tombstones = tombstones;
        }

        public AnnotationState state() {
            return state;
        }

        public AnnotationTombstones tombstones() {
            return tombstones;
        }
    }
}

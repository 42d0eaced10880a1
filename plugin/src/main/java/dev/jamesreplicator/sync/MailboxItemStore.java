package dev.jamesreplicator.sync;

import java.util.Optional;

import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.model.MailboxItemTombstones;

/** One server's mailbox annotations of one user, as a session reads and writes them (docs/metadata.md). */
public interface MailboxItemStore extends StepStore<MailboxItemState, MailboxItemTombstones> {
    /** Every mailbox with its annotations, and this server's tombstones, read together. */
    Snapshot read() throws Exception;

    /**
     * Sets {@code key} of the mailbox of UIDVALIDITY {@code uidValidity}, named {@code mailbox},
     * to {@code value} (none: removes it), if it still holds {@code replacing}; otherwise a
     * CONFLICT {@link SyncException} and nothing changes.
     */
    void write(long uidValidity, String mailbox, String key, Optional<String> value, Optional<String> replacing) throws Exception;

    /** The annotations and the records of one read. */
    final class Snapshot {
        private final MailboxItemState state;
        private final MailboxItemTombstones tombstones;

        public Snapshot(MailboxItemState state, MailboxItemTombstones tombstones) {
            this.state = state;
            this.tombstones = tombstones;
        }

        public MailboxItemState state() {
            return state;
        }

        public MailboxItemTombstones tombstones() {
            return tombstones;
        }
    }
}

package dev.jamesreplicator.sync.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.model.MailboxItemTombstones;

/**
 * The answer to ANNOTATION_STATE: one object under {@code annotations} in a {@link SyncReply},
 * so the mail answers keep their fields (docs/metadata.md).
 */
public final class MailboxItemAnswer {
    private final MailboxItemState state;
    private final MailboxItemTombstones tombstones;

    @JsonCreator
    public MailboxItemAnswer(@JsonProperty("state") MailboxItemState state,
                            @JsonProperty("tombstones") MailboxItemTombstones tombstones) {
        this.state = state;
        this.tombstones = tombstones;
    }

    /** Every mailbox of the user with its annotations. */
    @JsonProperty("state")
    public MailboxItemState state() {
        return state;
    }

    /** The serving side's records. */
    @JsonProperty("tombstones")
    public MailboxItemTombstones tombstones() {
        return tombstones;
    }
}

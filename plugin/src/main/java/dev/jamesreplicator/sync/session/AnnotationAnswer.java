package dev.jamesreplicator.sync.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.jamesreplicator.model.AnnotationState;
import dev.jamesreplicator.model.AnnotationTombstones;

/**
 * The answer to ANNOTATION_STATE: one object under {@code annotations} in a {@link SyncReply},
 * so the mail answers keep their fields (docs/metadata.md).
 */
public final class AnnotationAnswer {
    private final AnnotationState state;
    private final AnnotationTombstones tombstones;

    @JsonCreator
    public AnnotationAnswer(@JsonProperty("state") AnnotationState state,
                            @JsonProperty("tombstones") AnnotationTombstones tombstones) {
        this.state = state;
        this.tombstones = tombstones;
    }

    /** Every mailbox of the user with its annotations. */
    @JsonProperty("state")
    public AnnotationState state() {
        return state;
    }

    /** The serving side's records. */
    @JsonProperty("tombstones")
    public AnnotationTombstones tombstones() {
        return tombstones;
    }
}

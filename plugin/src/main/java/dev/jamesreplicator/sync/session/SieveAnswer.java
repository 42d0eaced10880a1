package dev.jamesreplicator.sync.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;

/**
 * The answer to a Sieve call that returns something (SIEVE_STATE, SIEVE_CONTENT): one object
 * under {@code sieve} in a {@link SyncReply}, so the mail answers keep their fields (docs/sieve.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class SieveAnswer {
    private final byte[] content;
    private final SieveState state;
    private final SieveTombstones tombstones;

    @JsonCreator
    public SieveAnswer(@JsonProperty("content") byte[] content, @JsonProperty("state") SieveState state,
                       @JsonProperty("tombstones") SieveTombstones tombstones) {
        this.content = content;
        this.state = state;
        this.tombstones = tombstones;
    }

    /** SIEVE_STATE: the scripts and the serving side's records. */
    public static SieveAnswer ofScripts(SieveState state, SieveTombstones tombstones) {
        return new SieveAnswer(null, state, tombstones);
    }

    /** SIEVE_CONTENT: the script's bytes. */
    public static SieveAnswer ofContent(byte[] content) {
        return new SieveAnswer(content, null, null);
    }

    /** SIEVE_CONTENT: the script's bytes, base64 in JSON. */
    @JsonProperty("content")
    public byte[] content() {
        return content;
    }

    /** SIEVE_STATE: the scripts. */
    @JsonProperty("state")
    public SieveState state() {
        return state;
    }

    /** SIEVE_STATE: the serving side's records. */
    @JsonProperty("tombstones")
    public SieveTombstones tombstones() {
        return tombstones;
    }
}

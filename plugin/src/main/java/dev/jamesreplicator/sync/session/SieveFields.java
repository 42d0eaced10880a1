package dev.jamesreplicator.sync.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;

/**
 * What a Sieve call ({@code SIEVE_*}) carries, or its answer: one object under {@code sieve} in
 * a {@link SyncCall} or {@link SyncReply}, so the mail calls keep their fields (docs/sieve.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class SieveFields {
    private final String script;
    private final String expected;
    private final byte[] content;
    private final SieveState state;
    private final SieveTombstones tombstones;

    @JsonCreator
    public SieveFields(@JsonProperty("script") String script, @JsonProperty("expected") String expected,
                       @JsonProperty("content") byte[] content, @JsonProperty("state") SieveState state,
                       @JsonProperty("tombstones") SieveTombstones tombstones) {
        this.script = script;
        this.expected = expected;
        this.content = content;
        this.state = state;
        this.tombstones = tombstones;
    }

    /** The script a call is about; SIEVE_ACTIVATE: the one to make active, absent for none. */
    @JsonProperty("script")
    public String script() {
        return script;
    }

    /** What the target must still hold: a script's SHA-256 (PUT, DELETE) or the active script (ACTIVATE); absent: none. */
    @JsonProperty("expected")
    public String expected() {
        return expected;
    }

    /** A script's bytes (PUT, and the answer to CONTENT), base64 in JSON. */
    @JsonProperty("content")
    public byte[] content() {
        return content;
    }

    /** The answer to SIEVE_STATE: the scripts; SIEVE_COMPLETE: the agreed state. */
    @JsonProperty("state")
    public SieveState state() {
        return state;
    }

    /** The answer to SIEVE_STATE: the serving side's records; SIEVE_COMPLETE: those the plan decided on. */
    @JsonProperty("tombstones")
    public SieveTombstones tombstones() {
        return tombstones;
    }
}

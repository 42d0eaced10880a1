package dev.jamesreplicator.sync;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer to a {@link SyncCall}; a BODY frame follows the answer to FETCH. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class SyncReply {
    private final SyncException.Code error;
    private final String detail;
    private final UserState state;
    private final MessageState message;
    private final String node;

    @JsonCreator
    public SyncReply(@JsonProperty("error") SyncException.Code error, @JsonProperty("detail") String detail,
                     @JsonProperty("state") UserState state, @JsonProperty("message") MessageState message,
                     @JsonProperty("node") String node) {
        this.node = node;
        this.error = error;
        this.detail = detail;
        this.state = state;
        this.message = message;
    }

    public static SyncReply ok() {
        return new SyncReply(null, null, null, null, null);
    }

    public static SyncReply of(UserState state) {
        return new SyncReply(null, null, state, null, null);
    }

    public static SyncReply of(MessageState message) {
        return new SyncReply(null, null, null, message, null);
    }

    /** The answer to OPEN: the serving node's name (the tie-break in conflicts). */
    public static SyncReply opened(String node) {
        return new SyncReply(null, null, null, null, node);
    }

    public static SyncReply failed(SyncException error) {
        return new SyncReply(error.code(), error.getMessage(), null, null, null);
    }

    @JsonProperty("error")
    public SyncException.Code error() {
        return error;
    }

    @JsonProperty("detail")
    public String detail() {
        return detail;
    }

    @JsonProperty("state")
    public UserState state() {
        return state;
    }

    @JsonProperty("message")
    public MessageState message() {
        return message;
    }

    @JsonProperty("node")
    public String node() {
        return node;
    }

    /** Turns a refusal back into the exception the serving side raised. */
    public SyncReply orThrow() {
        if (error != null) {
            throw new SyncException(error, "twin: " + detail);
        }
        return this;
    }
}

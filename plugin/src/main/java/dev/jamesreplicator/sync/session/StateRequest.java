package dev.jamesreplicator.sync.session;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

/**
 * What a STATE call asks of the twin: changes since the common state of version {@code since}
 * (null: everything whole), with a digest of every mailbox to check them against ({@code verify},
 * a full session), and the mailboxes to send whole whatever the base ({@code whole}, by
 * UIDVALIDITY: those the asking side could not rebuild).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class StateRequest {
    private final String since;
    private final boolean verify;
    private final List<Long> whole;

    @JsonCreator
    public StateRequest(@JsonProperty("since") String since, @JsonProperty("verify") boolean verify,
                        @JsonProperty("whole") List<Long> whole) {
        this.since = since;
        this.verify = verify;
        this.whole = whole == null ? ImmutableList.of() : ImmutableList.copyOf(whole);
    }

    /** Every mailbox whole. */
    public static StateRequest everything() {
        return new StateRequest(null, false, null);
    }

    @JsonProperty("since")
    public String since() {
        return since;
    }

    @JsonProperty("verify")
    public boolean verify() {
        return verify;
    }

    @JsonProperty("whole")
    public List<Long> whole() {
        return whole;
    }
}

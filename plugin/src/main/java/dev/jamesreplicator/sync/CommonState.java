package dev.jamesreplicator.sync;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableMap;

/**
 * What both servers agreed on at the end of the last sync of a user: per mailbox (by
 * UIDVALIDITY) the flags of each message by UID. The base of the three-way flag merge: a flag
 * that differs from the base on one side only was changed there.
 */
public final class CommonState {
    public static final CommonState NONE = new CommonState(null);

    private final Map<Long, Map<Long, List<String>>> flags;

    @JsonCreator
    public CommonState(@JsonProperty("flags") Map<Long, Map<Long, List<String>>> flags) {
        this.flags = flags == null ? ImmutableMap.of() : flags;
    }

    @JsonProperty("flags")
    public Map<Long, Map<Long, List<String>>> flags() {
        return flags;
    }

    public Optional<List<String>> flags(long uidValidity, long uid) {
        return Optional.ofNullable(flags.get(uidValidity)).map(byUid -> byUid.get(uid));
    }

    /** True when the message was on both servers at the last sync. */
    public boolean knew(long uidValidity, long uid) {
        return flags(uidValidity, uid).isPresent();
    }
}

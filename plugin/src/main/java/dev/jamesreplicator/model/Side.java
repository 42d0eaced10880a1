package dev.jamesreplicator.model;

import java.util.EnumMap;
import java.util.Map;

/** The two servers of a sync session, from the point of view of the one that runs it. */
public enum Side {
    LOCAL,
    REMOTE;

    public static java.util.stream.Stream<Side> stream() {
        return java.util.Arrays.stream(values());
    }

    /** A value for each side, in the order of the sides. */
    public static <V> Map<Side, V> both(V local, V remote) {
        Map<Side, V> both = new EnumMap<>(Side.class);
        both.put(LOCAL, local);
        both.put(REMOTE, remote);
        return both;
    }

    public Side other() {
        return this == LOCAL ? REMOTE : LOCAL;
    }
}

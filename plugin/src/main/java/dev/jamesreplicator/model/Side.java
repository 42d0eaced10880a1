package dev.jamesreplicator.model;

/** The two servers of a sync session, from the point of view of the one that runs it. */
public enum Side {
    LOCAL,
    REMOTE;

    public static java.util.stream.Stream<Side> stream() {
        return java.util.Arrays.stream(values());
    }

    public Side other() {
        return this == LOCAL ? REMOTE : LOCAL;
    }
}

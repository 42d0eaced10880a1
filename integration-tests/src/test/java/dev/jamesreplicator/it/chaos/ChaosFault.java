package dev.jamesreplicator.it.chaos;

import dev.jamesreplicator.it.pair.Node;

/**
 * A fault of the schedule, started {@code atMillis} after the chaos began (or as soon as the one
 * before it is over).
 *
 * @param node       the node a KILL hits; null for link faults, which hit both directions
 * @param holdMillis how long a cut or the resets last before the link is healed
 */
public record ChaosFault(int index, long atMillis, Kind kind, Node node, long holdMillis) {

    public enum Kind {
        /** Every replication connection, both ways, is reset at its next byte until healed. */
        LINK_CUT,
        /** Every replication connection is reset after a random number of bytes: mid-handshake, mid-state, mid-body. */
        RESETS,
        /** SIGKILL of a node, then start it again (the memory backend comes back empty). */
        KILL
    }

    @Override
    public String toString() {
        return "fault #" + index + " " + kind + (node == null ? "" : " " + node)
                + (kind == Kind.KILL ? "" : " for " + holdMillis + " ms") + " at +" + atMillis + " ms";
    }
}

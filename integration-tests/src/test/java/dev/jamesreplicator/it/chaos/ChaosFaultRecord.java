package dev.jamesreplicator.it.chaos;

/**
 * A fault as it ran (times in milliseconds since the chaos began). For a KILL, {@code startMillis}
 * is the SIGKILL and {@code endMillis} the moment the node answered IMAP again.
 *
 * @param ran false when it was left out (the run's deadline came, or a node's twin had not caught up)
 */
public record ChaosFaultRecord(ChaosFault fault, boolean ran, long startMillis, long endMillis, String detail) {

    public boolean killed() {
        return ran && fault.kind() == ChaosFault.Kind.KILL;
    }

    @Override
    public String toString() {
        return fault + ": " + (ran ? "ran +" + startMillis + " .. +" + endMillis + " ms" : "left out")
                + (detail == null ? "" : " [" + detail + "]");
    }
}

package dev.jamesreplicator.it.chaos;

import dev.jamesreplicator.it.pair.Node;

import java.util.List;
import java.util.Set;

/**
 * What one client step did, as the oracle judges it. Times are milliseconds since the chaos began.
 *
 * @param chaosId    the message the step appended or picked, null for mailbox operations
 * @param mailbox    the mailbox it appended to or picked from, or the one it created, renamed or deleted
 * @param target     COPY/MOVE target, RENAME's new name, STORE's flag change
 * @param viewMillis when the view the pick was made from was read (-1: none)
 * @param startMillis when the command was sent
 * @param endMillis  when the server answered (or the command failed)
 * @param shownOnlyThere for a DELETE, the messages its view showed in that mailbox and in no other
 *                   ({@link ChaosView#shownOnlyIn}); empty otherwise
 * @param seenAt     for a step on a message, every instance of it its view showed, as UIDVALIDITY/UID
 *                   (which renames do not change), the picked one first; a renumbering cut short
 *                   shows one message at two UIDs for a while. Empty otherwise
 */
public record ChaosEvent(int step, Node node, ChaosOperation operation, String chaosId, String mailbox, String target,
                         long uid, long viewMillis, long startMillis, long endMillis, Outcome outcome, String detail,
                         Set<String> shownOnlyThere, List<String> seenAt) {

    public ChaosEvent {
        shownOnlyThere = Set.copyOf(shownOnlyThere);
        seenAt = List.copyOf(seenAt);
    }

    /** A step that showed nothing the oracle needs (every step but a DELETE). */
    public ChaosEvent(int step, Node node, ChaosOperation operation, String chaosId, String mailbox, String target,
                      long uid, long viewMillis, long startMillis, long endMillis, Outcome outcome, String detail) {
        this(step, node, operation, chaosId, mailbox, target, uid, viewMillis, startMillis, endMillis, outcome, detail,
                Set.of(), List.of());
    }

    public enum Outcome {
        /** The server said OK, and for a message operation reported the effect (APPENDUID, COPYUID, EXPUNGE, FETCH). */
        OK,
        /** The server said OK but reported no effect: the UID was already gone. May or may not have done anything. */
        UNCONFIRMED,
        /** NO, BAD, a broken connection, a node down: not acknowledged, but it may still have taken effect. */
        FAILED,
        /** Never sent: nothing to pick, or the mailbox changed under the pick. */
        SKIPPED
    }

    /** Sent to the server, so it may have taken effect whatever the answer. */
    public boolean attempted() {
        return outcome != Outcome.SKIPPED;
    }

    public boolean acknowledged() {
        return outcome == Outcome.OK;
    }

    public long latencyMillis() {
        return endMillis - startMillis;
    }

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder().append(String.format("+%7d ms ", startMillis)).append(node).append(" #")
                .append(step).append(' ').append(operation);
        if (chaosId != null) line.append(' ').append(chaosId);
        if (mailbox != null) line.append(" in ").append(mailbox);
        if (uid > 0) line.append(" uid ").append(uid);
        if (target != null) line.append(" -> ").append(target);
        line.append(": ").append(outcome);
        if (outcome != Outcome.SKIPPED) line.append(" at +").append(endMillis).append(" ms (").append(latencyMillis()).append(" ms)");
        if (viewMillis >= 0) line.append(", picked from the view of +").append(viewMillis).append(" ms");
        if (detail != null && !detail.isEmpty()) line.append(" [").append(detail).append(']');
        if (seenAt.size() > 1) line.append(" [the view showed it at ").append(String.join(", ", seenAt)).append(']');
        if (!shownOnlyThere.isEmpty()) line.append(" [the view showed there only: ")
                .append(String.join(", ", new java.util.TreeSet<>(shownOnlyThere))).append(']');
        return line.toString();
    }
}

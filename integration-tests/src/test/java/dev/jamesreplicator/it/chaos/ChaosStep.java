package dev.jamesreplicator.it.chaos;

import dev.jamesreplicator.it.pair.Node;

/**
 * One client operation of the schedule. It names no message or mailbox: those are picked when
 * the step runs, from what the node's client sees then, with {@code new Random(pick)} over the
 * sorted candidates, so the same seed always makes the same choices from the same view.
 *
 * @param index       position in the whole schedule, the step's name in histories
 * @param pauseMillis how long the client waits before this step (part of the schedule)
 */
public record ChaosStep(int index, Node node, ChaosOperation operation, long pauseMillis, long pick) {

    @Override
    public String toString() {
        return "#" + index + " " + operation + " on " + node;
    }
}

package dev.jamesreplicator.it.chaos;

import dev.jamesreplicator.it.pair.Node;

import java.util.Set;

/**
 * What a client saw of one node while the chaos ran (every view a step picked from, and the
 * checks before a SIGKILL): the oracle's only evidence of what had reached a node, and when.
 *
 * @param startMillis the view was started: anything it lacks was gone by then or came later
 * @param endMillis   the view was complete: anything it holds was there before
 */
public record ChaosSighting(Node node, long startMillis, long endMillis, Set<String> chaosIds) {
}

package dev.jamesreplicator.it.chaos;

import dev.jamesreplicator.it.pair.Node;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** Which nodes are up: a client waits here while the fault thread kills and restarts its node. */
final class NodeGate {
    private final Set<Node> down = EnumSet.noneOf(Node.class);

    synchronized void markDown(Node node) {
        down.add(node);
    }

    synchronized void markUp(Node node) {
        down.remove(node);
        notifyAll();
    }

    /** Waits until {@code node} is up, at most {@code timeout}; false if it is still down. */
    synchronized boolean awaitUp(Node node, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (down.contains(node)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}

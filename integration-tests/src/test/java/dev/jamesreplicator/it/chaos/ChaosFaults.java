package dev.jamesreplicator.it.chaos;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.pair.CuttingProxy;
import dev.jamesreplicator.it.pair.Eventually;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Runs the schedule's faults at their times, one after the other, from a thread of its own. */
final class ChaosFaults implements Runnable {
    /** Resets after 50 B .. 20 KB: in the handshake, a state exchange or a message (chaos messages are small). */
    private static final CuttingProxy.Cuts RESETS = new CuttingProxy.Cuts(1.0, 50, 20_000);
    /** How long a SIGKILL waits for the twin to hold what the node holds; then it is left out. */
    private static final Duration CAUGHT_UP_LIMIT = Duration.ofSeconds(60);

    private final JamesPair pair;
    private final TestUser user;
    private final List<ChaosFault> faults;
    private final long deadlineMillis;
    private final NodeGate gate;
    private final ChaosHistory history;
    private final ChaosNodeLogs logs;

    ChaosFaults(JamesPair pair, TestUser user, List<ChaosFault> faults, long deadlineMillis, NodeGate gate,
                ChaosHistory history, ChaosNodeLogs logs) {
        this.pair = pair;
        this.user = user;
        this.faults = faults;
        this.deadlineMillis = deadlineMillis;
        this.gate = gate;
        this.history = history;
        this.logs = logs;
    }

    @Override
    public void run() {
        try {
            for (ChaosFault fault : faults) {
                long wait = fault.atMillis() - history.now();
                if (wait > 0) {
                    Thread.sleep(wait); // the schedule's time for the fault
                }
                if (history.now() >= deadlineMillis) {
                    history.ran(new ChaosFaultRecord(fault, false, -1, -1, "after the deadline"));
                    continue;
                }
                System.out.println("chaos: " + fault);
                switch (fault.kind()) {
                    case LINK_CUT -> cutLinks(fault, CuttingProxy.Cuts.EVERYTHING);
                    case RESETS -> cutLinks(fault, RESETS);
                    case KILL -> killAndRestart(fault);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            heal();
        }
    }

    private void cutLinks(ChaosFault fault, CuttingProxy.Cuts cuts) throws InterruptedException {
        long cutBefore = cutConnections();
        long start = history.now();
        pair.linkFromA().cut(cuts);
        pair.linkFromB().cut(cuts);
        try {
            Thread.sleep(fault.holdMillis()); // how long the schedule keeps the link broken
        } finally {
            heal();
            history.ran(new ChaosFaultRecord(fault, true, start, history.now(),
                    (cutConnections() - cutBefore) + " connections reset"));
        }
    }

    /**
     * SIGKILLs the node, then starts it again. First waits until its twin holds every message the
     * node holds: the memory backend loses everything a killed node held, so killing a node that
     * alone holds mail (its twin restarted and not refilled yet) would make losses nobody could check.
     */
    private void killAndRestart(ChaosFault fault) {
        Node node = fault.node();
        try {
            Eventually.until(node.twin() + " holds every message " + node + " holds", CAUGHT_UP_LIMIT, () -> {
                Set<String> missing = new HashSet<>(look(node));
                missing.removeAll(look(node.twin()));
                return missing.stream().sorted().map(id -> id + " only on " + node).toList();
            });
        } catch (AssertionError e) {
            history.ran(new ChaosFaultRecord(fault, false, -1, -1, e.getMessage()));
            return;
        }
        gate.markDown(node);
        long killed = history.now();
        try {
            pair.kill(node);
            logs.keepBeforeRestart(node);
            pair.start(node);
        } finally {
            gate.markUp(node);
        }
        history.ran(new ChaosFaultRecord(fault, true, killed, history.now(), null));
    }

    /** The chaos ids a node holds, recorded as a sighting like every client's view. */
    private Set<String> look(Node node) throws Exception {
        long start = history.now();
        try (ImapSession session = pair.imap(node, user)) {
            Set<String> ids = ChaosView.read(session.store()).chaosIds();
            history.saw(new ChaosSighting(node, start, history.now(), ids));
            return ids;
        }
    }

    private void heal() {
        pair.linkFromA().stopCutting();
        pair.linkFromB().stopCutting();
    }

    private long cutConnections() {
        return pair.linkFromA().cutConnections() + pair.linkFromB().cutConnections();
    }
}

package dev.jamesreplicator.it.chaos;

import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Runs one schedule against the pair: a client thread per node and a thread for the faults, until
 * the schedule's length has passed. Returns once every thread is done and the links are whole.
 */
final class ChaosRun {
    private final JamesPair pair;
    private final TestUser user;
    private final ChaosSchedule schedule;
    private final boolean withFaults;
    private final ChaosNodeLogs logs;

    ChaosRun(JamesPair pair, TestUser user, ChaosSchedule schedule, boolean withFaults, ChaosNodeLogs logs) {
        this.pair = pair;
        this.user = user;
        this.schedule = schedule;
        this.withFaults = withFaults;
        this.logs = logs;
    }

    /** @param protectedMailboxes the mailboxes steps never rename or delete */
    ChaosHistory run(Set<String> protectedMailboxes) throws InterruptedException {
        ChaosHistory history = new ChaosHistory();
        NodeGate gate = new NodeGate();
        long deadline = schedule.length().toMillis();
        String runTag = "c" + Long.toUnsignedString(schedule.seed(), 36) + "-" + user.address().replaceAll("@.*", "")
                .replaceAll(".*-", "");
        ChaosClient a = new ChaosClient(pair, user, Node.A, schedule.steps(Node.A), deadline, runTag, protectedMailboxes, gate, history);
        ChaosClient b = new ChaosClient(pair, user, Node.B, schedule.steps(Node.B), deadline, runTag, protectedMailboxes, gate, history);
        List<Thread> threads = new ArrayList<>(List.of(new Thread(a, "chaos-client-a"), new Thread(b, "chaos-client-b")));
        if (withFaults) {
            threads.add(new Thread(new ChaosFaults(pair, user, schedule.faults(), deadline, gate, history, logs), "chaos-faults"));
        }
        List<Throwable> broken = Collections.synchronizedList(new ArrayList<>());
        threads.forEach(thread -> thread.setUncaughtExceptionHandler((t, e) -> broken.add(e)));
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        pair.linkFromA().stopCutting();
        pair.linkFromB().stopCutting();
        if (!broken.isEmpty()) {
            // A node that does not come back, or a client stuck on it: nothing left to judge.
            AssertionError error = new AssertionError("chaos seed " + schedule.seed() + ": the run broke off: " + broken.get(0));
            broken.forEach(error::addSuppressed);
            throw error;
        }
        System.out.printf("chaos seed %d: %d steps run on a, %d on b in %d ms%n", schedule.seed(), a.stepsRun(),
                b.stepsRun(), history.now());
        return history;
    }
}

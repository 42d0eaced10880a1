package dev.jamesreplicator.it.chaos;

import dev.jamesreplicator.it.pair.Node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Everything a chaos run does, drawn from one seed: each node's client steps in order, and the
 * faults at their times. The same seed gives the same schedule; how the servers interleave it
 * differs from run to run, and a run ends at its deadline, whatever steps are left.
 */
public record ChaosSchedule(long seed, Duration length, List<ChaosStep> stepsOfA, List<ChaosStep> stepsOfB,
                            List<ChaosFault> faults) {

    /** Pauses between a client's steps: short, so the nodes' writes overlap. */
    private static final int MAX_PAUSE_MILLIS = 300;
    /** Far more steps than a client gets through before the deadline; the rest are not run. */
    private static final int STEPS_PER_SECOND = 4;

    public static ChaosSchedule generate(long seed, Duration length) {
        return generate(seed, length, true);
    }

    /**
     * @param kills {@code false}: no SIGKILL; each is a session reset instead, drawn from the
     *              same numbers, so the rest of the schedule is the seed's own
     */
    public static ChaosSchedule generate(long seed, Duration length, boolean kills) {
        Random random = new Random(seed);
        int stepsPerNode = (int) Math.max(20, length.toSeconds() * STEPS_PER_SECOND);
        List<ChaosStep> a = new ArrayList<>();
        List<ChaosStep> b = new ArrayList<>();
        for (int i = 0; i < 2 * stepsPerNode; i++) {
            Node node = random.nextBoolean() ? Node.A : Node.B;
            ChaosStep step = new ChaosStep(i, node, operation(random), random.nextInt(MAX_PAUSE_MILLIS), random.nextLong());
            (node == Node.A ? a : b).add(step);
        }
        return new ChaosSchedule(seed, length, List.copyOf(a), List.copyOf(b), faults(random, length, kills));
    }

    /** Mostly mail, sometimes mailboxes: a run needs messages to move, copy and expunge. */
    private static ChaosOperation operation(Random random) {
        int roll = random.nextInt(100);
        if (roll < 30) return ChaosOperation.APPEND;
        if (roll < 45) return ChaosOperation.STORE;
        if (roll < 57) return ChaosOperation.COPY;
        if (roll < 74) return ChaosOperation.MOVE;
        if (roll < 86) return ChaosOperation.EXPUNGE;
        if (roll < 92) return ChaosOperation.CREATE;
        if (roll < 97) return ChaosOperation.RENAME;
        return ChaosOperation.DELETE;
    }

    /**
     * A fault every 10-25 s, the first after 8-15 s; one in five is a SIGKILL (a restart takes
     * 30-60 s on a loaded machine, and only one node writes meanwhile). Cuts last 3-15 s: long
     * enough for both nodes to change the same messages apart.
     */
    private static List<ChaosFault> faults(Random random, Duration length, boolean kills) {
        List<ChaosFault> faults = new ArrayList<>();
        long at = 8_000 + random.nextInt(7_000);
        while (at < length.toMillis() - 5_000) {
            int roll = random.nextInt(100);
            ChaosFault.Kind kind = roll < 45 ? ChaosFault.Kind.LINK_CUT : roll < 80 ? ChaosFault.Kind.RESETS : ChaosFault.Kind.KILL;
            Node node = kind == ChaosFault.Kind.KILL ? (random.nextBoolean() ? Node.A : Node.B) : null;
            if (!kills && kind == ChaosFault.Kind.KILL) {
                kind = ChaosFault.Kind.RESETS;
                node = null;
            }
            faults.add(new ChaosFault(faults.size(), at, kind, node, 3_000 + random.nextInt(12_000)));
            at += 10_000 + random.nextInt(15_000);
        }
        return List.copyOf(faults);
    }

    public List<ChaosStep> steps(Node node) {
        return node == Node.A ? stepsOfA : stepsOfB;
    }

    public String describe() {
        return "seed " + seed + ", " + length.toSeconds() + " s, " + stepsOfA.size() + " steps planned on a, "
                + stepsOfB.size() + " on b, faults: " + faults;
    }
}

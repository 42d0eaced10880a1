package dev.jamesreplicator.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.jamesreplicator.content.Sha256;
import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;
import dev.jamesreplicator.model.Side;

/**
 * Generated histories of one user's Sieve scripts on two servers: users put, rename and delete
 * scripts and change the active one on both sides (with James's rules: no deleting the active
 * script, no renaming onto a script), a side sometimes loses every script (a store rebuilt
 * empty, its journal kept), sessions are sometimes cut after a random number of operations and
 * retried. Each plan must be the one the twin would make, carry out under James's rules, and
 * after each round's sessions both sides must hold the same scripts and active script, every
 * content a user put and kept must be there, every deletion of a script the twin left alone
 * must be carried out, and one more session must find nothing to do. {@code -Dsieve.histories=N}
 * runs more, {@code -Dsieve.seed=S} one.
 */
class SievePlannerPropertyTest {
    private static final List<String> NAMES = List.of("main", "spam", "vacation", "work");
    private final SievePlanner planner = new SievePlanner();

    static LongStream seeds() {
        if (System.getProperty("sieve.seed") != null) {
            return LongStream.of(Long.getLong("sieve.seed"));
        }
        return LongStream.range(0, Long.getLong("sieve.histories", 500));
    }

    /** One server: its scripts (name to content), active script, journal and common state. */
    private static final class Node {
        final String name;
        final TreeMap<String, String> scripts = new TreeMap<>();
        String active;
        final List<SieveTombstones.Deleted> deleted = new ArrayList<>();
        String deactivated;
        SieveState common = SieveState.NONE;

        Node(String name) {
            this.name = name;
        }

        SieveState state() {
            Map<String, String> hashes = new TreeMap<>();
            scripts.forEach((script, content) -> hashes.put(script, sha(content)));
            return new SieveState(hashes, active);
        }

        SieveTombstones tombstones() {
            return new SieveTombstones(deleted, deactivated);
        }
    }

    private int ids;
    private final List<String> history = new ArrayList<>();

    private static String sha(String content) {
        return Sha256.of(content.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void anyHistoryConvergesAndLosesNothingAUserKept(long seed) {
        Random random = new Random(seed);
        Node a = new Node("a");
        Node b = new Node("b");
        int rounds = 1 + random.nextInt(4);
        for (int round = 0; round < rounds; round++) {
            for (Node node : List.of(a, b)) {
                int actions = random.nextInt(5);
                for (int i = 0; i < actions; i++) {
                    act(node, random, seed);
                }
            }
            if (random.nextInt(4) == 0 && round < rounds - 1) {
                history.add("no session");
                continue;
            }
            Set<String> kept = keptContents(a);
            kept.addAll(keptContents(b));
            Set<String> notDeleted = notDeleted(a, b);
            notDeleted.addAll(notDeleted(b, a));
            Set<String> deletions = deletionsToCarryOut(a, b);
            deletions.addAll(deletionsToCarryOut(b, a));
            if (random.nextInt(5) == 0) {
                session(a, b, random, seed, true);
            }
            session(a, b, random, seed, false);

            String context = "seed " + seed + " after " + history;
            assertThat(b.scripts).as("converged, " + context).isEqualTo(a.scripts);
            assertThat(b.active).as("same active script, " + context).isEqualTo(a.active);
            assertThat(a.scripts.values()).as("nothing a user kept lost, " + context).containsAll(kept);
            assertThat(a.scripts.keySet()).as("absence is not deletion, " + context).containsAll(notDeleted);
            assertThat(a.scripts.keySet().stream().filter(deletions::contains).collect(Collectors.toList()))
                .as("deletions carried out, " + context).isEmpty();
            assertThat(plan(a, b, random).isEmpty()).as("nothing left to do, " + context).isTrue();
            assertThat(a.tombstones().isEmpty() && b.tombstones().isEmpty()).as("journals emptied, " + context).isTrue();
        }
    }

    private void act(Node node, Random random, long seed) {
        String name = NAMES.get(random.nextInt(NAMES.size()));
        switch (random.nextInt(10)) {
            case 0:
            case 1:
            case 2: {
                String content = "require \"fileinto\"; # " + node.name + " " + (++ids);
                node.scripts.put(name, content);
                node.deleted.removeIf(record -> record.name().equals(name));
                history.add(node.name + " put " + name + " " + ids);
                break;
            }
            case 3:
            case 4:
                if (node.scripts.containsKey(name) && !name.equals(node.active)) {
                    node.scripts.remove(name);
                    node.deleted.add(new SieveTombstones.Deleted(name, "d" + (++ids)));
                    history.add(node.name + " delete " + name);
                }
                break;
            case 5: {
                String to = NAMES.get(random.nextInt(NAMES.size()));
                if (node.scripts.containsKey(name) && !node.scripts.containsKey(to)) {
                    node.scripts.put(to, node.scripts.remove(name));
                    if (name.equals(node.active)) {
                        node.active = to;
                    }
                    node.deleted.add(new SieveTombstones.Deleted(name, "d" + (++ids)));
                    node.deleted.removeIf(record -> record.name().equals(to));
                    history.add(node.name + " rename " + name + " " + to);
                }
                break;
            }
            case 6:
            case 7:
                if (node.scripts.containsKey(name)) {
                    node.active = name;
                    node.deactivated = null;
                    history.add(node.name + " activate " + name);
                }
                break;
            case 8:
                node.active = null;
                node.deactivated = "x" + (++ids);
                history.add(node.name + " deactivate");
                break;
            default:
                if (random.nextBoolean()) {
                    node.scripts.clear();
                    node.active = null;
                    history.add(node.name + " loses its scripts");
                }
        }
    }

    /** What the node's user put and still has: content differing from the common state's. */
    private static Set<String> keptContents(Node node) {
        Set<String> kept = new HashSet<>();
        node.scripts.forEach((name, content) -> {
            if (!node.common.sha256(name).equals(Optional.of(sha(content)))) {
                kept.add(content);
            }
        });
        return kept;
    }

    /** Scripts the node holds as the last session left them, that the twin's user did not delete. */
    private static Set<String> notDeleted(Node node, Node twin) {
        return node.scripts.keySet().stream()
            .filter(name -> node.common.sha256(name).equals(Optional.of(sha(node.scripts.get(name)))))
            .filter(name -> !twin.tombstones().deletes(name))
            .collect(Collectors.toSet());
    }

    /** Scripts the node's user deleted that the twin holds unchanged and that no one made active. */
    private Set<String> deletionsToCarryOut(Node node, Node twin) {
        Set<String> deletions = new HashSet<>();
        for (SieveTombstones.Deleted record : node.deleted) {
            String name = record.name();
            Optional<String> there = Optional.ofNullable(twin.scripts.get(name)).map(SievePlannerPropertyTest::sha);
            boolean activeSomewhere = name.equals(node.active) || name.equals(twin.active);
            if (!node.scripts.containsKey(name) && there.equals(node.common.sha256(name)) && !activeSomewhere) {
                deletions.add(name);
            }
        }
        return deletions;
    }

    private SievePlan plan(Node local, Node remote, Random random) {
        boolean localWinsTies = local.name.compareTo(remote.name) > 0;
        SievePlan plan = planner.plan(local.state(), local.tombstones(), remote.state(), remote.tombstones(),
            local.common, localWinsTies);
        SievePlan mirrored = planner.plan(remote.state(), remote.tombstones(), local.state(), local.tombstones(),
            remote.common, !localWinsTies);
        assertThat(mirrored.agreed()).as("the twin's plan agrees").isEqualTo(plan.agreed());
        assertThat(mirrored.operations().stream().map(Object::toString).collect(Collectors.toList()))
            .as("the twin's plan, sides swapped")
            .isEqualTo(plan.operations().stream()
                .map(op -> op.toString().replace("LOCAL", "\0").replace("REMOTE", "LOCAL").replace("\0", "REMOTE"))
                .collect(Collectors.toList()));
        return plan;
    }

    private void session(Node a, Node b, Random random, long seed, boolean cut) {
        boolean aRuns = random.nextBoolean();
        Node local = aRuns ? a : b;
        Node remote = aRuns ? b : a;
        SievePlan plan = plan(local, remote, random);
        int steps = cut ? random.nextInt(plan.operations().size() + 1) : plan.operations().size();
        history.add((cut ? "cut session by " : "session by ") + local.name + " " + plan);
        Map<Side, Node> nodes = Map.of(Side.LOCAL, local, Side.REMOTE, remote);
        for (SieveOperation operation : plan.operations().subList(0, steps)) {
            apply(operation, nodes, "seed " + seed + " after " + history);
        }
        if (!cut) {
            for (Side side : Side.values()) {
                Node node = nodes.get(side);
                node.common = plan.agreed();
                node.deleted.removeAll(plan.honoured(side).deleted());
                if (node.deactivated != null && node.deactivated.equals(plan.honoured(side).deactivatedId())) {
                    node.deactivated = null;
                }
            }
        }
    }

    /** As the store would, under James's rules: a refused step fails the history. */
    private void apply(SieveOperation operation, Map<Side, Node> nodes, String context) {
        Node target = nodes.get(operation.target());
        operation.accept(new SieveOperation.Visitor<Void>() {
            @Override
            public Void visit(SieveOperation.PutScript put) {
                String content = nodes.get(put.source()).scripts.get(put.sourceName());
                if (content == null || !sha(content).equals(put.sha256())) {
                    fail("put from a script that is not there: " + put + ", " + context);
                }
                if (!Optional.ofNullable(target.scripts.get(put.name())).map(SievePlannerPropertyTest::sha).equals(put.replacing())) {
                    fail("put replaces what the plan did not see: " + put + ", " + context);
                }
                target.scripts.put(put.name(), content);
                return null;
            }

            @Override
            public Void visit(SieveOperation.Activate activate) {
                if (activate.name().isPresent() && !target.scripts.containsKey(activate.name().get())) {
                    fail("activates a script that is not there: " + activate + ", " + context);
                }
                if (!Optional.ofNullable(target.active).equals(activate.replacing())) {
                    fail("activation replaces what the plan did not see: " + activate + ", " + context);
                }
                target.active = activate.name().orElse(null);
                return null;
            }

            @Override
            public Void visit(SieveOperation.DeleteScript delete) {
                if (!target.scripts.containsKey(delete.name()) || delete.name().equals(target.active)) {
                    fail("James refuses: " + delete + ", " + context);
                }
                if (!sha(target.scripts.get(delete.name())).equals(delete.sha256())) {
                    fail("deletes what the plan did not see: " + delete + ", " + context);
                }
                target.scripts.remove(delete.name());
                return null;
            }
        });
    }
}

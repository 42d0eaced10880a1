package dev.jamesreplicator.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.model.ServerTombstones;
import dev.jamesreplicator.model.Side;

/**
 * Generated histories of the server-wide data on two servers: administrators set items of three
 * kinds (each time a value never used before) and remove them, between sessions run from either
 * node, a quarter of them cut after a random number of writes and retried. After each session
 * that runs to its end, each item holds what the administrators' last words since the last
 * complete session say (docs/server-data.md): one side's, or of two values the tie-break node's
 * (b sorts last), a value over a removal; untouched items keep the common value; a session's write
 * spends the word it overrules. Both servers then hold the same, and one more session plans
 * nothing. {@code -Dserverdata.histories=N} runs more, {@code -Dserverdata.seed=S} one.
 */
class ServerDataPlannerPropertyTest {
    private static final List<String> KINDS = List.of("domain", "user", "quota");
    private static final List<String> KEYS = List.of("k1", "k2", "k3");
    private final ServerDataPlanner planner = new ServerDataPlanner(KINDS);

    static LongStream seeds() {
        if (System.getProperty("serverdata.seed") != null) {
            return LongStream.of(Long.getLong("serverdata.seed"));
        }
        return LongStream.range(0, Long.getLong("serverdata.histories", 500));
    }

    /** One server: its items, its records and its common state. */
    private static final class Node {
        final Map<String, TreeMap<String, String>> items = new HashMap<>();
        final List<ServerTombstones.Item> removed = new ArrayList<>();
        final List<ServerTombstones.Item> written = new ArrayList<>();
        ServerItems common = ServerItems.NONE;
        /** Each item's last word from this node's administrator since the last complete session: a value, or empty. */
        final Map<String, Optional<String>> words = new HashMap<>();
        final boolean isB;

        Node(boolean isB) {
            this.isB = isB;
            KINDS.forEach(kind -> items.put(kind, new TreeMap<>()));
        }

        ServerItems state() {
            return new ServerItems(items);
        }

        void adminSets(String kind, String key, Optional<String> value, long id) {
            if (value.isPresent()) {
                items.get(kind).put(key, value.get());
            } else {
                items.get(kind).remove(key);
            }
            // As ServerDataJournal.record.
            removed.removeIf(record -> record.is(kind, key));
            if (value.isEmpty()) {
                removed.add(new ServerTombstones.Item(kind, key, null, "id" + id));
            }
            words.put(kind + key, value);
        }

        void write(ServerDataWrite write) {
            TreeMap<String, String> held = items.get(write.kind());
            assertThat(Optional.ofNullable(held.get(write.key()))).as("what the plan saw").isEqualTo(write.replacing());
            if (write.value().isPresent()) {
                held.put(write.key(), write.value().get());
            } else {
                held.remove(write.key());
            }
            words.remove(write.kind() + write.key());
            written.add(new ServerTombstones.Item(write.kind(), write.key(), write.value().orElse(null), "w" + written.size()));
        }

        ServerTombstones records() {
            return new ServerTombstones(removed, written);
        }
    }

    @ParameterizedTest(name = "history {0}")
    @MethodSource("seeds")
    void everySessionEndsWithTheAdministratorsLastWordsOnBothServers(long seed) {
        Random random = new Random(seed);
        Node a = new Node(false);
        Node b = new Node(true);
        long ids = 0;
        for (int round = 0; round < 12; round++) {
            for (int change = random.nextInt(5); change > 0; change--) {
                Node node = random.nextBoolean() ? a : b;
                ids++;
                node.adminSets(KINDS.get(random.nextInt(KINDS.size())), KEYS.get(random.nextInt(KEYS.size())),
                    random.nextInt(3) == 0 ? Optional.empty() : Optional.of("v" + ids), ids);
            }
            Map<String, Optional<String>> expected = expected(a, b);
            boolean cut = random.nextInt(4) == 0;
            session(a, b, random, cut);
            if (!cut) {
                String history = "seed " + seed + " round " + round;
                for (String kind : KINDS) {
                    for (String key : KEYS) {
                        assertThat(Optional.ofNullable(a.items.get(kind).get(key))).as(history + ": " + kind + " " + key)
                            .isEqualTo(expected.get(kind + key));
                    }
                }
                assertThat(b.state()).as(history).isEqualTo(a.state());
                assertThat(a.common).as(history + ": the common state is what both hold").isEqualTo(a.state());
                a.words.clear();
                b.words.clear();
                ServerDataPlan again = random.nextBoolean() ? plan(a, b) : plan(b, a);
                assertThat(again.writes()).as(history + ": one more session").isEmpty();
            }
        }
    }

    private static Map<String, Optional<String>> expected(Node a, Node b) {
        Map<String, Optional<String>> expected = new HashMap<>();
        for (String kind : KINDS) {
            for (String key : KEYS) {
                expected.put(kind + key, LastWords.after(a.words.get(kind + key), b.words.get(kind + key), a.common.value(kind, key)));
            }
        }
        return expected;
    }

    private void session(Node a, Node b, Random random, boolean cut) {
        boolean fromA = random.nextBoolean();
        Node local = fromA ? a : b;
        Node remote = fromA ? b : a;
        ServerDataPlan plan = plan(local, remote);
        int steps = cut ? random.nextInt(plan.writes().size() + 1) : plan.writes().size();
        for (ServerDataWrite write : plan.writes().subList(0, steps)) {
            (write.target() == Side.LOCAL ? local : remote).write(write);
        }
        if (!cut) {
            complete(remote, plan.agreed(), plan.honoured(Side.REMOTE));
            complete(local, plan.agreed(), plan.honoured(Side.LOCAL));
        }
    }

    private ServerDataPlan plan(Node local, Node remote) {
        return planner.plan(local.state(), local.records(), remote.state(), remote.records(), local.common, local.isB);
    }

    private static void complete(Node node, ServerItems agreed, ServerTombstones honoured) {
        node.common = agreed;
        node.removed.removeAll(honoured.removed());
        node.written.clear();
    }
}

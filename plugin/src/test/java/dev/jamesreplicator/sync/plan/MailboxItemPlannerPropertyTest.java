package dev.jamesreplicator.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.model.MailboxItemTombstones;
import dev.jamesreplicator.model.Side;
import dev.jamesreplicator.sync.MailboxItems;

/**
 * Generated histories of one user's annotations, and of the entries of their mailbox ACLs (the
 * same merge, docs/acl.md), on two servers: users set keys (each time a value
 * never used before: setting the value a key holds is no change) and remove them, between
 * sessions run from either node, some cut after a random number of writes and retried. After each
 * session that runs to its end, each key holds what the users' last words since the last complete
 * session say (docs/metadata.md): one side's word, or both sides': the tie-break node's value of
 * two values, a value over a removal; untouched keys keep the common value (a session's write,
 * cut or not, spends the word of the side it overrules). Both servers then hold the same, and one
 * more session finds nothing to do. Without the written records (a cut session's writes taken
 * for its target's own changes), 67 histories of 500 end without a user's later change. {@code -Dannotation.histories=N} runs
 * more, {@code -Dannotation.seed=S} one.
 */
class MailboxItemPlannerPropertyTest {
    private static final List<Long> MAILBOXES = List.of(11L, 22L);
    private static final Map<MailboxItems, List<String>> KEYS = Map.of(
        MailboxItems.ANNOTATIONS, List.of("/private/comment", "/shared/comment", "/private/vendor/x/y"),
        // ACL entries (docs/acl.md): a user, the same user's negative rights, a group, a special name.
        MailboxItems.ACL, List.of("bob@example.test", "-bob@example.test", "$team", "anyone"));
    private static final String RIGHTS = "lrswipkxtea";
    private final MailboxItemPlanner planner = new MailboxItemPlanner();

    /** Each kind's histories: the same merge, with each kind's keys and values. */
    static Stream<Arguments> seeds() {
        LongStream seeds = System.getProperty("annotation.seed") != null
            ? LongStream.of(Long.getLong("annotation.seed"))
            : LongStream.range(0, Long.getLong("annotation.histories", 500));
        return seeds.boxed().flatMap(seed -> Arrays.stream(MailboxItems.values()).map(kind -> Arguments.of(kind, seed)));
    }

    /** A value never used before: for an ACL entry, rights no earlier change gave (the id's bits over RFC 4314's letters). */
    private static String newValue(MailboxItems kind, long id) {
        if (kind == MailboxItems.ANNOTATIONS) {
            return "v" + id;
        }
        StringBuilder rights = new StringBuilder();
        for (int bit = 0; bit < RIGHTS.length(); bit++) {
            if ((id & (1L << bit)) != 0) {
                rights.append(RIGHTS.charAt(bit));
            }
        }
        return rights.toString();
    }

    /** One server: its annotations by mailbox, its tombstones and its common state. */
    private static final class Node {
        final Map<Long, TreeMap<String, String>> values = new HashMap<>();
        final List<MailboxItemTombstones.Removed> removed = new ArrayList<>();
        final List<MailboxItemTombstones.Written> written = new ArrayList<>();
        MailboxItemState common = MailboxItemState.NONE;
        /** Each key's last word from this node's user since the last complete session: a value, or empty (removed). */
        final Map<String, Optional<String>> words = new HashMap<>();
        /** b's node name sorts last: it wins ties. */
        final boolean isB;

        Node(boolean isB) {
            this.isB = isB;
            MAILBOXES.forEach(mailbox -> values.put(mailbox, new TreeMap<>()));
        }

        MailboxItemState state() {
            Map<Long, MailboxItemState.Mailbox> mailboxes = new TreeMap<>();
            values.forEach((mailbox, annotations) -> mailboxes.put(mailbox, new MailboxItemState.Mailbox("m" + mailbox, annotations)));
            return new MailboxItemState(mailboxes);
        }

        void userSets(long mailbox, String key, Optional<String> value, long id) {
            if (value.isPresent()) {
                values.get(mailbox).put(key, value.get());
            } else {
                values.get(mailbox).remove(key);
            }
            removed.removeIf(record -> record.uidValidity() == mailbox && record.key().equals(key));
            if (value.isEmpty()) {
                removed.add(new MailboxItemTombstones.Removed(mailbox, key, "id" + id));
            }
            words.put(mailbox + key, value);
        }

        void write(MailboxItemWrite write) {
            TreeMap<String, String> annotations = values.get(write.uidValidity());
            assertThat(Optional.ofNullable(annotations.get(write.key()))).as("what the plan saw").isEqualTo(write.replacing());
            if (write.value().isPresent()) {
                annotations.put(write.key(), write.value().get());
            } else {
                annotations.remove(write.key());
            }
            // The session decided for the twin's word over this user's (it was unchanged, lost a tie, or a removal
            // lost to a change): this user's word is spent, even if the session is cut after this write.
            words.remove(write.uidValidity() + write.key());
            written.add(new MailboxItemTombstones.Written(write.uidValidity(), write.key(), write.value().orElse(null),
                "w" + written.size() + write));
        }

        MailboxItemTombstones records() {
            return new MailboxItemTombstones(removed, written);
        }
    }

    @ParameterizedTest(name = "{0} history {1}")
    @MethodSource("seeds")
    void everySessionEndsWithTheUsersLastWordsOnBothServers(MailboxItems kind, long seed) {
        List<String> keys = KEYS.get(kind);
        Random random = new Random(seed);
        Node a = new Node(false);
        Node b = new Node(true);
        long ids = 0;
        for (int round = 0; round < 12; round++) {
            for (int change = random.nextInt(5); change > 0; change--) {
                Node node = random.nextBoolean() ? a : b;
                long mailbox = MAILBOXES.get(random.nextInt(MAILBOXES.size()));
                String key = keys.get(random.nextInt(keys.size()));
                ids++;
                node.userSets(mailbox, key, random.nextInt(3) == 0 ? Optional.empty() : Optional.of(newValue(kind, ids)), ids);
            }
            Map<String, Optional<String>> expected = expected(a, b, keys);
            boolean cut = random.nextInt(4) == 0;
            session(a, b, random, cut);
            if (!cut) {
                String history = kind + " seed " + seed + " round " + round;
                for (long mailbox : MAILBOXES) {
                    for (String key : keys) {
                        Optional<String> held = Optional.ofNullable(a.values.get(mailbox).get(key));
                        assertThat(held).as(history + ": " + mailbox + key).isEqualTo(expected.get(mailbox + key));
                    }
                }
                assertThat(b.state()).as(history).isEqualTo(a.state());
                a.words.clear();
                b.words.clear();
                boolean fromA = random.nextBoolean();
                MailboxItemPlan again = fromA ? plan(a, b) : plan(b, a);
                assertThat(again.writes()).as(history + ": one more session").isEmpty();
            }
        }
    }

    /** What each key must hold after the next complete session, from the users' last words. */
    private static Map<String, Optional<String>> expected(Node a, Node b, List<String> keys) {
        Map<String, Optional<String>> expected = new HashMap<>();
        for (long mailbox : MAILBOXES) {
            for (String key : keys) {
                String id = mailbox + key;
                expected.put(id, LastWords.after(a.words.get(id), b.words.get(id), a.common.value(mailbox, key)));
            }
        }
        return expected;
    }

    /** A session from a random node; cut, it runs a prefix of its writes and completes nothing. */
    private void session(Node a, Node b, Random random, boolean cut) {
        boolean fromA = random.nextBoolean();
        Node local = fromA ? a : b;
        Node remote = fromA ? b : a;
        MailboxItemPlan plan = plan(local, remote);
        int steps = cut ? random.nextInt(plan.writes().size() + 1) : plan.writes().size();
        for (MailboxItemWrite write : plan.writes().subList(0, steps)) {
            (write.target() == Side.LOCAL ? local : remote).write(write);
        }
        if (!cut) {
            complete(remote, plan.agreed(), plan.honoured(Side.REMOTE));
            complete(local, plan.agreed(), plan.honoured(Side.LOCAL));
        }
    }

    private MailboxItemPlan plan(Node local, Node remote) {
        return planner.plan(local.state(), local.records(), remote.state(), remote.records(), local.common, local.isB);
    }

    private static void complete(Node node, MailboxItemState agreed, MailboxItemTombstones honoured) {
        node.common = agreed;
        node.removed.removeAll(honoured.removed());
        // As MailboxItemJournal.completeSync: the agreed state covers every written value.
        node.written.clear();
    }
}

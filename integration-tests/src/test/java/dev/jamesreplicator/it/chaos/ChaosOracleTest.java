package dev.jamesreplicator.it.chaos;

import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.tools.verify.MailStore;
import dev.jamesreplicator.tools.verify.MailboxState;
import dev.jamesreplicator.tools.verify.MessageState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.jamesreplicator.it.chaos.ChaosEvent.Outcome.FAILED;
import static dev.jamesreplicator.it.chaos.ChaosEvent.Outcome.OK;
import static dev.jamesreplicator.it.chaos.ChaosOperation.APPEND;
import static dev.jamesreplicator.it.chaos.ChaosOperation.COPY;
import static dev.jamesreplicator.it.chaos.ChaosOperation.DELETE;
import static dev.jamesreplicator.it.chaos.ChaosOperation.EXPUNGE;
import static dev.jamesreplicator.it.chaos.ChaosOperation.MOVE;
import static dev.jamesreplicator.it.chaos.ChaosOperation.RENAME;
import static dev.jamesreplicator.it.chaos.ChaosOperation.STORE;
import static org.assertj.core.api.Assertions.assertThat;

/** The oracle's rules on made-up histories: each fires when it must, and an excuse is counted, not silent. */
class ChaosOracleTest {
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(5);
    private final ChaosHistory history = new ChaosHistory();
    private final Store store = new Store();

    @Test
    void anAcknowledgedAppendInNoMailboxIsLost() {
        op(Node.A, APPEND, "m1", "INBOX", null, 100, 200, OK);
        assertThat(rules()).containsExactly("lost m1");
    }

    @Test
    void aFailedAppendMayBeMissing() {
        op(Node.A, APPEND, "m1", "INBOX", null, 100, 200, FAILED);
        assertThat(rules()).isEmpty();
    }

    @Test
    void anExpungeSentExplainsAMissingMessageEvenWithoutItsAnswer() {
        op(Node.A, APPEND, "m1", "INBOX", null, 100, 200, OK);
        op(Node.B, EXPUNGE, "m1", "INBOX", null, 300, 400, FAILED);
        assertThat(judge().findings()).isEmpty();
        assertThat(judge().removedByClients()).isEqualTo(1);
    }

    @Test
    void anExpungeWhoseAnswerReportedNoExpungeExcusesAMissingMessageWithoutCountingAsARemoval() {
        op(Node.A, APPEND, "m1", "INBOX", null, 100, 200, OK);
        op(Node.B, EXPUNGE, "m1", "INBOX", null, 300, 400, ChaosEvent.Outcome.UNCONFIRMED);
        assertThat(judge().findings()).isEmpty();
        assertThat(judge().removedByClients()).isZero();
        assertThat(judge().excuses()).extracting(ChaosOracle.Excuse::reason)
            .containsExactly("EXPUNGE sent, not confirmed by the server's answer");
    }

    @Test
    void aDeleteExplainsWhatItsMailboxOrARenamedOneMayHaveHeldButNotMailPutThereAfterwards() {
        op(Node.A, APPEND, "m1", "Work", null, 100, 200, OK);
        op(Node.B, RENAME, null, "Work", "Later", 300, 400, OK);
        op(Node.A, DELETE, null, "Later", null, 500, 600, OK);
        op(Node.A, APPEND, "m2", "INBOX", null, 700, 800, OK);
        op(Node.B, MOVE, "m2", "INBOX", "Later", 900, 1000, OK);
        assertThat(rules()).containsExactly("lost m2");
    }

    @Test
    void aDeleteOfTheMailboxItsViewShowedTheMessageInExplainsItUnderANameNoClientsRenameLedTo() {
        // The build's ChaosIT, seed 20261205: a session renamed a's Work.Sub (a's user's Later) back
        // to Later, taking its child Work.Sub.Sub.Sub along as Later.Sub.Sub; a's client renamed
        // that to Work.Sub, and deleted Work.Sub with the message in it.
        op(Node.A, APPEND, "a666", "Work.Sub.Sub.Sub", null, 100, 200, OK);
        op(Node.A, RENAME, null, "Later.Sub.Sub", "Work.Sub", 300, 400, OK);
        ChaosView view = view(Map.of("Work.Sub", List.of("a666"), "INBOX", List.of("m2")));
        delete(Node.A, "Work.Sub", 500, 600, view.shownOnlyIn("Work.Sub"));
        ChaosOracle.Verdict verdict = judge();
        assertThat(verdict.findings()).isEmpty();
        assertThat(verdict.removedByClients()).isEqualTo(1);
    }

    @Test
    void aDeleteExplainsNoMessageItsViewShowedElsewhereTooOrThatMayHaveLeftOrOutlivedIt() {
        op(Node.A, APPEND, "m1", "Work.Sub.Sub.Sub", null, 100, 200, OK);
        delete(Node.A, "Work.Sub", 500, 600,
                view(Map.of("Work.Sub", List.of("m1"), "INBOX", List.of("m1"))).shownOnlyIn("Work.Sub"));
        op(Node.A, APPEND, "m2", "Work.Sub.Sub.Sub", null, 100, 200, OK);
        op(Node.B, MOVE, "m2", "INBOX", "Work", 450, 550, OK); // b's view had it elsewhere; replicated any time
        op(Node.A, APPEND, "m3", "Work.Sub.Sub.Sub", null, 100, 200, OK);
        history.saw(new ChaosSighting(Node.A, 700, 800, Set.of("m3"))); // a's client saw it after the DELETE
        delete(Node.A, "Projects", 500, 600, Set.of("m2", "m3"));
        assertThat(rules()).containsExactly("lost m1", "lost m2", "lost m3");
    }

    @Test
    void twoInstancesAClientSawAtOnceAndMovedEachAreExcusedNotJudgedDoubled() {
        // ChaosIT seed 202 (6 December), b614: a renumbering cut short showed b's client the
        // message at Archive 32 and 39; it moved 39 to Clients.Old (then on to Work) and 32 to Clients.
        op(Node.B, APPEND, "m1", "Archive", null, 100, 200, OK);
        String archive32 = uidValidity("Archive") + "/32";
        String archive39 = uidValidity("Archive") + "/39";
        move(Node.B, "m1", "Archive", 39, "Clients.Old", 30, 300, archive32);
        move(Node.B, "m1", "Archive", 32, "Clients", 54, 500, uidValidity("Clients.Old") + "/30");
        move(Node.B, "m1", "Clients.Old", 30, "Work", 3, 700, uidValidity("Clients") + "/54");
        put("m1", "Clients", "Work");
        ChaosOracle.Verdict verdict = judge();
        assertThat(verdict.findings()).isEmpty();
        assertThat(verdict.excuses()).extracting(ChaosOracle.Excuse::reason)
            .containsExactly("MOVEs of instances its client saw at once");
    }

    @Test
    void aDoubleIsJudgedWhereTheClientNeverSawTwoOrMovedOnlyTheInstanceItHadPut() {
        op(Node.B, APPEND, "m1", "Archive", null, 100, 200, OK);
        move(Node.B, "m1", "Archive", 39, "Clients.Old", 30, 300);
        move(Node.B, "m1", "Archive", 32, "Clients", 54, 500);
        put("m1", "Clients.Old", "Clients");
        // Seed 204, a21: the view showed two instances, and the client moved one of them twice
        // (its position changed in between, renamed and renumbered): the other is a double.
        op(Node.B, APPEND, "m2", "Archive", null, 100, 200, OK);
        move(Node.B, "m2", "Archive", 32, "Clients.Old", 30, 300, uidValidity("Projects") + "/8");
        move(Node.B, "m2", "Projects", 12, "Work", 3, 700, uidValidity("Projects") + "/8");
        put("m2", "Projects", "Work");
        assertThat(rules()).containsExactly("doubled m1", "doubled m2", "moved message not in its last target only m1",
                "moved message not in its last target only m2");
    }

    @Test
    void aSlowAppendWhoseNodeWasKilledBeforeItsTwinShowedItIsExcused() {
        op(Node.A, APPEND, "m1", "INBOX", null, 100, 5200, OK);
        kill(Node.A, 6000);
        ChaosOracle.Verdict verdict = judge();
        assertThat(verdict.findings()).isEmpty();
        assertThat(verdict.excuses()).extracting(ChaosOracle.Excuse::reason).containsExactly("APPEND lost with its node");
    }

    @Test
    void anAppendTheTwinConfirmedOrWasSeenHoldingIsNotExcusedByAKill() {
        op(Node.A, APPEND, "m1", "INBOX", null, 100, 400, OK);
        op(Node.A, APPEND, "m2", "INBOX", null, 500, 5600, OK);
        history.saw(new ChaosSighting(Node.B, 5700, 5800, Set.of("m2")));
        kill(Node.A, 6000);
        assertThat(rules()).containsExactly("lost m1", "lost m2");
    }

    @Test
    void onlyCopiesAndMovesOnBothNodesMayAddInstances() {
        op(Node.A, APPEND, "m1", "INBOX", null, 100, 200, OK);
        op(Node.A, COPY, "m1", "INBOX", "Work", 300, 400, OK);
        put("m1", "INBOX", "Work", "Work");
        assertThat(rules()).containsExactly("doubled m1");
    }

    @Test
    void oneMessageMovedOnBothNodesToTwoMailboxesIsKeptInBoth() {
        op(Node.A, APPEND, "m1", "INBOX", null, 100, 200, OK);
        op(Node.A, MOVE, "m1", "INBOX", "Work", 300, 400, OK);
        op(Node.B, MOVE, "m1", "INBOX", "Projects", 300, 400, OK);
        put("m1", "Work", "Projects");
        assertThat(rules()).isEmpty();
        put("m1", "Work", "Projects", "Projects");
        assertThat(rules()).containsExactly("doubled m1");
    }

    @Test
    void aMessageWhereNoClientPutItIsMisplacedButARenameCarriesItAndItsChildren() {
        op(Node.A, APPEND, "m1", "Work.Sub", null, 100, 200, OK);
        op(Node.B, RENAME, null, "Work", "Later", 300, 400, OK);
        put("m1", "Later.Sub");
        assertThat(rules()).isEmpty();
        put("m1", "INBOX");
        assertThat(rules()).containsExactly("misplaced m1");
    }

    @Test
    void aRenameChainMayPassThroughANameNobodyUsed() {
        // The build's ChaosIT (seed 20261205): a moved m1 into Clients.Old and renamed Clients to
        // Later.Sub (so Clients.Old became Later.Sub.Old, a name no client used); the replicator
        // took a's earlier rename of Clients to Later back where the names collided, and m1
        // ended in Clients.Sub.Old on both servers.
        op(Node.A, APPEND, "m1", "Clients.Old", null, 100, 200, OK);
        op(Node.A, RENAME, null, "Clients", "Later", 300, 400, OK);
        op(Node.A, RENAME, null, "Clients", "Later.Sub", 500, 600, OK);
        put("m1", "Clients.Sub.Old");
        assertThat(rules()).isEmpty();
        put("m1", "Later.Old.Sub");
        assertThat(rules()).containsExactly("misplaced m1");
    }

    @Test
    void aMailboxTheReplicatorRenamedAsideStillCountsAsItsName() {
        op(Node.A, APPEND, "m1", "Projects.Sub", null, 100, 200, OK);
        put("m1", "Projects-3196079660.Sub");
        assertThat(rules()).isEmpty();
        assertThat(ChaosOracle.steppedAsideFrom("Projects-3196079660")).isEqualTo("Projects");
        assertThat(ChaosOracle.steppedAsideFrom("Work.Sub-12--")).isEqualTo("Work.Sub");
        assertThat(ChaosOracle.steppedAsideFrom("Projects-Old")).isEqualTo("Projects-Old");
    }

    @Test
    void instancesSentIntoAMailboxTheReplicatorLaterRenamedAsideAreNotDoubled() {
        // Seed 20261209 on jpa: a COPY and a MOVE of one message into Later.Sub; Later was renamed
        // to Clients, and the replicator renamed Clients.Sub aside to Clients.Sub-3450283026.
        op(Node.B, APPEND, "m1", "Drafts", null, 100, 200, OK);
        op(Node.B, COPY, "m1", "Drafts", "Later.Sub", 300, 400, OK);
        op(Node.B, COPY, "m1", "Drafts", "Sent", 500, 600, OK);
        op(Node.B, MOVE, "m1", "Sent", "Later.Sub", 700, 800, OK);
        op(Node.A, RENAME, null, "Later", "Clients", 900, 1000, OK);
        put("m1", "Drafts", "Clients.Sub-3450283026", "Clients.Sub-3450283026");
        assertThat(rules()).isEmpty();
        put("m1", "Drafts", "Clients.Sub-3450283026", "Clients.Sub-3450283026", "Clients.Sub-3450283026");
        assertThat(rules()).containsExactly("doubled m1");
    }

    @Test
    void mailAddedToAMailboxOneNodeRenamedAndTheOtherDeletedMayComeBackUnderTheOldName() {
        op(Node.A, DELETE, null, "Work", null, 100, 200, OK);
        op(Node.B, RENAME, null, "Work", "Later", 100, 200, OK);
        op(Node.B, APPEND, "m1", "INBOX", null, 300, 400, OK);
        op(Node.B, MOVE, "m1", "INBOX", "Later", 500, 600, OK);
        put("m1", "Work");
        assertThat(rules()).isEmpty();
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void renamesBackAndForthIntoEachOthersChildrenEnd() {
        op(Node.A, APPEND, "m1", "Work", null, 100, 200, OK);
        op(Node.A, RENAME, null, "Work", "Later.Sub", 300, 400, OK);
        op(Node.B, RENAME, null, "Later", "Work.Sub", 300, 400, OK);
        put("m1", "Later.Sub");
        assertThat(rules()).isEmpty();
    }

    @Test
    void aMessageMovedOnlyByOneNodeIsInItsLastTargetUnlessThatNodeWasKilled() {
        op(Node.B, APPEND, "m1", "INBOX", null, 100, 200, OK);
        op(Node.A, MOVE, "m1", "INBOX", "Work", 300, 400, OK);
        op(Node.A, MOVE, "m1", "Work", "Projects", 500, 600, OK);
        put("m1", "Work");
        assertThat(rules()).containsExactly("moved message not in its last target only m1");
        kill(Node.A, 700);
        assertThat(rules()).isEmpty();
        assertThat(judge().excuses()).extracting(ChaosOracle.Excuse::reason).containsExactly("MOVE undone by a SIGKILL of its node");
    }

    @Test
    void anExpungedMessageNobodyTouchedSinceStaysGone() {
        op(Node.A, APPEND, "m1", "INBOX", null, 100, 200, OK);
        op(Node.B, STORE, "m1", "INBOX", "+\\Seen", 250, 280, OK);
        op(Node.A, EXPUNGE, "m1", "INBOX", null, 300, 400, OK);
        put("m1", "INBOX");
        assertThat(rules()).containsExactly("resurrected m1");
    }

    @Test
    void aMessageItsExpungingNodeMovedBeforeStaysGoneButNotOneTheOtherNodeMoved() {
        op(Node.A, APPEND, "m1", "INBOX", null, 100, 200, OK);
        op(Node.A, MOVE, "m1", "INBOX", "Work", 300, 400, OK);
        op(Node.A, EXPUNGE, "m1", "Work", null, 500, 600, OK);
        op(Node.A, APPEND, "m2", "INBOX", null, 100, 200, OK);
        op(Node.B, MOVE, "m2", "INBOX", "Work", 300, 400, OK);
        op(Node.A, EXPUNGE, "m2", "INBOX", null, 500, 600, OK);
        put("m1", "Work");
        put("m2", "Work");
        assertThat(rules()).containsExactly("resurrected m1");
    }

    @Test
    void anExpungeOfAnInstanceOtherThanTheOneItsClientMovedIsExcusedNotJudged() {
        // A renumbering cut short showed the client the message at two UIDs: it moved one, expunged the other.
        op(Node.B, APPEND, "m1", "Outbox", null, 100, 200, OK);
        op(Node.B, MOVE, "m1", "Outbox", "Later", 300, 400, OK);
        op(Node.B, EXPUNGE, "m1", "Outbox", null, 500, 600, OK);
        put("m1", "Later");
        ChaosOracle.Verdict verdict = judge();
        assertThat(verdict.findings()).isEmpty();
        assertThat(verdict.excuses()).extracting(ChaosOracle.Excuse::reason)
            .containsExactly("EXPUNGE of a second instance its client saw");
    }

    @Test
    void aFlagChangeWhileTheExpungeRanOrAKillOfTheExpungingNodeLetsItComeBack() {
        op(Node.A, APPEND, "m1", "INBOX", null, 100, 200, OK);
        op(Node.A, EXPUNGE, "m1", "INBOX", null, 300, 400, OK);
        op(Node.B, STORE, "m1", "INBOX", "+\\Seen", 250, 350, OK);
        op(Node.A, APPEND, "m2", "INBOX", null, 100, 200, OK);
        op(Node.A, EXPUNGE, "m2", "INBOX", null, 300, 400, OK);
        kill(Node.A, 500);
        put("m1", "INBOX");
        put("m2", "INBOX");
        ChaosOracle.Verdict verdict = judge();
        assertThat(verdict.findings()).isEmpty();
        assertThat(verdict.excuses()).extracting(ChaosOracle.Excuse::chaosId).containsExactly("m2");
    }

    @Test
    void aKilledExpungeIsNotExcusedOnceTheTwinWasSeenWithoutTheMessage() {
        op(Node.A, APPEND, "m1", "INBOX", null, 100, 200, OK);
        op(Node.A, EXPUNGE, "m1", "INBOX", null, 300, 400, OK);
        history.saw(new ChaosSighting(Node.B, 450, 480, Set.of()));
        kill(Node.A, 500);
        put("m1", "INBOX");
        assertThat(rules()).containsExactly("resurrected m1");
    }

    private void op(Node node, ChaosOperation operation, String id, String mailbox, String target, long start, long end,
                    ChaosEvent.Outcome outcome) {
        history.record(new ChaosEvent(0, node, operation, id, mailbox, target, 1, start - 10, start, end, outcome, null));
    }

    /** A MOVE of the instance at {@code uid} of {@code from}, whose view showed it there and at {@code alsoAt}. */
    private void move(Node node, String id, String from, long uid, String to, long newUid, long start, String... alsoAt) {
        List<String> seenAt = new ArrayList<>(List.of(uidValidity(from) + "/" + uid));
        seenAt.addAll(List.of(alsoAt));
        history.record(new ChaosEvent(0, node, MOVE, id, from, to, uid, start - 10, start, start + 50, OK,
                "new uid " + newUid, Set.of(), seenAt));
    }

    /** A made-up UIDVALIDITY per mailbox name, as a view would show it. */
    private static long uidValidity(String mailbox) {
        return Math.abs(mailbox.hashCode());
    }

    private void delete(Node node, String mailbox, long start, long end, Set<String> shownOnlyThere) {
        history.record(new ChaosEvent(0, node, DELETE, null, mailbox, null, 0, start - 10, start, end, OK, null,
                shownOnlyThere, List.of()));
    }

    /** A client's view: mailbox -> the chaos ids at UIDs 1, 2, ... */
    private static ChaosView view(Map<String, List<String>> ids) {
        SortedMap<String, ChaosView.Mailbox> mailboxes = new TreeMap<>();
        ids.forEach((name, chaosIds) -> {
            SortedMap<Long, String> byUid = new TreeMap<>();
            chaosIds.forEach(id -> byUid.put(byUid.size() + 1L, id));
            mailboxes.put(name, new ChaosView.Mailbox(name, 1, byUid));
        });
        return new ChaosView(mailboxes);
    }

    private void kill(Node node, long at) {
        history.ran(new ChaosFaultRecord(new ChaosFault(0, at, ChaosFault.Kind.KILL, node, 0), true, at, at + 20_000, null));
    }

    /** Where the store holds {@code id}: one instance per mailbox named, replacing what it held before. */
    private void put(String id, String... mailboxes) {
        store.instances.removeIf(instance -> instance[0].equals(id));
        for (String mailbox : mailboxes) {
            store.instances.add(new String[] {id, mailbox});
        }
    }

    private ChaosOracle.Verdict judge() {
        return new ChaosOracle(history, SYNC_TIMEOUT).judge(store.snapshot());
    }

    private List<String> rules() {
        return judge().findings().stream().map(f -> f.rule() + " " + f.chaosId()).sorted().toList();
    }

    private static final class Store {
        final List<String[]> instances = new ArrayList<>();

        MailStore snapshot() {
            SortedMap<String, SortedMap<Long, MessageState>> byMailbox = new TreeMap<>();
            for (String[] instance : instances) {
                SortedMap<Long, MessageState> messages = byMailbox.computeIfAbsent(instance[1], name -> new TreeMap<>());
                long uid = messages.size() + 1;
                messages.put(uid, new MessageState(uid, new TreeSet<>(), Instant.EPOCH, 100, "sha-" + instance[0],
                        "body-" + instance[0], ChaosMessage.messageId(instance[0])));
            }
            SortedMap<String, MailboxState> mailboxes = new TreeMap<>();
            byMailbox.forEach((name, messages) -> mailboxes.put(name, new MailboxState(name, 1, messages.size() + 1, messages)));
            return new MailStore("test", "user", mailboxes);
        }
    }
}

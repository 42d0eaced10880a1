package dev.jamesreplicator.sync.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.Json;
import dev.jamesreplicator.model.MailboxState;
import dev.jamesreplicator.model.MessageIdentity;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.model.UserState;
import dev.jamesreplicator.sync.SyncStats;
import dev.jamesreplicator.sync.plan.CommonStateAfter;
import dev.jamesreplicator.sync.plan.SyncPlan;
import dev.jamesreplicator.sync.plan.SyncPlanner;

/**
 * Incremental STATE: what a server sends against the common state, how its twin rebuilds the
 * whole state from it, and every way it falls back to sending mailboxes whole.
 */
class StateDeltaTest {
    private static final int MESSAGES = 1000;
    private final SyncPlanner planner = new SyncPlanner();

    private static MessageState message(long uid, long modSeq, String... flags) {
        return new MessageState(uid, modSeq, List.of(flags), 1_700_000_000_000L + uid, 4000 + uid, "hash" + uid);
    }

    /** INBOX with {@link #MESSAGES} messages and an empty Sent; MODSEQs are each server's own. */
    private static UserState server(String inboxId, long modSeqOffset) {
        List<MessageState> messages = new ArrayList<>();
        for (long uid = 1; uid <= MESSAGES; uid++) {
            messages.add(message(uid, uid + modSeqOffset, uid % 3 == 0 ? new String[] {"\\Seen"} : new String[0]));
        }
        return new UserState(List.of(
            new MailboxState("INBOX", 7, MESSAGES + 1, MESSAGES + modSeqOffset, messages, inboxId),
            new MailboxState("Sent", 9, 1, 0, List.of(), inboxId + "-sent")), List.of("INBOX"), Tombstones.NONE);
    }

    private final UserState a = server("a-inbox", 0);
    private final UserState b = server("b-inbox", 40);
    /** What a session from a recorded: both servers identical, each with its MODSEQs. */
    private final CommonState common = CommonStateAfter.after(planner.plan(a, b, CommonState.NONE, true), "v1", "a", a, "b", b);

    private static UserState changeInbox(UserState state, UnaryOperator<List<MessageState>> change, long newHighestModSeq) {
        MailboxState inbox = state.mailbox("INBOX").orElseThrow();
        List<MailboxState> mailboxes = new ArrayList<>(state.mailboxes());
        List<MessageState> messages = change.apply(new ArrayList<>(inbox.messages()));
        long uidNext = Math.max(inbox.uidNext(), messages.stream().mapToLong(MessageState::uid).max().orElse(0) + 1);
        mailboxes.set(mailboxes.indexOf(inbox), new MailboxState("INBOX", inbox.uidValidity(), uidNext, newHighestModSeq, messages, inbox.id()));
        return new UserState(mailboxes, state.subscriptions(), state.tombstones());
    }

    private static StateDelta.MailboxDelta inboxDelta(StateDelta delta) {
        return delta.mailboxes().stream().filter(mailbox -> mailbox.name().equals("INBOX")).findFirst().orElseThrow();
    }

    /** Through JSON, as on the wire, then rebuilt by a's side. */
    private StateDelta.Reconstruction sendAndRebuild(UserState twinNow, CommonState twinsCommon, StateRequest request, boolean verify) {
        StateDelta sent = Json.roundTrip(StateDelta.encode(twinNow, twinsCommon, "b", request), StateDelta.class);
        return sent.reconstruct(common, "b", verify);
    }

    @Test
    void anUnchangedMailboxCostsItsHeaderOnly() {
        StateDelta delta = StateDelta.encode(b, common, "b", new StateRequest("v1", false, null));

        assertThat(inboxDelta(delta).whole()).isFalse();
        assertThat(inboxDelta(delta).messages()).isEmpty();
        assertThat(inboxDelta(delta).count()).isEqualTo(MESSAGES);
        StateDelta.Reconstruction rebuilt = sendAndRebuild(b, common, new StateRequest("v1", false, null), false);
        assertThat(rebuilt.doubtful()).isEmpty();
        assertThat(rebuilt.state().mailboxes()).isEqualTo(b.mailboxes());
        assertThat(Json.write(delta).length()).as("bytes of an unchanged 1000-message state").isLessThan(600);
    }

    @Test
    void oneFlagChangedOnTheTwinSendsThatMessageOnly() {
        UserState changed = changeInbox(b, messages -> {
            messages.set(499, message(500, MESSAGES + 41, "\\Flagged"));
            return messages;
        }, MESSAGES + 41);

        StateDelta delta = StateDelta.encode(changed, common, "b", new StateRequest("v1", false, null));

        assertThat(inboxDelta(delta).messages()).containsExactly(message(500, MESSAGES + 41, "\\Flagged"));
        StateDelta.Reconstruction rebuilt = sendAndRebuild(changed, common, new StateRequest("v1", false, null), false);
        assertThat(rebuilt.state().mailboxes()).isEqualTo(changed.mailboxes());
        assertThat(rebuilt.entries()).isEqualTo(1);
        String whole = Json.write(StateDelta.encode(changed, common, "b", StateRequest.everything()));
        assertThat(Json.write(delta).length()).as("one change against the whole state of " + whole.length() + " bytes")
            .isLessThan(whole.length() / 100);
    }

    @Test
    void aModSeqAloneMovingCountsAsAChange() {
        // James gives every change a new MODSEQ, a \Recent reset included, whatever the flags.
        UserState changed = changeInbox(b, messages -> {
            messages.set(9, messages.get(9).renumbered(10, MESSAGES + 41));
            return messages;
        }, MESSAGES + 41);

        StateDelta delta = StateDelta.encode(changed, common, "b", new StateRequest("v1", false, null));

        assertThat(inboxDelta(delta).messages()).extracting(MessageState::uid).containsExactly(10L);
        assertThat(sendAndRebuild(changed, common, new StateRequest("v1", false, null), false).state().mailboxes())
            .isEqualTo(changed.mailboxes());
    }

    @Test
    void expungesTravelAsAUidSetAndNewMailAsMessages() {
        UserState changed = changeInbox(b, messages -> {
            messages.removeIf(message -> message.uid() >= 100 && message.uid() < 200 || message.uid() == 300);
            messages.add(message(MESSAGES + 1, MESSAGES + 45));
            return messages;
        }, MESSAGES + 45);

        StateDelta delta = StateDelta.encode(changed, common, "b", new StateRequest("v1", false, null));

        assertThat(inboxDelta(delta).removed()).hasToString("100:199,300");
        assertThat(inboxDelta(delta).messages()).extracting(MessageState::uid).containsExactly((long) MESSAGES + 1);
        StateDelta.Reconstruction rebuilt = sendAndRebuild(changed, common, new StateRequest("v1", false, null), false);
        assertThat(rebuilt.doubtful()).isEmpty();
        assertThat(rebuilt.state().mailboxes()).isEqualTo(changed.mailboxes());
    }

    @Test
    void withoutACommonStateOrWithAnotherVersionEverythingGoesWhole() {
        StateDelta none = StateDelta.encode(b, common, "b", new StateRequest(null, false, null));
        StateDelta other = StateDelta.encode(b, common, "b", new StateRequest("v0", false, null));
        StateDelta legacy = StateDelta.encode(b, new CommonState(common.flags()), "b", new StateRequest(null, false, null));

        for (StateDelta delta : List.of(none, other, legacy)) {
            assertThat(delta.base()).isNull();
            assertThat(delta.mailboxes()).allMatch(StateDelta.MailboxDelta::whole);
            assertThat(delta.reconstruct(common, "b", false).state().mailboxes()).isEqualTo(b.mailboxes());
        }
    }

    @Test
    void aMailboxWithAnotherUidValidityOrIdGoesWhole() {
        MailboxState inbox = b.mailbox("INBOX").orElseThrow();
        UserState recreated = new UserState(List.of(
            new MailboxState("INBOX", inbox.uidValidity(), inbox.uidNext(), inbox.highestModSeq(), inbox.messages(), "another-id"),
            new MailboxState("Sent", 10, 1, 0, List.of(), "b-inbox-sent")), b.subscriptions(), b.tombstones());

        StateDelta delta = StateDelta.encode(recreated, common, "b", new StateRequest("v1", false, null));

        assertThat(delta.mailboxes()).allMatch(StateDelta.MailboxDelta::whole);
        assertThat(delta.reconstruct(common, "b", false).state().mailboxes()).isEqualTo(recreated.mailboxes());
    }

    @Test
    void aMailboxThatDoesNotAddUpIsAskedForWhole() {
        // This side lost its record of one message (a fault): the twin's count of 1000 cannot be rebuilt.
        CommonState damaged = new CommonState(common.version(), common.flags(), common.identities(),
            withoutModSeq(common, "b", 7, 1));
        Function<StateRequest, StateDelta> twin = request -> Json.roundTrip(StateDelta.encode(b, common, "b", request), StateDelta.class);
        SyncStats stats = new SyncStats();

        UserState read = TwinStateReader.read(twin, damaged, "b", false, stats);

        assertThat(read.mailboxes()).isEqualTo(b.mailboxes());
        assertThat(stats.mailboxesResent()).isEqualTo(1);
        assertThat(stats.stateEntriesReceived()).isEqualTo(MESSAGES);
    }

    @Test
    void aFullSessionFindsWhatTheBookkeepingMissedThroughTheDigest() {
        // This side's copy records other flags for one message than the twin's copy of the same
        // version: an incremental session trusts the record, a full one checks the digest.
        java.util.Map<Long, java.util.Map<Long, List<String>>> flags = new java.util.TreeMap<>(common.flags());
        java.util.Map<Long, List<String>> inbox = new java.util.TreeMap<>(flags.get(7L));
        inbox.put(5L, List.of("$Wrong"));
        flags.put(7L, inbox);
        CommonState wrong = new CommonState(common.version(), flags, common.identities(), common.nodes());
        Function<StateRequest, StateDelta> twin = request -> StateDelta.encode(b, common, "b", request);

        UserState trusted = TwinStateReader.read(twin, wrong, "b", false, new SyncStats());
        SyncStats stats = new SyncStats();
        UserState checked = TwinStateReader.read(twin, wrong, "b", true, stats);

        assertThat(trusted.mailbox("INBOX").orElseThrow().message(5).orElseThrow().flags()).containsExactly("$Wrong");
        assertThat(checked.mailboxes()).isEqualTo(b.mailboxes());
        assertThat(stats.mailboxesResent()).isEqualTo(1);
        assertThat(stats.stateEntriesReceived()).as("the INBOX once, whole").isEqualTo(MESSAGES);
    }

    @Test
    void aFullSessionThatFindsNothingDifferentCostsADigestPerMailbox() {
        SyncStats stats = new SyncStats();
        StateDelta sent = StateDelta.encode(b, common, "b", new StateRequest("v1", true, null));

        UserState read = TwinStateReader.read(request -> sent, common, "b", true, stats);

        assertThat(read.mailboxes()).isEqualTo(b.mailboxes());
        assertThat(stats.stateEntriesReceived()).isZero();
        assertThat(stats.mailboxesResent()).isZero();
        assertThat(Json.write(sent).length()).isLessThan(800);
    }

    @Test
    void theDigestCoversEveryComparedField() {
        MailboxState inbox = b.mailbox("INBOX").orElseThrow();
        MessageState first = inbox.messages().get(0);
        List<MessageState> variants = List.of(
            new MessageState(first.uid(), first.modSeq() + 1, first.flags(), first.internalDate(), first.size(), first.hash()),
            new MessageState(first.uid(), first.modSeq(), List.of("\\Deleted"), first.internalDate(), first.size(), first.hash()),
            new MessageState(first.uid(), first.modSeq(), first.flags(), first.internalDate() + 1, first.size(), first.hash()),
            new MessageState(first.uid(), first.modSeq(), first.flags(), first.internalDate(), first.size() + 1, first.hash()),
            new MessageState(first.uid(), first.modSeq(), first.flags(), first.internalDate(), first.size(), "other"),
            new MessageState(MESSAGES + 5, first.modSeq(), first.flags(), first.internalDate(), first.size(), first.hash()));
        String digest = StateDelta.digest(inbox);

        for (MessageState variant : variants) {
            List<MessageState> messages = new ArrayList<>(inbox.messages());
            messages.set(0, variant);
            MailboxState changed = new MailboxState(inbox.name(), inbox.uidValidity(), inbox.uidNext(), inbox.highestModSeq(),
                messages, inbox.id());
            assertThat(StateDelta.digest(changed)).as(variant.toString()).isNotEqualTo(digest);
        }
    }

    @Test
    void theRecordKeepsEachServersOwnModSeqs() {
        assertThat(common.record("a", 7).orElseThrow().modSeqs().get(10L)).isEqualTo(10L);
        assertThat(common.record("b", 7).orElseThrow().modSeqs().get(10L)).isEqualTo(50L);
        assertThat(common.record("b", 7).orElseThrow().id()).isEqualTo("b-inbox");
        assertThat(common.record("b", 9).orElseThrow().modSeqs()).isEmpty();
        assertThat(common.identity(7, 10)).contains(MessageIdentity.of(message(10, 0)));
    }

    @Test
    void aMessageThePlanWritesOnAServerIsNotRecordedForItAndIsSentOnceMore() {
        long uid = MESSAGES + 1;
        UserState aWithNewMail = changeInbox(a, messages -> {
            messages.add(message(uid, uid));
            return messages;
        }, uid);
        SyncPlan plan = planner.plan(aWithNewMail, b, common, true);
        CommonState recorded = CommonStateAfter.after(plan, "v2", "a", aWithNewMail, "b", b);
        UserState bAfter = changeInbox(b, messages -> {
            messages.add(message(uid, uid + 40));
            return messages;
        }, uid + 40);

        StateDelta delta = StateDelta.encode(bAfter, recorded, "b", new StateRequest("v2", false, null));

        assertThat(plan.operations()).hasSize(1);
        assertThat(recorded.knew(7, uid)).isTrue();
        assertThat(recorded.record("a", 7).orElseThrow().modSeqs()).containsEntry(uid, uid);
        assertThat(recorded.record("b", 7).orElseThrow().modSeqs()).doesNotContainKey(uid);
        assertThat(inboxDelta(delta).messages()).extracting(MessageState::uid).containsExactly(uid);
        assertThat(delta.reconstruct(recorded, "b", false).state().mailboxes()).isEqualTo(bAfter.mailboxes());
    }

    private static java.util.Map<String, java.util.Map<Long, CommonState.MailboxRecord>> withoutModSeq(CommonState common, String node,
                                                                                                    long uidValidity, long uid) {
        java.util.Map<String, java.util.Map<Long, CommonState.MailboxRecord>> nodes = new java.util.TreeMap<>(common.nodes());
        java.util.Map<Long, CommonState.MailboxRecord> records = new java.util.TreeMap<>(nodes.get(node));
        CommonState.MailboxRecord record = records.get(uidValidity);
        java.util.Map<Long, Long> modSeqs = new java.util.TreeMap<>(record.modSeqs());
        modSeqs.remove(uid);
        records.put(uidValidity, new CommonState.MailboxRecord(record.id(), modSeqs));
        nodes.put(node, records);
        return nodes;
    }
}

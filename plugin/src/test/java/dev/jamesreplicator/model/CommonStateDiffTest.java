package dev.jamesreplicator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.jamesreplicator.model.CommonState.MailboxRecord;
import dev.jamesreplicator.sync.session.StateDelta;
import dev.jamesreplicator.sync.session.StateRequest;

/** COMPLETE's diff: the twin on the base reaches exactly the new state; any other twin asks for it whole. */
class CommonStateDiffTest {
    private static MessageIdentity identity(long uid) {
        return new MessageIdentity("hash" + uid, 100 + uid, 1_700_000_000_000L + uid);
    }

    private static CommonState state(String version, long firstUid, long lastUid, List<String> flagsOf500, String bInboxId) {
        Map<Long, List<String>> flags = new TreeMap<>();
        Map<Long, MessageIdentity> identities = new TreeMap<>();
        Map<Long, Long> aModSeqs = new TreeMap<>();
        Map<Long, Long> bModSeqs = new TreeMap<>();
        for (long uid = firstUid; uid <= lastUid; uid++) {
            flags.put(uid, uid == 500 ? flagsOf500 : List.of());
            identities.put(uid, identity(uid));
            aModSeqs.put(uid, uid);
            bModSeqs.put(uid, uid + 100);
        }
        return new CommonState(version, Map.of(7L, flags), Map.of(7L, identities), Map.of(
            "a", Map.of(7L, new MailboxRecord("a1", aModSeqs), 9L, new MailboxRecord("a2", Map.of())),
            "b", Map.of(7L, new MailboxRecord(bInboxId, bModSeqs))));
    }

    @Test
    void aTwinOnTheBaseReachesExactlyTheNewStateFromTheChangesAlone() {
        CommonState before = state("v1", 1, 1000, List.of(), "b1");
        CommonState after = state("v2", 11, 1001, List.of("\\Seen"), "b9");

        CommonStateDiff diff = Json.roundTrip(CommonStateDiff.between(before, after), CommonStateDiff.class);

        assertThat(diff.applyTo(Json.roundTrip(before, CommonState.class))).contains(after);
        // UIDs 1-10 gone and 1001 new, in the flags, the identities and both records; one flag changed.
        assertThat(diff.size()).isEqualTo(4 * 11 + 1);
        assertThat(Json.write(diff).length()).isLessThan(Json.write(after).length() / 50);
    }

    @Test
    void theServersRunsTravelWithTheDiff() {
        CommonState before = state("v1", 1, 10, List.of(), "b1");
        CommonState after = new CommonState("v2", before.flags(), before.identities(), before.nodes(), java.util.Set.of("a-2", "b-1"));

        CommonStateDiff diff = Json.roundTrip(CommonStateDiff.between(before, after), CommonStateDiff.class);

        assertThat(diff.applyTo(Json.roundTrip(before, CommonState.class))).contains(after);
        assertThat(Json.roundTrip(after, CommonState.class).restartedSince("a-1")).isTrue();
        assertThat(before.restartedSince("a-1")).as("no runs recorded: cannot tell").isFalse();
    }

    @Test
    void theAgreedNamesTravelWithTheDiffAndLastInTheJournal() {
        CommonState before = state("v1", 1, 10, List.of(), "b1").withNames(Map.of(7L, "INBOX", 9L, "Work"));
        CommonState after = state("v2", 1, 10, List.of(), "b1").withNames(Map.of(7L, "INBOX", 9L, "Jobs"));

        CommonStateDiff diff = Json.roundTrip(CommonStateDiff.between(before, after), CommonStateDiff.class);

        CommonState applied = diff.applyTo(Json.roundTrip(before, CommonState.class)).orElseThrow();
        assertThat(applied).isEqualTo(after);
        assertThat(Json.roundTrip(applied, CommonState.class).name(9L)).contains("Jobs");
        assertThat(new CommonState(before.flags()).name(9L)).as("a state written before names: none").isEmpty();
    }

    @Test
    void aMailboxThatWentIsDroppedWhole() {
        CommonState before = state("v1", 1, 10, List.of(), "b1");
        CommonState after = new CommonState("v2", Map.of(), Map.of(), Map.of("a", Map.of(), "b", Map.of()));

        assertThat(CommonStateDiff.between(before, after).applyTo(before)).contains(after);
    }

    @Test
    void aTwinOnAnotherVersionOrWithoutWhatTheDiffRemovesGetsNothing() {
        CommonState before = state("v1", 1, 10, List.of(), "b1");
        CommonState after = state("v2", 3, 10, List.of(), "b1");
        CommonStateDiff diff = CommonStateDiff.between(before, after);

        assertThat(diff.applyTo(before.withVersion("v0"))).isEmpty();
        assertThat(diff.applyTo(new CommonState(before.flags()))).isEmpty();
        assertThat(diff.applyTo(state("v1", 2, 10, List.of(), "b1"))).as("lacks UID 1, which the diff removes").isEmpty();
    }

    @Test
    void aStateWrittenBeforeIncrementalSessionsIsReadAsTheFlagsOnlyWithoutAVersion() {
        CommonState legacy = Json.read("{\"flags\":{\"7\":{\"1\":[\"\\\\Seen\"],\"2\":[]}}}", CommonState.class);

        assertThat(legacy.version()).isNull();
        assertThat(legacy.flags(7, 1)).contains(List.of("\\Seen"));
        assertThat(legacy.knew(7, 2)).isTrue();
        assertThat(legacy.identity(7, 1)).isEmpty();
        assertThat(legacy.record("a", 7)).isEmpty();
        StateDelta delta = StateDelta.encode(new UserState(List.of(new MailboxState("INBOX", 7, 3, 2, List.of(), "1"))),
            legacy, "a", new StateRequest(null, false, null));
        assertThat(delta.mailboxes()).allMatch(StateDelta.MailboxDelta::whole);
    }

    @Test
    void olderPeersReadTheFlagsOfTheNewForm() {
        String json = Json.write(state("v1", 1, 2, List.of("\\Seen"), "b1"));

        assertThat(json).contains("\"flags\":{\"7\":{\"1\":[],\"2\":[]}}").contains("\"version\":\"v1\"");
        assertThat(Json.read(json, CommonState.class)).isEqualTo(state("v1", 1, 2, List.of("\\Seen"), "b1"));
    }
}

package dev.jamesreplicator.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;
import dev.jamesreplicator.model.Side;

class SievePlannerTest {
    private static final String V1 = "1111111111111111";
    private static final String V2 = "2222222222222222";
    private static final String V3 = "3333333333333333";

    private final SievePlanner planner = new SievePlanner();

    private static SieveState scripts(String active, String... nameThenSha) {
        ImmutableMap.Builder<String, String> scripts = ImmutableMap.builder();
        for (int i = 0; i < nameThenSha.length; i += 2) {
            scripts.put(nameThenSha[i], nameThenSha[i + 1]);
        }
        return new SieveState(scripts.build(), active);
    }

    private static SieveTombstones deleted(String... names) {
        return new SieveTombstones(ImmutableList.copyOf(names).stream()
            .map(name -> new SieveTombstones.Deleted(name, "id-" + name)).collect(Collectors.toList()), null);
    }

    private static final SieveTombstones DEACTIVATED = new SieveTombstones(null, "id-off");
    private static final SieveTombstones NONE = SieveTombstones.NONE;

    private SievePlan plan(SieveState local, SieveTombstones localTombstones, SieveState remote,
                           SieveTombstones remoteTombstones, SieveState common) {
        SievePlan plan = planner.plan(local, localTombstones, remote, remoteTombstones, common, false);
        // The twin plans the same session with the sides swapped: it must decide alike.
        SievePlan mirrored = planner.plan(remote, remoteTombstones, local, localTombstones, common, true);
        assertThat(describe(mirrored)).isEqualTo(swapSides(describe(plan)));
        assertThat(mirrored.agreed()).isEqualTo(plan.agreed());
        return plan;
    }

    private static List<String> describe(SievePlan plan) {
        return plan.operations().stream().map(Object::toString).collect(Collectors.toList());
    }

    private static List<String> swapSides(List<String> lines) {
        return lines.stream()
            .map(line -> line.replace("LOCAL", "\0").replace("REMOTE", "LOCAL").replace("\0", "REMOTE"))
            .collect(Collectors.toList());
    }

    @Test
    void identicalStatesNeedNothing() {
        SieveState state = scripts("main", "main", V1, "spam", V2);

        SievePlan plan = plan(state, NONE, state, NONE, state);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.agreed()).isEqualTo(state);
    }

    @Test
    void aNewScriptIsCopiedAndItsActivationFollows() {
        SievePlan plan = plan(scripts("main", "main", V1), NONE, SieveState.NONE, NONE, SieveState.NONE);

        assertThat(describe(plan)).containsExactly(
            "put main (" + V1 + ") on REMOTE from LOCAL",
            "activate main on REMOTE");
        assertThat(plan.agreed()).isEqualTo(scripts("main", "main", V1));
    }

    @Test
    void aServerThatLostItsScriptsWithoutATombstoneIsRefilledNotEmptiedIntoItsTwin() {
        SieveState common = scripts("main", "main", V1, "spam", V2);

        SievePlan plan = plan(common, NONE, SieveState.NONE, NONE, common);

        assertThat(describe(plan)).containsExactly(
            "put main (" + V1 + ") on REMOTE from LOCAL",
            "put spam (" + V2 + ") on REMOTE from LOCAL",
            "activate main on REMOTE");
    }

    @Test
    void aDeletionWithItsTombstoneIsCarriedOutAndHonoured() {
        SieveState common = scripts(null, "main", V1, "old", V2);

        SievePlan plan = plan(common, NONE, scripts(null, "main", V1), deleted("old"), common);

        assertThat(describe(plan)).containsExactly("delete old on LOCAL");
        assertThat(plan.agreed()).isEqualTo(scripts(null, "main", V1));
        assertThat(plan.honoured(Side.REMOTE)).isEqualTo(deleted("old"));
    }

    @Test
    void aScriptChangedOnOneSideBeatsItsDeletionOnTheOther() {
        SieveState common = scripts(null, "old", V1);

        SievePlan plan = plan(scripts(null, "old", V2), NONE, SieveState.NONE, deleted("old"), common);

        assertThat(describe(plan)).containsExactly("put old (" + V2 + ") on REMOTE from LOCAL");
        assertThat(plan.honoured(Side.REMOTE)).isEqualTo(deleted("old"));
    }

    @Test
    void aChangeOnOneSideIsCopiedToTheOther() {
        SieveState common = scripts("main", "main", V1);

        SievePlan plan = plan(common, NONE, scripts("main", "main", V2), NONE, common);

        assertThat(describe(plan)).containsExactly("put main (" + V2 + ") on LOCAL from REMOTE");
        assertThat(plan.agreed()).isEqualTo(scripts("main", "main", V2));
    }

    @Test
    void bothSidesChangingOneScriptKeepTheTieBreaksUnderItsNameAndTheOtherAsAConflictCopy() {
        SieveState common = scripts("main", "main", V1);

        // The remote node wins ties here (localWinsTies false).
        SievePlan plan = plan(scripts("main", "main", V2), NONE, scripts("main", "main", V3), NONE, common);

        String copy = "main-conflict-22222222";
        assertThat(describe(plan)).containsExactly(
            "put " + copy + " (" + V2 + ") on LOCAL from LOCAL main",
            "put " + copy + " (" + V2 + ") on REMOTE from LOCAL main",
            "put main (" + V3 + ") on LOCAL from REMOTE");
        assertThat(plan.agreed()).isEqualTo(scripts("main", "main", V3, copy, V2));
    }

    @Test
    void theSameScriptCreatedApartWithDifferentContentIsAConflictToo() {
        SievePlan plan = plan(scripts(null, "new", V1), NONE, scripts(null, "new", V2), NONE, SieveState.NONE);

        assertThat(plan.agreed()).isEqualTo(scripts(null, "new", V2, "new-conflict-11111111", V1));
    }

    @Test
    void aConflictCopysNameHeldByAnotherScriptTakesTheWholeHash() {
        SieveState common = scripts(null, "main", V1);
        String taken = "main-conflict-22222222";

        SievePlan plan = plan(scripts(null, "main", V2, taken, V1), NONE, scripts(null, "main", V3), NONE, common);

        assertThat(plan.agreed()).isEqualTo(
            scripts(null, "main", V3, taken, V1, "main-conflict-" + V2, V2));
    }

    @Test
    void anActivationOnOneSideGoesToTheOther() {
        SieveState common = scripts("main", "main", V1, "vacation", V2);

        SievePlan plan = plan(common, NONE, scripts("vacation", "main", V1, "vacation", V2), NONE, common);

        assertThat(describe(plan)).containsExactly("activate vacation on LOCAL");
    }

    @Test
    void aRecordedDeactivationGoesToTheOther() {
        SieveState common = scripts("main", "main", V1);

        SievePlan plan = plan(common, NONE, scripts(null, "main", V1), DEACTIVATED, common);

        assertThat(describe(plan)).containsExactly("deactivate on LOCAL");
        assertThat(plan.honoured(Side.REMOTE)).isEqualTo(DEACTIVATED);
    }

    @Test
    void noActiveScriptWithoutARecordIsNoDecision() {
        SieveState common = scripts("main", "main", V1);

        SievePlan plan = plan(common, NONE, scripts(null, "main", V1), NONE, common);

        assertThat(describe(plan)).containsExactly("activate main on REMOTE");
    }

    @Test
    void twoActivationsApartGoToTheTieBreak() {
        SieveState common = scripts(null, "a", V1, "b", V2);

        SievePlan plan = plan(scripts("a", "a", V1, "b", V2), NONE, scripts("b", "a", V1, "b", V2), NONE, common);

        assertThat(describe(plan)).containsExactly("activate b on LOCAL");
    }

    @Test
    void anActivationBeatsADeactivation() {
        SieveState common = scripts("a", "a", V1, "b", V2);

        SievePlan plan = plan(scripts(null, "a", V1, "b", V2), DEACTIVATED, scripts("b", "a", V1, "b", V2), NONE, common);

        assertThat(describe(plan)).containsExactly("activate b on LOCAL");
    }

    @Test
    void theScriptMadeActiveOnOneSideOutlivesItsDeletionOnTheOther() {
        SieveState common = scripts(null, "main", V1);

        SievePlan plan = plan(scripts("main", "main", V1), NONE, SieveState.NONE, deleted("main"), common);

        assertThat(describe(plan)).containsExactly(
            "put main (" + V1 + ") on REMOTE from LOCAL",
            "activate main on REMOTE");
    }

    @Test
    void aDeactivatedThenDeletedScriptIsDeactivatedBeforeItIsDeleted() {
        SieveState common = scripts("main", "main", V1);
        SieveTombstones remote = new SieveTombstones(deleted("main").deleted(), "id-off");

        SievePlan plan = plan(common, NONE, SieveState.NONE, remote, common);

        assertThat(describe(plan)).containsExactly("deactivate on LOCAL", "delete main on LOCAL");
        assertThat(plan.agreed()).isEqualTo(SieveState.NONE);
    }

    @Test
    void aRenameOfTheActiveScriptIsANewScriptMadeActiveThenTheOldNameDeleted() {
        SieveState common = scripts("main", "main", V1);

        SievePlan plan = plan(common, NONE, scripts("filters", "filters", V1), deleted("main"), common);

        assertThat(describe(plan)).containsExactly(
            "put filters (" + V1 + ") on LOCAL from REMOTE",
            "activate filters on LOCAL",
            "delete main on LOCAL");
    }

    @Test
    void aRenameRacingAChangeKeepsBoth() {
        SieveState common = scripts(null, "main", V1);

        SievePlan plan = plan(scripts(null, "main", V2), NONE, scripts(null, "filters", V1), deleted("main"), common);

        assertThat(plan.agreed()).isEqualTo(scripts(null, "filters", V1, "main", V2));
    }

    @Test
    void theStateAndTombstonesRoundTripThroughJson() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        SieveState state = scripts("main", "main", V1, "b", V2);
        SieveTombstones tombstones = new SieveTombstones(deleted("x").deleted(), "id-off");

        assertThat(json.readValue(json.writeValueAsString(state), SieveState.class)).isEqualTo(state);
        assertThat(json.readValue(json.writeValueAsString(tombstones), SieveTombstones.class)).isEqualTo(tombstones);
        assertThat(json.readValue("{}", SieveState.class)).isEqualTo(SieveState.NONE);
    }
}

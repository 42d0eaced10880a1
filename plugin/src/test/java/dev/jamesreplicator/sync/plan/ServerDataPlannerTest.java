package dev.jamesreplicator.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.model.ServerTombstones;
import dev.jamesreplicator.model.Side;

/** One case per rule of docs/server-data.md, each planned from both servers' side. */
class ServerDataPlannerTest {
    private static final String DOMAIN = "domain";
    private static final String REWRITE = "rewrite";
    private final ServerDataPlanner planner = new ServerDataPlanner(List.of(DOMAIN, REWRITE));

    private static ServerItems items(String kind, String... keyValues) {
        java.util.TreeMap<String, String> map = new java.util.TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return new ServerItems(Map.of(kind, map));
    }

    private static ServerTombstones removed(String kind, String key) {
        return new ServerTombstones(List.of(new ServerTombstones.Item(kind, key, null, "r1")), null);
    }

    /** Plans from a's side and from b's (b sorts last, wins ties); both must agree. */
    private ServerDataPlan both(ServerItems a, ServerTombstones aRecords, ServerItems b, ServerTombstones bRecords,
                                ServerItems common) {
        ServerDataPlan fromA = planner.plan(a, aRecords, b, bRecords, common, false);
        ServerDataPlan fromB = planner.plan(b, bRecords, a, aRecords, common, true);
        assertThat(fromB.agreed()).isEqualTo(fromA.agreed());
        assertThat(fromB.writes()).hasSameSizeAs(fromA.writes());
        for (int i = 0; i < fromA.writes().size(); i++) {
            ServerDataWrite w = fromA.writes().get(i);
            ServerDataWrite v = fromB.writes().get(i);
            assertThat(v.target()).isEqualTo(w.target().other());
            assertThat(List.of(v.kind(), v.key(), v.value(), v.conflict())).isEqualTo(List.of(w.kind(), w.key(), w.value(), w.conflict()));
        }
        return fromA;
    }

    @Test
    void anItemOnlyOneSideHoldsIsCopiedAbsenceIsNotRemoval() {
        ServerDataPlan plan = both(items(DOMAIN, "a.test", ""), ServerTombstones.NONE, ServerItems.NONE, ServerTombstones.NONE,
            items(DOMAIN, "a.test", ""));
        assertThat(plan.writes()).containsExactly(new ServerDataWrite(Side.REMOTE, DOMAIN, "a.test", Optional.of(""), Optional.empty(), false));
        assertThat(plan.agreed()).isEqualTo(items(DOMAIN, "a.test", ""));
    }

    @Test
    void aTombstoneRemovesTheItemTheTwinDidNotChange() {
        ServerDataPlan plan = both(ServerItems.NONE, removed(DOMAIN, "a.test"), items(DOMAIN, "a.test", ""), ServerTombstones.NONE,
            items(DOMAIN, "a.test", ""));
        assertThat(plan.writes()).containsExactly(new ServerDataWrite(Side.REMOTE, DOMAIN, "a.test", Optional.empty(), Optional.of(""), false));
        assertThat(plan.agreed()).isEqualTo(ServerItems.NONE);
        assertThat(plan.honoured(Side.LOCAL)).isEqualTo(removed(DOMAIN, "a.test"));
    }

    @Test
    void aValueChangedOnTheTwinBeatsARemoval() {
        ServerDataPlan plan = both(ServerItems.NONE, removed("quota", "global"), items("quota", "global", "20"), ServerTombstones.NONE,
            items("quota", "global", "10"));
        assertThat(plan.writes()).containsExactly(new ServerDataWrite(Side.LOCAL, "quota", "global", Optional.of("20"), Optional.empty(), false));
    }

    @Test
    void anItemCreatedOnTheTwinWithoutACommonBaseBeatsARemoval() {
        ServerDataPlan plan = both(ServerItems.NONE, removed(DOMAIN, "a.test"), items(DOMAIN, "a.test", ""), ServerTombstones.NONE,
            ServerItems.NONE);
        assertThat(plan.agreed()).isEqualTo(items(DOMAIN, "a.test", ""));
    }

    @Test
    void oneSideChangedTheValueTheOtherDidNot() {
        ServerDataPlan plan = both(items("quota", "global", "10"), ServerTombstones.NONE, items("quota", "global", "30"),
            ServerTombstones.NONE, items("quota", "global", "10"));
        assertThat(plan.writes()).containsExactly(new ServerDataWrite(Side.LOCAL, "quota", "global", Optional.of("30"), Optional.of("10"), false));
    }

    @Test
    void bothChangedApartTheNodeWhoseNameSortsLastWins() {
        ServerDataPlan plan = both(items("quota", "global", "20"), ServerTombstones.NONE, items("quota", "global", "30"),
            ServerTombstones.NONE, items("quota", "global", "10"));
        assertThat(plan.writes()).containsExactly(new ServerDataWrite(Side.LOCAL, "quota", "global", Optional.of("30"), Optional.of("20"), true));
    }

    @Test
    void aValueACutSessionWroteIsTheTwinsNotAChange() {
        // A cut session wrote 30 on a (b's change of 10); since, b's administrator set 40: b's 40, no conflict.
        ServerTombstones written = new ServerTombstones(null, List.of(new ServerTombstones.Item("quota", "global", "30", "w1")));
        ServerDataPlan plan = both(items("quota", "global", "30"), written, items("quota", "global", "40"), ServerTombstones.NONE,
            items("quota", "global", "10"));
        assertThat(plan.writes()).containsExactly(new ServerDataWrite(Side.LOCAL, "quota", "global", Optional.of("40"), Optional.of("30"), false));
    }

    @Test
    void domainsAreAddedBeforeTheRewritesThatNameThemAndRemovedAfter() {
        ServerItems a = new ServerItems(Map.of(DOMAIN, Map.of("new.test", ""), REWRITE, Map.of("x@new.test -> alias:y@new.test", "")));
        ServerItems common = new ServerItems(Map.of(DOMAIN, Map.of("old.test", ""), REWRITE, Map.of("x@old.test -> alias:y@old.test", "")));
        ServerTombstones gone = new ServerTombstones(List.of(new ServerTombstones.Item(DOMAIN, "old.test", null, "1"),
            new ServerTombstones.Item(REWRITE, "x@old.test -> alias:y@old.test", null, "2")), null);
        ServerDataPlan plan = both(a, gone, common, ServerTombstones.NONE, common);
        assertThat(plan.writes()).extracting(w -> w.kind() + " " + w.key() + " " + w.value().isPresent()).containsExactly(
            "domain new.test true", "rewrite x@new.test -> alias:y@new.test true",
            "rewrite x@old.test -> alias:y@old.test false", "domain old.test false");
    }
}

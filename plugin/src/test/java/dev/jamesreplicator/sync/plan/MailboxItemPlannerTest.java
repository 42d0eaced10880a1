package dev.jamesreplicator.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.model.MailboxItemTombstones;
import dev.jamesreplicator.model.Side;

/** One case per rule of docs/metadata.md, each planned from both servers' side. */
class MailboxItemPlannerTest {
    private static final long WORK = 101;
    private static final long LISTS = 202;
    private static final String COMMENT = "/private/comment";
    private static final String COLOR = "/private/vendor/acme/color";
    private static final MailboxItemTombstones NONE = MailboxItemTombstones.NONE;

    private final MailboxItemPlanner planner = new MailboxItemPlanner();

    /** Mailboxes as {@code uidValidity, name, key=value...} rows; a row of two is a mailbox without annotations. */
    private static MailboxItemState state(Object[]... mailboxes) {
        Map<Long, MailboxItemState.Mailbox> found = new TreeMap<>();
        for (Object[] mailbox : mailboxes) {
            Map<String, String> annotations = new TreeMap<>();
            for (int i = 2; i < mailbox.length; i++) {
                String[] keyValue = ((String) mailbox[i]).split("=", 2);
                annotations.put(keyValue[0], keyValue[1]);
            }
            found.put((Long) mailbox[0], new MailboxItemState.Mailbox((String) mailbox[1], annotations));
        }
        return new MailboxItemState(found);
    }

    private static Object[] mailbox(long uidValidity, String name, String... annotations) {
        return Stream.concat(Stream.of(uidValidity, name), Stream.of(annotations)).toArray();
    }

    private static MailboxItemTombstones removed(long uidValidity, String... keys) {
        return new MailboxItemTombstones(Stream.of(keys)
            .map(key -> new MailboxItemTombstones.Removed(uidValidity, key, "id-" + key)).collect(Collectors.toList()));
    }

    private MailboxItemPlan plan(MailboxItemState local, MailboxItemTombstones localTombstones, MailboxItemState remote,
                                MailboxItemTombstones remoteTombstones, MailboxItemState common) {
        MailboxItemPlan plan = planner.plan(local, localTombstones, remote, remoteTombstones, common, false);
        // The twin plans the same session with the sides swapped: it must decide alike.
        MailboxItemPlan mirrored = planner.plan(remote, remoteTombstones, local, localTombstones, common, true);
        assertThat(describe(mirrored)).isEqualTo(swapSides(describe(plan)));
        assertThat(mirrored.agreed()).isEqualTo(plan.agreed());
        assertThat(mirrored.honoured(Side.LOCAL)).isEqualTo(plan.honoured(Side.REMOTE));
        return plan;
    }

    private static List<String> describe(MailboxItemPlan plan) {
        return plan.writes().stream().map(Object::toString).collect(Collectors.toList());
    }

    private static List<String> swapSides(List<String> lines) {
        return lines.stream()
            .map(line -> line.replace("LOCAL", "\0").replace("REMOTE", "LOCAL").replace("\0", "REMOTE"))
            .collect(Collectors.toList());
    }

    @Test
    void aNewAnnotationIsCopiedToTheTwin() {
        MailboxItemPlan plan = plan(state(mailbox(WORK, "Work", COMMENT + "=projects")), NONE,
            state(mailbox(WORK, "Work")), NONE, MailboxItemState.NONE);

        assertThat(plan.writes()).containsExactly(new MailboxItemWrite(Side.REMOTE, WORK, "Work", COMMENT,
            java.util.Optional.of("projects"), java.util.Optional.empty(), false));
        assertThat(plan.agreed()).isEqualTo(state(mailbox(WORK, "Work", COMMENT + "=projects")));
    }

    @Test
    void aValueChangedOnOneSideSinceTheLastSessionIsCopied() {
        MailboxItemState common = state(mailbox(WORK, "Work", COMMENT + "=old"));
        MailboxItemPlan plan = plan(state(mailbox(WORK, "Work", COMMENT + "=old")), NONE,
            state(mailbox(WORK, "Work", COMMENT + "=new")), NONE, common);

        assertThat(describe(plan)).containsExactly("set /private/comment of Work (uidvalidity 101) on LOCAL");
        assertThat(plan.writes().get(0).value()).contains("new");
        assertThat(plan.writes().get(0).replacing()).contains("old");
        assertThat(plan.agreed()).isEqualTo(state(mailbox(WORK, "Work", COMMENT + "=new")));
    }

    @Test
    void aRemovalWithItsTombstoneIsCarriedOutOnTheTwin() {
        MailboxItemState common = state(mailbox(WORK, "Work", COMMENT + "=x", COLOR + "=red"));
        MailboxItemPlan plan = plan(state(mailbox(WORK, "Work", COLOR + "=red")), removed(WORK, COMMENT),
            state(mailbox(WORK, "Work", COMMENT + "=x", COLOR + "=red")), NONE, common);

        assertThat(describe(plan)).containsExactly("remove /private/comment of Work (uidvalidity 101) on REMOTE");
        assertThat(plan.agreed()).isEqualTo(state(mailbox(WORK, "Work", COLOR + "=red")));
        assertThat(plan.honoured(Side.LOCAL)).isEqualTo(removed(WORK, COMMENT));
    }

    @Test
    void absenceIsNotRemoval() {
        // A server that lost the value (or never had it) without its user removing it is refilled.
        MailboxItemState common = state(mailbox(WORK, "Work", COMMENT + "=x"));
        MailboxItemPlan plan = plan(state(mailbox(WORK, "Work")), NONE, state(mailbox(WORK, "Work", COMMENT + "=x")), NONE, common);

        assertThat(describe(plan)).containsExactly("set /private/comment of Work (uidvalidity 101) on LOCAL");
    }

    @Test
    void aValueChangedOnTheTwinBeatsItsRemoval() {
        MailboxItemState common = state(mailbox(WORK, "Work", COMMENT + "=x"));
        MailboxItemPlan plan = plan(state(mailbox(WORK, "Work")), removed(WORK, COMMENT),
            state(mailbox(WORK, "Work", COMMENT + "=changed")), NONE, common);

        assertThat(describe(plan)).containsExactly("set /private/comment of Work (uidvalidity 101) on LOCAL");
        assertThat(plan.agreed()).isEqualTo(state(mailbox(WORK, "Work", COMMENT + "=changed")));
        assertThat(plan.honoured(Side.LOCAL)).as("decided on: overruled").isEqualTo(removed(WORK, COMMENT));
    }

    @Test
    void bothChangedApartTheTieBreakNodesValueWinsOnBoth() {
        MailboxItemState common = state(mailbox(WORK, "Work", COMMENT + "=x"));
        // REMOTE wins ties here (localWinsTies false); the mirrored plan checks the same from the other side.
        MailboxItemPlan plan = plan(state(mailbox(WORK, "Work", COMMENT + "=mine")), NONE,
            state(mailbox(WORK, "Work", COMMENT + "=theirs")), NONE, common);

        assertThat(describe(plan)).containsExactly("set /private/comment of Work (uidvalidity 101) on LOCAL (conflict)");
        assertThat(plan.writes().get(0).value()).contains("theirs");
        assertThat(plan.agreed()).isEqualTo(state(mailbox(WORK, "Work", COMMENT + "=theirs")));
    }

    @Test
    void setOnBothWithoutACommonStateIsAConflictToo() {
        MailboxItemPlan plan = plan(state(mailbox(WORK, "Work", COMMENT + "=mine")), NONE,
            state(mailbox(WORK, "Work", COMMENT + "=theirs")), NONE, MailboxItemState.NONE);

        assertThat(describe(plan)).containsExactly("set /private/comment of Work (uidvalidity 101) on LOCAL (conflict)");
    }

    @Test
    void theSameValueOnBothSidesNeedsNothingAndATombstoneOfAKeyBothLackIsDone() {
        MailboxItemState same = state(mailbox(WORK, "Work", COLOR + "=red"));
        MailboxItemPlan plan = plan(same, removed(WORK, COMMENT), same, removed(WORK, COMMENT), state(mailbox(WORK, "Work",
            COMMENT + "=x", COLOR + "=red")));

        assertThat(plan.writes()).isEmpty();
        assertThat(plan.agreed()).isEqualTo(same);
        assertThat(plan.honoured(Side.LOCAL)).isEqualTo(removed(WORK, COMMENT));
    }

    @Test
    void aRenamedMailboxKeepsItsBaseThroughItsUidValidity() {
        MailboxItemState common = state(mailbox(WORK, "Work", COMMENT + "=x"));
        MailboxItemPlan plan = plan(state(mailbox(WORK, "Projects", COMMENT + "=x")), NONE,
            state(mailbox(WORK, "Projects", COMMENT + "=y")), NONE, common);

        assertThat(describe(plan)).containsExactly("set /private/comment of Projects (uidvalidity 101) on LOCAL");
        assertThat(plan.agreed()).isEqualTo(state(mailbox(WORK, "Projects", COMMENT + "=y")));
    }

    @Test
    void aMailboxOnOneSideOnlyWaitsForTheMailStepWithItsBaseAndRecords() {
        MailboxItemState common = state(mailbox(LISTS, "Lists", COMMENT + "=x"));
        MailboxItemPlan plan = plan(state(mailbox(LISTS, "Lists")), removed(LISTS, COMMENT),
            state(), NONE, common);

        assertThat(plan.writes()).isEmpty();
        assertThat(plan.agreed()).as("the base kept").isEqualTo(common);
        assertThat(plan.honoured(Side.LOCAL)).as("the removal kept for the next session").isEqualTo(NONE);
    }

    @Test
    void theRecordsOfADeletedMailboxAreDoneWith() {
        MailboxItemPlan plan = plan(state(), removed(LISTS, COMMENT), state(), NONE,
            state(mailbox(LISTS, "Lists", COMMENT + "=x")));

        assertThat(plan.agreed()).isEqualTo(MailboxItemState.NONE);
        assertThat(plan.honoured(Side.LOCAL)).isEqualTo(removed(LISTS, COMMENT));
    }

    @Test
    void removalsComeFirstToMakeRoomUnderJamessLimit() {
        MailboxItemState common = state(mailbox(WORK, "Work", COMMENT + "=x"));
        MailboxItemPlan plan = plan(state(mailbox(WORK, "Work", COLOR + "=red")), removed(WORK, COMMENT),
            state(mailbox(WORK, "Work", COMMENT + "=x")), NONE, common);

        assertThat(describe(plan)).containsExactly(
            "remove /private/comment of Work (uidvalidity 101) on REMOTE",
            "set /private/vendor/acme/color of Work (uidvalidity 101) on REMOTE");
    }

    @Test
    void aValueACutSessionWroteIsTheTwinsNotAChangeOfItsTarget() {
        // A session wrote a's "first" to b and was cut before completing; then a's user changed it again.
        MailboxItemTombstones writtenOnB = new MailboxItemTombstones(null,
            List.of(new MailboxItemTombstones.Written(WORK, COMMENT, "first", "w1")));
        MailboxItemPlan plan = plan(state(mailbox(WORK, "Work", COMMENT + "=second")), NONE,
            state(mailbox(WORK, "Work", COMMENT + "=first")), writtenOnB, MailboxItemState.NONE);

        assertThat(describe(plan)).containsExactly("set /private/comment of Work (uidvalidity 101) on REMOTE");
        assertThat(plan.agreed()).isEqualTo(state(mailbox(WORK, "Work", COMMENT + "=second")));
        assertThat(plan.honoured(Side.REMOTE)).as("the written record is done with").isEqualTo(writtenOnB);
    }
}

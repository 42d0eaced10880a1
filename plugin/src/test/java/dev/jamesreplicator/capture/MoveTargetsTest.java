package dev.jamesreplicator.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.jamesreplicator.sync.Tombstones;

class MoveTargetsTest {
    private final MoveTargets targets = new MoveTargets();

    @Test
    void anExpungeOfWhatTheSameSessionJustAddedElsewhereIsAMove() {
        targets.added("7", 42, List.of(new long[] {12, 500, 1_000L}, new long[] {13, 600, 2_000L}));

        assertThat(targets.takeTarget("7", 600, 2_000L)).contains(new Tombstones.MovedTo(42, 13));
        assertThat(targets.takeTarget("7", 500, 1_000L)).contains(new Tombstones.MovedTo(42, 12));
    }

    @Test
    void eachAddedMessageAccountsForOneExpungeOnly() {
        targets.added("7", 42, List.<long[]>of(new long[] {12, 500, 1_000L}));
        targets.takeTarget("7", 500, 1_000L);

        assertThat(targets.takeTarget("7", 500, 1_000L)).isEmpty();
    }

    @Test
    void anExpungeOnAnotherSessionOrOfAnotherMessageIsAPlainExpunge() {
        targets.added("7", 42, List.<long[]>of(new long[] {12, 500, 1_000L}));

        assertThat(targets.takeTarget("8", 500, 1_000L)).isEmpty();
        assertThat(targets.takeTarget("7", 501, 1_000L)).isEmpty();
    }

    @Test
    void onlyTheSessionsLastAddsCount() {
        targets.added("7", 42, List.<long[]>of(new long[] {12, 500, 1_000L}));
        targets.added("7", 43, List.<long[]>of(new long[] {3, 900, 9_000L}));

        assertThat(targets.takeTarget("7", 500, 1_000L)).isEmpty();
    }
}

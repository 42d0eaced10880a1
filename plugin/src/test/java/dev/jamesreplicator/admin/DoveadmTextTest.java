package dev.jamesreplicator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.replicator.Priority;
import dev.jamesreplicator.replicator.QueueRecordsForTests;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.replicator.UserStatus;
import dev.jamesreplicator.state.StateStore;

/** The text of bin/replicator, checked against what Dovecot 2.3's doveadm prints (doveadm-print-table.c). */
class DoveadmTextTest {
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path stateDirectory;

    @Test
    void aTableIsLaidOutAsDoveadmsTablePrinter() {
        // Widths 8, 4, 6 and two separators: 20 of 80, so the first column takes half of the other 60.
        assertThat(DoveadmText.table(List.of(List.of("username", "type", "status"), List.of("a", "full", "Idle"))))
            .isEqualTo(""
                + "username                               type status\n"
                + "a                                      full Idle\n");
    }

    @Test
    void aTableWiderThanEightyColumnsIsNotWidenedAndStaysAligned() {
        String longName = "a-user-name-long-enough-to-fill-eighty-columns-on-its-own@a-rather-long-domain.test";
        assertThat(DoveadmText.table(List.of(List.of("username", "type"), List.of(longName, "full"))))
            .isEqualTo(""
                + "username" + " ".repeat(longName.length() - 8) + " type\n"
                + longName + " full\n");
    }

    @Test
    void perUserStatusHasDoveadmsHeaderFirstAndNextSyncSecsLast() throws Exception {
        try (StateStore store = new StateStore(stateDirectory)) {
            ReplicationQueue queue = QueueRecordsForTests.queue(store, stateDirectory);
            queue.request("idle@x", Priority.HIGH);
            queue.succeeded(queue.take(Duration.ZERO).orElseThrow());
            queue.request("owed@x", Priority.LOW);
            Instant now = Instant.now();

            List<String> lines = DoveadmText.users(queue.status(), now.plusSeconds(3600), DAY).lines().collect(java.util.stream.Collectors.toList());

            assertThat(lines).hasSize(3);
            // 72 of 80 columns: the username column takes 4 more.
            assertThat(lines.get(0)).isEqualTo("username     priority fast sync full sync success sync failed next sync secs");
            assertThat(lines.get(1)).as("never synced in full: due now")
                .matches("idle@x       none     01:00:0\\d  -         01:00:0\\d     -      00:00:00");
            assertThat(lines.get(2)).isEqualTo("owed@x       low      -         -         -            -      00:00:00");
            assertThat(DoveadmText.users(List.of(), now, DAY)).as("the header even with nobody")
                .isEqualTo("username     priority fast sync full sync success sync failed next sync secs\n");
        }
    }

    @Test
    void nextSyncSecsCountsDownToTheNextFullSync() throws Exception {
        try (StateStore store = new StateStore(stateDirectory)) {
            ReplicationQueue queue = QueueRecordsForTests.queue(store, stateDirectory);
            queue.request("u@x", Priority.FULL);
            queue.succeeded(queue.take(Duration.ZERO).orElseThrow());
            UserStatus user = queue.status("u@x").orElseThrow();
            Instant fullSync = user.lastFullSync().orElseThrow();

            assertThat(DoveadmText.untilNextSync(user, fullSync.plus(Duration.ofHours(1)), DAY)).isEqualTo(Duration.ofHours(23));
            assertThat(DoveadmText.untilNextSync(user, fullSync.plus(Duration.ofDays(2)), DAY)).as("overdue")
                .isNegative();
            assertThat(DoveadmText.clock(DoveadmText.untilNextSync(user, fullSync.plus(Duration.ofDays(2)), DAY)))
                .isEqualTo("00:00:00");
        }
    }

    @Test
    void dsyncStatusSaysWhatDoveadmSays() throws Exception {
        try (StateStore store = new StateStore(stateDirectory)) {
            ReplicationQueue queue = QueueRecordsForTests.queue(store, stateDirectory);
            queue.request("u@x", Priority.HIGH);
            queue.take(Duration.ZERO).orElseThrow();

            assertThat(DoveadmText.sessions(queue.status(), 2)).isEqualTo(""
                + "username                 type        status\n"
                + "u@x                      incremental Waiting for dsync to finish\n"
                + "                         -           Idle\n");
        }
    }
    @Test
    void clockIsHoursMinutesSecondsWithUnboundedHours() {
        assertThat(DoveadmText.clock(Duration.ZERO)).isEqualTo("00:00:00");
        assertThat(DoveadmText.clock(Duration.ofSeconds(2 * 3600 + 5 * 60 + 28))).isEqualTo("02:05:28");
        assertThat(DoveadmText.clock(Duration.ofDays(5))).isEqualTo("120:00:00");
        assertThat(DoveadmText.clock(Duration.ofSeconds(-3))).as("clock skew never prints negative").isEqualTo("00:00:00");
    }
}

package dev.jamesreplicator.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.state.StateStore;

class ReplicationQueueTest {
    @TempDir
    Path stateDirectory;

    private final MutableClock clock = new MutableClock();
    private StateStore store;
    private ReplicationQueue queue;

    @BeforeEach
    void open() {
        store = new StateStore(stateDirectory);
        queue = new ReplicationQueue(clock, new QueueRecords(store, stateDirectory));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Stops as James's shutdown does (a last checkpoint) and starts a new queue on the same files. */
    private void restart() {
        queue.checkpoint();
        store.close();
        open();
    }

    /**
     * Starts a new queue without the last checkpoint, as after kill -9: the request log is
     * replayed. (The store's own close still writes its map; QueueDurabilityTest kills a real
     * process.)
     */
    private void restartWithoutCheckpoint() {
        store.close();
        open();
    }

    private Optional<String> take() throws InterruptedException {
        return queue.take(Duration.ZERO).map(ReplicationQueue.Claim::user);
    }

    @Test
    void moreUrgentFirstThenOldestFirst() throws Exception {
        queue.request("low1", Priority.LOW);
        queue.request("high1", Priority.HIGH);
        queue.request("sync1", Priority.SYNC);
        queue.request("low2", Priority.LOW);
        queue.request("high2", Priority.HIGH);
        queue.request("full", Priority.FULL);

        assertThat(take()).contains("sync1");
        assertThat(take()).contains("high1");
        assertThat(take()).contains("high2");
        assertThat(take()).contains("low1");
        assertThat(take()).contains("low2");
        assertThat(take()).contains("full");
        assertThat(take()).isEmpty();
    }

    @Test
    void aPostponedSyncIsOwedAgainAtItsPriorityAfterTheDelay() throws Exception {
        queue.request("u", Priority.HIGH);
        ReplicationQueue.Claim claim = queue.take(Duration.ZERO).orElseThrow();

        assertThat(queue.postponed(claim, Duration.ofMillis(50), Duration.ofSeconds(15))).isEmpty();

        assertThat(take()).as("not before the delay").isEmpty();
        clock.advance(Duration.ofMillis(50));
        ReplicationQueue.Claim again = queue.take(Duration.ZERO).orElseThrow();
        assertThat(again.priority()).isEqualTo(Priority.HIGH);
    }

    @Test
    void aUserPostponedForLongIsAskedAtMostOnceASecond() throws Exception {
        queue.request("u", Priority.HIGH);
        ReplicationQueue.Claim first = queue.take(Duration.ZERO).orElseThrow();
        clock.advance(Duration.ofMillis(200));
        queue.postponed(first, Duration.ofMillis(50), Duration.ofSeconds(15));
        clock.advance(Duration.ofMillis(50));
        ReplicationQueue.Claim second = queue.take(Duration.ZERO).orElseThrow();
        clock.advance(Duration.ofSeconds(8));

        queue.postponed(second, Duration.ofMillis(50), Duration.ofSeconds(15));

        clock.advance(Duration.ofMillis(999));
        assertThat(take()).as("postponed 8 s in a row: not asked again within the second").isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(take()).contains("u");
    }

    @Test
    void postponementsInARowAreReportedOnceWhenTheyLastAndASessionThatRunsStartsTheCountAgain() throws Exception {
        queue.request("u", Priority.LOW);
        List<Optional<Duration>> reports = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ReplicationQueue.Claim claim = queue.take(Duration.ZERO).orElseThrow();
            clock.advance(Duration.ofSeconds(6));
            reports.add(queue.postponed(claim, Duration.ZERO, Duration.ofSeconds(15)));
            // Postponed for seconds in a row: asked again a second later.
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(reports).containsExactly(Optional.empty(), Optional.empty(), Optional.of(Duration.ofSeconds(20)),
            Optional.empty());

        queue.succeeded(queue.take(Duration.ZERO).orElseThrow());
        queue.request("u", Priority.LOW);
        clock.advance(Duration.ofSeconds(1));
        ReplicationQueue.Claim afterASession = queue.take(Duration.ZERO).orElseThrow();
        clock.advance(Duration.ofSeconds(14));
        assertThat(queue.postponed(afterASession, Duration.ZERO, Duration.ofSeconds(15)))
            .as("counted from the postponed session's start, not the first run's").isEmpty();
    }

    @Test
    void aUsersNextSessionWaitsAsLongAsItsLastOneTookUnlessAClientWaits() throws Exception {
        queue.request("u", Priority.HIGH);
        ReplicationQueue.Claim first = queue.take(Duration.ZERO).orElseThrow();
        clock.advance(Duration.ofMillis(80));
        queue.succeeded(first);
        queue.request("u", Priority.HIGH);
        queue.request("other", Priority.LOW);

        assertThat(take()).as("u pauses; another user goes meanwhile").contains("other");
        assertThat(take()).isEmpty();
        clock.advance(Duration.ofMillis(79));
        assertThat(take()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(take()).contains("u");
    }

    @Test
    void aClientWaitingForTheSyncEndsThePause() throws Exception {
        queue.request("u", Priority.HIGH);
        ReplicationQueue.Claim first = queue.take(Duration.ZERO).orElseThrow();
        clock.advance(Duration.ofMillis(80));
        queue.succeeded(first);
        queue.request("u", Priority.HIGH);
        assertThat(take()).isEmpty();

        queue.awaitSync("u");

        assertThat(take()).contains("u");
    }

    @Test
    void thePauseAfterALongSessionIsBounded() throws Exception {
        queue.request("u", Priority.FULL, true);
        ReplicationQueue.Claim full = queue.take(Duration.ZERO).orElseThrow();
        clock.advance(Duration.ofMinutes(2));
        queue.succeeded(full);
        queue.request("u", Priority.HIGH);

        clock.advance(SyncOrder.LONGEST_PAUSE);

        assertThat(take()).contains("u");
    }

    @Test
    void aUserIsQueuedOnceAtItsMostUrgentPriority() throws Exception {
        queue.request("u", Priority.LOW);
        queue.request("u", Priority.HIGH);
        queue.request("u", Priority.LOW);

        Optional<ReplicationQueue.Claim> claim = queue.take(Duration.ZERO);
        assertThat(claim).map(ReplicationQueue.Claim::priority).contains(Priority.HIGH);
        assertThat(take()).isEmpty();
    }

    @Test
    void aFullRequestStaysFullWhenNewMailRaisesItsPriority() throws Exception {
        queue.request("u", Priority.FULL);
        queue.request("u", Priority.HIGH);

        ReplicationQueue.Claim claim = queue.take(Duration.ZERO).orElseThrow();
        assertThat(claim.priority()).isEqualTo(Priority.HIGH);
        assertThat(claim.full()).isTrue();
        queue.succeeded(claim);
        assertThat(queue.status("u").orElseThrow().lastFullSync()).isPresent();
    }

    @Test
    void aChangeDuringASyncMakesTheUserReadyAgainOnlyAfterIt() throws Exception {
        queue.request("u", Priority.HIGH);
        ReplicationQueue.Claim claim = queue.take(Duration.ZERO).orElseThrow();
        queue.request("u", Priority.HIGH);

        assertThat(take()).as("never handed to two workers").isEmpty();
        queue.succeeded(claim);
        assertThat(take()).contains("u");
    }

    @Test
    void aStreamOfNewMailDoesNotStarveAnOlderLowRequest() throws Exception {
        queue.request("low", Priority.LOW);
        List<String> taken = new ArrayList<>();
        // Two new-mail users always ready: each sync is followed by more mail for it.
        queue.request("busy1", Priority.HIGH);
        queue.request("busy2", Priority.HIGH);
        for (int i = 0; i < 40 && !taken.contains("low"); i++) {
            ReplicationQueue.Claim claim = queue.take(Duration.ZERO).orElseThrow();
            taken.add(claim.user());
            queue.succeeded(claim);
            if (!claim.user().equals("low")) {
                queue.request(claim.user(), Priority.HIGH);
            }
            clock.advance(Duration.ofSeconds(1));
        }

        int waitedSeconds = taken.indexOf("low");
        assertThat(waitedSeconds).as("new mail goes first while the low request is young: " + taken)
            .isGreaterThanOrEqualTo((int) SyncOrder.STARVATION_AGE.toSeconds());
        assertThat(waitedSeconds).as("once it is STARVATION_AGE old, it gets one of the next FAIR_SHARE turns: " + taken)
            .isLessThanOrEqualTo((int) SyncOrder.STARVATION_AGE.toSeconds() + SyncOrder.FAIR_SHARE);
    }

    @Test
    void fairnessNeverReordersAQueueWithoutOldRequests() throws Exception {
        for (int i = 0; i < 10; i++) {
            queue.request("low" + i, Priority.LOW);
            queue.request("high" + i, Priority.HIGH);
        }
        List<String> taken = new ArrayList<>();
        for (Optional<String> user = take(); user.isPresent(); user = take()) {
            taken.add(user.get());
        }
        assertThat(taken.subList(0, 10)).allMatch(user -> user.startsWith("high"));
        assertThat(taken.subList(10, 20)).allMatch(user -> user.startsWith("low"));
    }

    @Test
    void failuresBackOffDoublingUpToTheLongestDelay() throws Exception {
        assertThat(FailureBackoff.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(FailureBackoff.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(FailureBackoff.delay(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(FailureBackoff.delay(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(FailureBackoff.delay(1000)).isEqualTo(Duration.ofSeconds(60));

        queue.request("u", Priority.HIGH);
        ReplicationQueue.Claim claim = queue.take(Duration.ZERO).orElseThrow();
        queue.failed(claim, "twin down");

        assertThat(take()).isEmpty();
        assertThat(queue.status().get(0).waitingAfterFailure()).isTrue();
        assertThat(queue.summary().waitingFailed()).isEqualTo(1);
        clock.advance(FailureBackoff.FIRST_RETRY);
        assertThat(queue.summary().queuedFailed()).as("ready again, counted as a failed request").isEqualTo(1);
        assertThat(queue.summary().queued(Priority.HIGH)).isZero();
        claim = queue.take(Duration.ZERO).orElseThrow();
        assertThat(claim.priority()).as("keeps its priority").isEqualTo(Priority.HIGH);
        queue.failed(claim, "twin down");
        clock.advance(FailureBackoff.FIRST_RETRY);
        assertThat(take()).as("second failure waits twice as long").isEmpty();
        clock.advance(FailureBackoff.FIRST_RETRY);
        claim = queue.take(Duration.ZERO).orElseThrow();

        for (int i = 0; i < 20; i++) {
            queue.failed(claim, "twin down");
            clock.advance(FailureBackoff.LONGEST_RETRY);
            claim = queue.take(Duration.ZERO).orElseThrow();
        }
        queue.succeeded(claim);
        assertThat(queue.status().get(0).consecutiveFailures()).isZero();
        assertThat(queue.status().get(0).lastSuccess()).isPresent();
        assertThat(queue.summary().waitingFailed()).isZero();
    }

    @Test
    void whenTheTwinIsBackEveryWaitingUserGoesAtOnceWithAFreshBackoff() throws Exception {
        for (int i = 0; i < 3; i++) {
            queue.request("u" + i, Priority.HIGH);
        }
        for (int round = 0; round < 8; round++) {
            clock.advance(FailureBackoff.LONGEST_RETRY);
            for (int i = 0; i < 3; i++) {
                queue.failed(queue.take(Duration.ZERO).orElseThrow(), "twin down");
            }
        }
        assertThat(take()).as("all wait a minute").isEmpty();

        assertThat(queue.retryFailedNow()).isEqualTo(3);

        ReplicationQueue.Claim claim = queue.take(Duration.ZERO).orElseThrow();
        assertThat(take()).isPresent();
        assertThat(take()).isPresent();
        queue.failed(claim, "users not created yet on the twin");
        clock.advance(FailureBackoff.FIRST_RETRY);
        assertThat(take()).as("the backoff starts again from its first step").contains(claim.user());
    }

    @Test
    void aRequestAndItsPriorityOutliveARestart() throws Exception {
        queue.request("low", Priority.LOW);
        queue.request("high", Priority.HIGH);
        queue.request("idle", Priority.HIGH);
        queue.succeeded(queue.take(Duration.ZERO).orElseThrow());

        restart();

        assertThat(queue.summary().knownUsers()).isEqualTo(3);
        assertThat(queue.take(Duration.ZERO).map(ReplicationQueue.Claim::priority)).contains(Priority.HIGH);
        assertThat(take()).contains("low");
        assertThat(take()).as("a user without pending work is known, not queued").isEmpty();
    }

    @Test
    void requestsLoggedAfterTheLastCheckpointAreReplayedAndRemovalsToo() throws Exception {
        queue.request("a", Priority.LOW);
        queue.request("gone", Priority.HIGH);
        queue.checkpoint();
        queue.request("a", Priority.HIGH);
        queue.request("b", Priority.LOW);
        queue.remove("gone");

        restartWithoutCheckpoint();

        assertThat(queue.status("a").orElseThrow().pending()).contains(Priority.HIGH);
        assertThat(queue.status("b").orElseThrow().pending()).contains(Priority.LOW);
        assertThat(queue.status("gone")).isEmpty();
    }

    @Test
    void aSyncRunningWhenTheProcessDiesIsOwedAgain() throws Exception {
        queue.request("u", Priority.HIGH);
        queue.checkpoint();
        ReplicationQueue.Claim running = queue.take(Duration.ZERO).orElseThrow();
        assertThat(running.user()).isEqualTo("u");
        queue.checkpoint();

        restart();

        ReplicationQueue.Claim again = queue.take(Duration.ZERO).orElseThrow();
        assertThat(again.user()).isEqualTo("u");
        assertThat(again.priority()).isEqualTo(Priority.HIGH);
    }

    @Test
    void failureHistoryOutlivesARestartAndTheRetryIsImmediate() throws Exception {
        queue.request("u", Priority.HIGH);
        queue.failed(queue.take(Duration.ZERO).orElseThrow(), "FAILED: connection refused");

        restart();

        UserStatus status = queue.status("u").orElseThrow();
        assertThat(status.consecutiveFailures()).isEqualTo(1);
        assertThat(status.lastError()).contains("FAILED: connection refused");
        assertThat(take()).contains("u");
    }

    /**
     * ReplicatorOutageIT after kill -9: the restored high request is retried at once, the start-up
     * listing asks a full sync of every user while that retry runs, and status shows the queued
     * full sync until the retry fails and gives its priority back (merged, not replaced).
     */
    @Test
    void aRestoredRequestKeepsItsPriorityWhenTheStartUpFullSyncComesWhileItsRetryRuns() throws Exception {
        queue.request("u", Priority.HIGH);
        queue.failed(queue.take(Duration.ZERO).orElseThrow(), "FAILED: connection refused");

        restartWithoutCheckpoint();

        ReplicationQueue.Claim retry = queue.take(Duration.ZERO).orElseThrow();
        assertThat(retry.priority()).isEqualTo(Priority.HIGH);
        assertThat(retry.full()).as("the request restored as it was asked").isFalse();
        queue.request("u", Priority.FULL, true);
        assertThat(queue.status("u").orElseThrow().pending()).as("status shows what is queued, not what runs")
            .contains(Priority.FULL);

        queue.failed(retry, "FAILED: connection refused");

        UserStatus status = queue.status("u").orElseThrow();
        assertThat(status.pending()).contains(Priority.HIGH);
        assertThat(status.pendingFull()).isTrue();
        assertThat(status.failed()).isTrue();
    }

    @Test
    void addMakesANewUserOweAFullSyncAndLeavesAFullySyncedOneAlone() throws Exception {
        assertThat(queue.add("new")).isTrue();
        ReplicationQueue.Claim claim = queue.take(Duration.ZERO).orElseThrow();
        assertThat(claim.priority()).isEqualTo(Priority.FULL);
        queue.succeeded(claim);

        assertThat(queue.add("new")).isFalse();
        assertThat(take()).isEmpty();
        assertThat(queue.addAll(List.of("new", "other"))).isEqualTo(1);
    }

    @Test
    void removeForgetsAUserEvenWhileItSyncs() throws Exception {
        queue.request("u", Priority.HIGH);
        ReplicationQueue.Claim claim = queue.take(Duration.ZERO).orElseThrow();

        assertThat(queue.remove("u")).isTrue();
        queue.succeeded(claim);

        assertThat(queue.status()).isEmpty();
        restart();
        assertThat(queue.status()).isEmpty();
        assertThat(queue.remove("u")).isFalse();
    }

    @Test
    void fullSyncsComeDueAfterTheInterval() throws Exception {
        queue.add("u");
        queue.succeeded(queue.take(Duration.ZERO).orElseThrow());
        Duration interval = Duration.ofHours(24);

        clock.advance(Duration.ofHours(23));
        assertThat(queue.requestFullSyncsDue(interval)).isZero();
        clock.advance(Duration.ofHours(1));
        assertThat(queue.requestFullSyncsDue(interval)).isEqualTo(1);
        assertThat(queue.summary().queued(Priority.FULL)).isEqualTo(1);
        assertThat(queue.requestFullSyncsDue(interval)).as("not queued twice").isZero();
    }

    @Test
    void aWaitingWorkerWakesOnARequest() throws Exception {
        Thread requester = new Thread(() -> queue.request("u", Priority.HIGH));
        requester.start();

        assertThat(queue.take(Duration.ofSeconds(10)).map(ReplicationQueue.Claim::user)).contains("u");
        requester.join();
    }
}

package dev.jamesreplicator.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.config.UserMask;
import dev.jamesreplicator.state.NoReplicateList;
import dev.jamesreplicator.state.StateStore;

/** Users left out of replication: known, owed nothing, waited for by nobody; owed a full sync once let go. */
class ReplicationQueueNoReplicateTest {
    @TempDir
    Path stateDirectory;

    private final MutableClock clock = new MutableClock();
    private StateStore store;
    private NoReplicateList list;
    private ReplicationQueue queue;

    @BeforeEach
    void open() {
        store = new StateStore(stateDirectory);
        list = new NoReplicateList(store, List.of(UserMask.of("archive@x"), UserMask.of("*@lists.x")), clock);
        queue = new ReplicationQueue(clock, new QueueRecords(store, stateDirectory), list::excludes);
        list.onChange(queue::noReplicateChanged);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Optional<ReplicationQueue.Claim> take() throws InterruptedException {
        return queue.take(Duration.ZERO);
    }

    @Test
    void aUserLeftOutIsKnownButNeverQueued() throws Exception {
        queue.request("archive@x", Priority.HIGH);
        queue.request("dev@lists.x", Priority.FULL, true);
        queue.request("alice@x", Priority.LOW);

        assertThat(take()).map(ReplicationQueue.Claim::user).hasValue("alice@x");
        assertThat(take()).isEmpty();
        UserStatus archive = queue.status("archive@x").orElseThrow();
        assertThat(archive.noReplicate()).isTrue();
        assertThat(archive.pending()).isEmpty();
        assertThat(queue.status("alice@x").orElseThrow().noReplicate()).isFalse();
        QueueSummary summary = queue.summary();
        assertThat(summary.knownUsers()).isEqualTo(3);
        assertThat(summary.noReplicate()).isEqualTo(2);
        assertThat(summary.queued(Priority.HIGH) + summary.queued(Priority.FULL)).isZero();
    }

    @Test
    void addAndTheFullSyncSweepPassOverAUserLeftOut() throws Exception {
        assertThat(queue.add("archive@x")).isFalse();
        assertThat(queue.add("alice@x")).isTrue();
        take().ifPresent(queue::succeeded);
        clock.advance(Duration.ofDays(2));

        assertThat(queue.requestFullSyncsDue(Duration.ofDays(1))).as("alice only").isEqualTo(1);
        assertThat(take()).map(ReplicationQueue.Claim::user).hasValue("alice@x");
        assertThat(take()).isEmpty();
    }

    @Test
    void nobodyWaitsForTheSyncOfAUserLeftOut() {
        queue.request("archive@x", Priority.HIGH);

        assertThat(queue.awaitSync("archive@x")).isCompleted();
    }

    @Test
    void leavingAUserOutAtRuntimeDropsWhatItIsOwedAndReleasesWhoeverWaits() throws Exception {
        queue.request("bob@x", Priority.HIGH);
        CompletableFuture<Void> waiting = queue.awaitSync("bob@x");
        assertThat(waiting).isNotDone();

        list.add(UserMask.of("bob@x"));

        assertThat(waiting).isCompleted();
        assertThat(queue.status("bob@x").orElseThrow().noReplicate()).isTrue();
        assertThat(queue.status("bob@x").orElseThrow().pending()).isEmpty();
        assertThat(take()).isEmpty();
        queue.request("bob@x", Priority.HIGH);
        assertThat(take()).isEmpty();
    }

    @Test
    void aSyncRunningWhenTheUserIsLeftOutFinishesAndIsNotRepeated() throws Exception {
        queue.request("bob@x", Priority.HIGH);
        ReplicationQueue.Claim running = take().orElseThrow();
        queue.request("bob@x", Priority.LOW);

        list.add(UserMask.of("bob@x"));
        queue.succeeded(running);

        assertThat(take()).isEmpty();
        assertThat(queue.status("bob@x").orElseThrow().lastSuccess()).isPresent();
    }

    @Test
    void aUserLetGoIsOwedAFullSync() throws Exception {
        list.add(UserMask.of("bob@x"));
        queue.request("bob@x", Priority.HIGH);
        assertThat(take()).isEmpty();

        list.remove(UserMask.of("bob@x"));

        ReplicationQueue.Claim claim = take().orElseThrow();
        assertThat(claim.user()).isEqualTo("bob@x");
        assertThat(claim.full()).isTrue();
        assertThat(queue.status("bob@x").orElseThrow().noReplicate()).isFalse();
    }

    @Test
    void aUserTheTwinRefusedAndThisNodeLetsGoIsSyncedAtOnceNotAfterTheRecheck() throws Exception {
        // noReplicateIT: b left dave out, refused a's session; then both left him out, and both
        // let him go, b first (refused again by a) and a last: a must sync him now, not in 5 minutes.
        queue.request("dave@x", Priority.HIGH);
        queue.refusedByTwin(take().orElseThrow(), "node 'b' leaves user dave@x out");
        list.add(UserMask.of("dave@x"));

        list.remove(UserMask.of("dave@x"));

        ReplicationQueue.Claim claim = take().orElseThrow();
        assertThat(claim.user()).isEqualTo("dave@x");
        assertThat(claim.full()).isTrue();
        assertThat(queue.status("dave@x").orElseThrow().twinRefusal()).as("asked afresh").isEmpty();
    }

    @Test
    void aUserTheTwinRefusedAndThenOpenedItselfIsSyncedAtOnce() throws Exception {
        queue.request("erin@x", Priority.HIGH);
        queue.refusedByTwin(take().orElseThrow(), "node 'b' leaves user erin@x out");
        queue.request("erin@x", Priority.HIGH);
        assertThat(take()).as("waits for the recheck").isEmpty();

        queue.twinSyncs("erin@x");

        assertThat(take()).map(ReplicationQueue.Claim::user).hasValue("erin@x");
        assertThat(queue.status("erin@x").orElseThrow().twinRefusal()).isEmpty();
    }

    @Test
    void aRequestOwedFromTheLastRunIsDroppedForAUserLeftOutSince() throws Exception {
        queue.request("bob@x", Priority.HIGH);
        queue.checkpoint();
        list.add(UserMask.of("bob@x"));
        store.close();

        store = new StateStore(stateDirectory);
        list = new NoReplicateList(store, List.of(), clock);
        queue = new ReplicationQueue(clock, new QueueRecords(store, stateDirectory), list::excludes);

        assertThat(queue.status("bob@x").orElseThrow().noReplicate()).isTrue();
        assertThat(queue.summary().oldestRequest()).isEmpty();
        assertThat(take()).isEmpty();
    }

    @Test
    void aUserTheTwinRefusesWaitsMinutesNotSecondsAndIsWarnedAboutOnce() throws Exception {
        queue.request("carol@x", Priority.HIGH);
        CompletableFuture<Void> waiting = queue.awaitSync("carol@x");

        assertThat(queue.refusedByTwin(take().orElseThrow(), "node 'b' leaves user carol@x out")).as("the first").isTrue();

        assertThat(waiting).as("nobody waits for the twin's refusal").isCompleted();
        queue.request("carol@x", Priority.HIGH);
        assertThat(queue.awaitSync("carol@x")).isCompleted();
        UserStatus carol = queue.status("carol@x").orElseThrow();
        assertThat(carol.twinRefusal()).hasValue("node 'b' leaves user carol@x out");
        assertThat(carol.failed()).as("not a failure").isFalse();
        QueueSummary summary = queue.summary();
        assertThat(summary.refusedByTwin()).isEqualTo(1);
        assertThat(summary.oldestRequest()).as("not late: refused").isEmpty();
        assertThat(summary.waitingFailed()).isZero();

        clock.advance(ReplicationQueue.TWIN_REFUSAL_RECHECK.minusSeconds(1));
        assertThat(take()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.refusedByTwin(take().orElseThrow(), "again")).as("warned once").isFalse();

        clock.advance(ReplicationQueue.TWIN_REFUSAL_RECHECK);
        queue.succeeded(take().orElseThrow());
        assertThat(queue.status("carol@x").orElseThrow().twinRefusal()).as("the twin syncs it again").isEmpty();
        assertThat(queue.summary().refusedByTwin()).isZero();
    }
}

package dev.jamesreplicator.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.state.StateStore;

/**
 * Waiting for the twin: which sync releases a waiting client, and the sync priority a user is
 * owed while one waits (new mail is requested at high, as the listener does).
 */
class ReplicationQueueWaitTest {
    @TempDir
    Path stateDirectory;

    private StateStore store;
    private ReplicationQueue queue;

    @BeforeEach
    void open() {
        store = new StateStore(stateDirectory);
        queue = new ReplicationQueue(new MutableClock(), new QueueRecords(store, stateDirectory));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ReplicationQueue.Claim take() throws InterruptedException {
        return queue.take(Duration.ZERO).orElseThrow();
    }

    private Priority pending(String user) {
        return queue.status(user).orElseThrow().pending().orElse(null);
    }

    @Test
    void aSyncThatBeganAfterTheRequestReleasesTheWaiter() throws Exception {
        queue.request("u", Priority.HIGH);
        CompletableFuture<Void> synced = queue.awaitSync("u");
        ReplicationQueue.Claim claim = take();
        assertThat(synced).isNotDone();

        queue.succeeded(claim);

        assertThat(synced).isCompleted();
        assertThat(queue.awaitSync("u")).as("nothing new to wait for").isCompleted();
    }

    @Test
    void aSyncAlreadyRunningWhenTheMailCameDoesNotReleaseIt() throws Exception {
        queue.request("u", Priority.HIGH);
        ReplicationQueue.Claim running = take();
        queue.request("u", Priority.HIGH);
        CompletableFuture<Void> synced = queue.awaitSync("u");

        queue.succeeded(running);
        assertThat(synced).as("that sync may have read the mailbox before the new mail").isNotDone();

        queue.succeeded(take());
        assertThat(synced).isCompleted();
    }

    @Test
    void aFailedSyncReleasesNobody() throws Exception {
        queue.request("u", Priority.HIGH);
        CompletableFuture<Void> synced = queue.awaitSync("u");

        queue.failed(take(), "twin unreachable");

        assertThat(synced).isNotDone();
        assertThat(pending("u")).as("still waited for").isEqualTo(Priority.SYNC);
    }

    @Test
    void givingUpTheWaitLowersTheRequestToHigh() throws Exception {
        queue.request("u", Priority.HIGH);
        CompletableFuture<Void> first = queue.awaitSync("u");
        queue.request("u", Priority.HIGH);
        CompletableFuture<Void> second = queue.awaitSync("u");

        assertThat(queue.stopWaiting("u", first)).isTrue();
        assertThat(pending("u")).as("someone still waits").isEqualTo(Priority.SYNC);
        assertThat(queue.stopWaiting("u", second)).isTrue();
        assertThat(pending("u")).isEqualTo(Priority.HIGH);
        assertThat(queue.stopWaiting("u", second)).as("given up already").isFalse();
    }

    @Test
    void aFailedSyncWithNobodyWaitingIsRetriedAtHigh() throws Exception {
        queue.request("u", Priority.HIGH);
        CompletableFuture<Void> synced = queue.awaitSync("u");
        ReplicationQueue.Claim claim = take();
        queue.stopWaiting("u", synced);

        queue.failed(claim, "twin unreachable");

        assertThat(pending("u")).isEqualTo(Priority.HIGH);
    }

    @Test
    void aReleasedWaiterCannotBeGivenUp() throws Exception {
        queue.request("u", Priority.HIGH);
        CompletableFuture<Void> synced = queue.awaitSync("u");
        queue.succeeded(take());

        assertThat(queue.stopWaiting("u", synced)).isFalse();
    }

    @Test
    void unknownUsersAndRemovedUsersHaveNothingToWaitFor() throws Exception {
        assertThat(queue.awaitSync("nobody")).isCompleted();

        queue.request("u", Priority.HIGH);
        CompletableFuture<Void> synced = queue.awaitSync("u");
        queue.remove("u");
        assertThat(synced).isCompleted();
    }

    @Test
    void stoppingReleasesEveryWaiter() {
        queue.request("u", Priority.HIGH);
        queue.request("v", Priority.HIGH);
        CompletableFuture<Void> u = queue.awaitSync("u");
        CompletableFuture<Void> v = queue.awaitSync("v");

        queue.releaseWaiters();

        assertThat(u).isCompleted();
        assertThat(v).isCompleted();
    }

    @Test
    void aSyncRequestOwedAtRestartIsHigh() {
        queue.request("u", Priority.SYNC);
        store.close();
        open();

        assertThat(pending("u")).as("its waiters went with the last run").isEqualTo(Priority.HIGH);
    }
}

package dev.jamesreplicator.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.dropwizard.DropWizardMetricFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.codahale.metrics.MetricRegistry;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.config.UserMask;
import dev.jamesreplicator.state.NoReplicateList;
import dev.jamesreplicator.state.OwnSessions;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.ReplicationLink;

class NewMailWaitsTest {
    /** Only the test of the timeout waits it out; the others must not race it on a slow machine. */
    private static final Duration SYNC_TIMEOUT = Duration.ofMillis(300);
    private static final Duration LONG_TIMEOUT = Duration.ofMinutes(1);

    @TempDir
    Path stateDirectory;

    private final OwnSessions ownSessions = new OwnSessions();
    private final ReplicationLink link = new ReplicationLink();
    private final TwinOutage outage = new TwinOutage();
    private StateStore store;
    private ReplicationQueue queue;
    private ReplicatorMetrics metrics;
    private NewMailWaits waits;

    @BeforeEach
    void start() {
        store = new StateStore(stateDirectory);
        queue = new ReplicationQueue(new QueueRecords(store, stateDirectory));
        metrics = new ReplicatorMetrics(new DropWizardMetricFactory(new MetricRegistry()), new NoopGaugeRegistry(), queue);
        waits = waitsWithTimeout(LONG_TIMEOUT);
    }

    private NewMailWaits waitsWithTimeout(Duration timeout) {
        ReplicationConfig config = new ReplicationConfig("a", new HostPort("127.0.0.1", 1), new HostPort("127.0.0.1", 2),
            "0123456789abcdef", 1, Duration.ofDays(1), timeout, stateDirectory);
        return new NewMailWaits(queue, ownSessions, link, metrics, outage, config);
    }

    @AfterEach
    void stop() {
        waits.stop();
        store.close();
    }

    private CompletableFuture<?> newMail(String user, long sessionId) {
        queue.request(user, Priority.HIGH);
        return nullOrFuture(waits.afterAppend(user, sessionId));
    }

    private static CompletableFuture<?> nullOrFuture(java.util.concurrent.CompletionStage<?> stage) {
        return stage == null ? null : stage.toCompletableFuture();
    }

    @Test
    void newMailOfAUserLeftOutOfReplicationDoesNotWait() {
        waits.stop();
        NoReplicateList noReplicate = new NoReplicateList(store, List.of(UserMask.of("archive@*")), java.time.Clock.systemUTC());
        queue = new ReplicationQueue(new QueueRecords(store, stateDirectory), noReplicate);
        waits = waitsWithTimeout(LONG_TIMEOUT);

        assertThat(newMail("archive@example.test", 1)).as("answered at once").isNull();
        assertThat(metrics.syncWaits()).isZero();
        assertThat(newMail("alice@example.test", 2)).as("another user waits").isNotDone();
    }

    @Test
    void aSuccessfulSyncAnswersTheClientBeforeTheTimeout() throws Exception {
        CompletableFuture<?> held = newMail("u", 1);
        assertThat(held).isNotDone();

        queue.succeeded(queue.take(Duration.ZERO).orElseThrow());

        assertThat(held).isCompleted();
        assertThat(metrics.syncWaits()).isEqualTo(1);
        assertThat(metrics.syncTimeouts()).isZero();
    }

    @Test
    void withoutASyncTheClientHearsOkAfterTheTimeoutAndTheRequestFallsBackToHigh() throws Exception {
        waits.stop();
        waits = waitsWithTimeout(SYNC_TIMEOUT);
        long started = System.nanoTime();
        CompletableFuture<?> held = newMail("u", 1);

        held.get(10, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(SYNC_TIMEOUT);
        assertThat(metrics.syncTimeouts()).isEqualTo(1);
        assertThat(queue.status("u").orElseThrow().pending()).contains(Priority.HIGH);
    }

    @Test
    void syncSessionsOwnWritesAreNotHeld() {
        ownSessions.add(7);
        assertThat(newMail("u", 7)).isNull();
    }

    @Test
    void nothingIsHeldWhileTheLinkIsPaused() {
        link.pause();
        assertThat(newMail("u", 1)).isNull();
    }

    @Test
    void nothingIsHeldWithoutASyncTimeout() {
        waits.stop();
        waits = waitsWithTimeout(Duration.ZERO);
        assertThat(waits.enabled()).isFalse();
        assertThat(newMail("u", 1)).isNull();
    }

    @Test
    void whileTheTwinIsKnownUnreachableNewMailIsAnsweredWithoutWaiting() {
        outage.unreachable("connection refused");

        assertThat(newMail("u", 1)).isNull();
        assertThat(newMail("v", 2)).isNull();
        assertThat(metrics.syncTwinDown()).isEqualTo(2);
        assertThat(metrics.syncWaits()).isZero();
        assertThat(queue.status("u").orElseThrow().pending()).as("still owed its sync").contains(Priority.HIGH);
    }

    @Test
    void aClientWaitingWhenTheTwinBecomesUnreachableIsAnsweredThen() {
        CompletableFuture<?> held = newMail("u", 1);
        assertThat(held).isNotDone();

        outage.unreachable("connection reset");

        assertThat(held).as("answered without the timeout (one minute here)").isCompleted();
        assertThat(metrics.syncTimeouts()).isZero();
        assertThat(metrics.syncTwinDown()).isEqualTo(1);
        assertThat(queue.status("u").orElseThrow().pending()).as("no client waits: high again").contains(Priority.HIGH);
    }

    @Test
    void aSessionThatSucceedsMakesNewMailWaitAgain() throws Exception {
        outage.unreachable("connection refused");
        assertThat(newMail("u", 1)).isNull();

        queue.succeeded(queue.take(Duration.ZERO).orElseThrow());
        outage.sessionSucceeded();

        CompletableFuture<?> held = newMail("u", 2);
        assertThat(held).isNotDone();
        queue.succeeded(queue.take(Duration.ZERO).orElseThrow());
        assertThat(held).isCompleted();
        assertThat(metrics.syncTwinDown()).isEqualTo(1);
        assertThat(metrics.syncWaits()).isEqualTo(1);
    }

    @Test
    void stoppingAnswersWhoeverWaits() {
        CompletableFuture<?> held = newMail("u", 1);
        waits.stop();
        assertThat(held).isCompleted();
    }
}

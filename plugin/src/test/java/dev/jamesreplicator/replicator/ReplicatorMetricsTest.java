package dev.jamesreplicator.replicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.apache.james.metrics.dropwizard.DropWizardGaugeRegistry;
import org.apache.james.metrics.dropwizard.DropWizardMetricFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.codahale.metrics.MetricRegistry;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.SyncStats;
import dev.jamesreplicator.sync.UserSync;
import dev.jamesreplicator.wire.WireException;

/** The figures James's metrics show (JMX, and whatever James exports), from real workers. */
class ReplicatorMetricsTest {
    @TempDir
    Path stateDirectory;

    private final MetricRegistry registry = new MetricRegistry();
    private StateStore store;
    private ReplicationQueue queue;
    private SyncWorkers workers;
    private final UserSync userSync = mock(UserSync.class);
    private final TwinOutage outage = new TwinOutage();

    @BeforeEach
    void start() {
        store = new StateStore(stateDirectory);
        queue = new ReplicationQueue(new QueueRecords(store, stateDirectory));
        ReplicationConfig config = new ReplicationConfig("a", new HostPort("127.0.0.1", 1), new HostPort("127.0.0.1", 2),
            "0123456789abcdef", 1, Duration.ofDays(1), Duration.ZERO, stateDirectory);
        ReplicatorMetrics metrics = new ReplicatorMetrics(new DropWizardMetricFactory(registry),
            new DropWizardGaugeRegistry(registry), queue);
        workers = new SyncWorkers(queue, userSync, config, metrics, outage, new LastSessions());
    }

    @AfterEach
    void stop() {
        workers.stop();
        store.close();
    }

    @Test
    void queueLengthsAreGauges() {
        queue.request("a", Priority.HIGH);
        queue.request("b", Priority.LOW);
        queue.request("c", Priority.LOW);

        assertThat(registry.getGauges().get("replication_queue_high").getValue()).isEqualTo(1);
        assertThat(registry.getGauges().get("replication_queue_low").getValue()).isEqualTo(2);
        assertThat(registry.getGauges().get("replication_queue_sync").getValue()).isEqualTo(0);
        assertThat(registry.getGauges().get("replication_known_users").getValue()).isEqualTo(3);
    }

    @Test
    void sessionsAreTimedAndCounted() throws Exception {
        // SyncStats is filled by the sync engine only: an empty one here, the counters exist and add it.
        when(userSync.sync("ok", false)).thenReturn(new SyncStats());
        when(userSync.sync("down", false)).thenThrow(new SyncException(SyncException.Code.FAILED, "cannot reach the twin"));
        queue.request("ok", Priority.HIGH);
        queue.request("down", Priority.HIGH);

        workers.start();
        // James's Metric is a DropWizard meter (a count and rates).
        await("both sessions ran", () -> registry.getMeters().get("replication_sessions_failed").getCount() >= 1
            && registry.getMeters().get("replication_sessions_succeeded").getCount() >= 1);

        assertThat(registry.getMeters()).containsKeys("replication_messages_sent", "replication_messages_received",
            "replication_bytes_sent", "replication_bytes_received", "replication_mailboxes_created",
            "replication_frames_sent", "replication_frames_received", "replication_wire_bytes_sent",
            "replication_wire_bytes_received", "replication_state_entries_received", "replication_common_entries_sent",
            "replication_mailboxes_incremental", "replication_mailboxes_whole", "replication_mailboxes_resent");
        assertThat(registry.getMeters().get("replication_sessions_incremental").getCount()).isEqualTo(1);
        assertThat(registry.getMeters().get("replication_sessions_full").getCount()).isZero();
        assertThat(registry.getMeters().get("replication_sessions_succeeded").getCount()).isEqualTo(1);
        assertThat(registry.getTimers().get("replication_session").getCount()).isGreaterThanOrEqualTo(2);
        assertThat(registry.getGauges().get("replication_queue_waiting_failed").getValue()).isEqualTo(1);
    }

    @Test
    void aSessionRefusedAtTheNetworkMakesTheTwinUnreachableUntilOneSucceeds() throws Exception {
        when(userSync.sync("refused", false)).thenThrow(new SyncException(SyncException.Code.FAILED, "cannot reach the twin",
            new WireException("cannot reach the twin at 127.0.0.1:2", new ConnectException("Connection refused"))));
        when(userSync.sync("answered", false)).thenThrow(new SyncException(SyncException.Code.FAILED, "the twin refused: bad"));
        when(userSync.sync("ok", false)).thenReturn(new SyncStats());
        workers.start();

        queue.request("answered", Priority.HIGH);
        // The session's timer is published last, after the worker told the outage of the failure.
        await("the failed session ended", () -> registry.getTimers().containsKey("replication_session")
            && registry.getTimers().get("replication_session").getCount() >= 1);
        assertThat(outage.unreachable()).as("the twin answered that failure").isEmpty();

        queue.request("refused", Priority.HIGH);
        await("the twin is known unreachable", () -> outage.unreachable().isPresent());

        queue.request("ok", Priority.HIGH);
        await("the twin is reachable again", () -> outage.unreachable().isEmpty());
    }

    @Test
    void aSessionThatLeftWorkForAnotherIsFollowedByOneAndThatOneByNone() throws Exception {
        SyncStats leftNamesUnsettled = new SyncStats();
        leftNamesUnsettled.followUpNeeded();
        when(userSync.sync("user", false)).thenReturn(leftNamesUnsettled, new SyncStats());
        queue.request("user", Priority.HIGH);

        workers.start();
        await("the follow-up ran", () -> registry.getMeters().get("replication_sessions_succeeded").getCount() >= 2);

        await("the user is settled", () -> queue.status("user").map(status -> status.pending().isEmpty()).orElse(false));
        verify(userSync, times(2)).sync("user", false);
    }

    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(condition);
    }
}

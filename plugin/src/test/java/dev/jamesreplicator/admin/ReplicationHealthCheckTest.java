package dev.jamesreplicator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.james.core.healthcheck.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.sync.ReplicationLink;
import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.replicator.MutableClock;
import dev.jamesreplicator.replicator.Priority;
import dev.jamesreplicator.replicator.QueueRecordsForTests;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.replicator.TwinProbe;
import dev.jamesreplicator.state.StateStore;
import reactor.core.publisher.Mono;

class ReplicationHealthCheckTest {
    @TempDir
    Path stateDirectory;

    private final MutableClock clock = new MutableClock();
    private StateStore store;
    private ReplicationQueue queue;
    private ServerSocket twin;
    private final ReplicationLink link = new ReplicationLink();

    @BeforeEach
    void start() throws Exception {
        store = new StateStore(stateDirectory);
        queue = QueueRecordsForTests.queue(store, stateDirectory);
        twin = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws Exception {
        twin.close();
        store.close();
    }

    private ReplicationHealthCheck check(int twinPort) {
        ReplicationConfig config = new ReplicationConfig("a", new HostPort("127.0.0.1", 1), new HostPort("127.0.0.1", twinPort),
            "0123456789abcdef", 3, Duration.ofDays(1), Duration.ZERO, stateDirectory);
        return new ReplicationHealthCheck(queue, new TwinProbe(config), link, clock);
    }

    @Test
    void healthyWhenTheTwinAnswersAndNothingIsOld() {
        Result result = Mono.from(check(twin.getLocalPort()).check()).block();

        assertThat(result.isHealthy()).as(String.valueOf(result)).isTrue();
        assertThat(result.getComponentName().getName()).isEqualTo("Replication");
    }

    @Test
    void degradedAtOnceWhileTheLinkIsPaused() {
        link.pause();

        Result result = check(twin.getLocalPort()).checkNow();

        assertThat(result.isDegraded()).isTrue();
        assertThat(result.getCause()).hasValueSatisfying(cause -> assertThat(cause).contains("paused by an administrator"));
        link.resume();
        assertThat(check(twin.getLocalPort()).checkNow().isHealthy()).isTrue();
    }

    @Test
    void degradedWhenTheTwinDoesNotAnswer() throws Exception {
        int port = twin.getLocalPort();
        twin.close();

        Result result = Mono.from(check(port).check()).block();

        assertThat(result.isDegraded()).isTrue();
        assertThat(result.getCause()).hasValueSatisfying(cause -> assertThat(cause).contains("unreachable"));
    }

    @Test
    void degradedWhenARequestWaitsTooLong() {
        queue.request("u", Priority.LOW);
        // The queue runs on the system clock; the check looks from far ahead.
        clock.advance(Duration.between(clock.instant(), java.time.Instant.now()).plus(ReplicationHealthCheck.OLDEST_REQUEST_LIMIT).plusMinutes(1));

        Result result = check(twin.getLocalPort()).checkNow();

        assertThat(result.isDegraded()).isTrue();
        assertThat(result.getCause()).hasValueSatisfying(cause -> assertThat(cause).contains("oldest replication request"));
    }

    private ReplicationHealthCheck check(List<String> own, java.util.function.Supplier<List<String>> twinMasks) {
        ReplicationConfig config = new ReplicationConfig("a", new HostPort("127.0.0.1", 1), new HostPort("127.0.0.1",
            twin.getLocalPort()), "0123456789abcdef", 3, Duration.ofDays(1), Duration.ZERO, stateDirectory);
        return new ReplicationHealthCheck(queue, new TwinProbe(config), link, clock, () -> own, twinMasks);
    }

    @Test
    void healthyWhenBothNodesLeaveOutTheSameUsers() {
        Result result = check(List.of("*@lists.x", "archive@x"), () -> List.of("*@lists.x", "archive@x")).checkNow();

        assertThat(result.isHealthy()).as(String.valueOf(result)).isTrue();
    }

    @Test
    void degradedWhenTheNoReplicateListsDiffer() {
        Result result = check(List.of("*@lists.x", "archive@x"), () -> List.of("archive@x", "bulk@x")).checkNow();

        assertThat(result.isDegraded()).isTrue();
        assertThat(result.getCause()).hasValueSatisfying(cause -> assertThat(cause)
            .contains("the noReplicate lists differ: only here [*@lists.x], only on the twin [bulk@x]"));
    }

    @Test
    void degradedWhenTheTwinsListCannotBeRead() {
        Result result = check(List.of(), () -> {
            throw new IllegalStateException("the peer refused: unknown op");
        }).checkNow();

        assertThat(result.getCause()).hasValueSatisfying(cause -> assertThat(cause)
            .contains("cannot compare the noReplicate lists").contains("unknown op"));
    }

    @Test
    void degradedWhileTheTwinRefusesUsers() throws Exception {
        queue.request("dev@lists.x", Priority.HIGH);
        queue.refusedByTwin(queue.take(Duration.ZERO).orElseThrow(), "node 'b' leaves user dev@lists.x out");

        Result result = check(List.of(), List::of).checkNow();

        assertThat(result.getCause()).hasValueSatisfying(cause -> assertThat(cause)
            .contains("the twin refuses to sync 1 users it leaves out of replication")
            .doesNotContain("oldest"));
    }
}

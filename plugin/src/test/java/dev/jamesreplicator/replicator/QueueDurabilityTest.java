package dev.jamesreplicator.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.state.StateStore;

/** The listener's promise: a request that {@code request} accepted survives kill -9; and what it costs. */
class QueueDurabilityTest {
    @TempDir
    Path stateDirectory;

    @Test
    void everyAcceptedRequestSurvivesKillDashNine() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            CrashingEnqueuer.class.getName(), stateDirectory.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        List<String> accepted = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (!line.startsWith("accepted ")) {
                    // Whatever else the child prints (logback's own status lines on a class path
                    // with two logback-test.xml, the agent's test fixtures' and ours).
                    continue;
                }
                accepted.add(line.substring("accepted ".length()));
                if (accepted.size() == 3000) {
                    // SIGKILL: no shutdown hook, no store close, mid-write. (Through the handle:
                    // Process.destroyForcibly would also close our end of its output.)
                    child.toHandle().destroyForcibly();
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(3000);

        try (StateStore store = new StateStore(stateDirectory)) {
            ReplicationQueue queue = new ReplicationQueue(new QueueRecords(store, stateDirectory));
            Set<String> owed = queue.status().stream()
                .filter(status -> status.pending().isPresent())
                .map(UserStatus::user)
                .collect(Collectors.toSet());
            assertThat(owed).containsAll(accepted);
            assertThat(queue.status("user0").orElseThrow().pending()).contains(Priority.HIGH);
            assertThat(queue.status("user1").orElseThrow().pending()).contains(Priority.LOW);
        }
    }

    /** Not a timed assertion: prints what the listener pays, for the record (see the report). */
    @Test
    void measureWhatTheListenerPays() {
        try (StateStore store = new StateStore(stateDirectory)) {
            QueueRecords records = new QueueRecords(store, stateDirectory);
            ReplicationQueue queue = new ReplicationQueue(records);
            int users = 5000;
            for (int i = 0; i < 500; i++) {
                queue.request("warmup" + i, Priority.HIGH);
            }
            long[] newRequest = new long[users];
            for (int i = 0; i < users; i++) {
                long start = System.nanoTime();
                queue.request("user" + i, Priority.HIGH);
                newRequest[i] = System.nanoTime() - start;
            }
            long[] alreadyQueued = new long[users];
            for (int i = 0; i < users; i++) {
                long start = System.nanoTime();
                queue.request("user" + i, Priority.HIGH);
                alreadyQueued[i] = System.nanoTime() - start;
            }
            System.out.println("listener enqueue, new request (map put + log append): " + percentiles(newRequest));
            System.out.println("listener enqueue, user already queued (no write): " + percentiles(alreadyQueued));
            long start = System.nanoTime();
            queue.checkpoint();
            System.out.printf("checkpoint of %d requests: %.1f ms%n", users + 500, (System.nanoTime() - start) / 1e6);
            System.out.println("state file: " + stateDirectory.resolve(StateStore.FILE_NAME).toFile().length() / 1024 + " KiB");
            assertThat(queue.summary().queued(Priority.HIGH)).isEqualTo(users + 500);
        }
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("p50 %.1f us, p99 %.1f us, max %.1f us", sorted[sorted.length / 2] / 1000.0,
            sorted[(int) (sorted.length * 0.99)] / 1000.0, sorted[sorted.length - 1] / 1000.0);
    }

}

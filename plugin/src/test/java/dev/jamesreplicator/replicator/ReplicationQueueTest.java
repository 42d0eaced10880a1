package dev.jamesreplicator.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ReplicationQueueTest {
    private final MutableClock clock = new MutableClock();
    private final ReplicationQueue queue = new ReplicationQueue(clock);

    private Optional<String> take() throws InterruptedException {
        return queue.take(Duration.ZERO).map(ReplicationQueue.Claim::user);
    }

    @Test
    void moreUrgentFirstThenOldestFirst() throws Exception {
        queue.request("low1", Priority.LOW);
        queue.request("high1", Priority.HIGH);
        queue.request("low2", Priority.LOW);
        queue.request("high2", Priority.HIGH);
        queue.request("full", Priority.FULL);

        assertThat(take()).contains("high1");
        assertThat(take()).contains("high2");
        assertThat(take()).contains("low1");
        assertThat(take()).contains("low2");
        assertThat(take()).contains("full");
        assertThat(take()).isEmpty();
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
    void aChangeDuringASyncMakesTheUserReadyAgainOnlyAfterIt() throws Exception {
        queue.request("u", Priority.HIGH);
        ReplicationQueue.Claim claim = queue.take(Duration.ZERO).orElseThrow();
        queue.request("u", Priority.HIGH);

        assertThat(take()).as("never handed to two workers").isEmpty();
        queue.succeeded(claim);
        assertThat(take()).contains("u");
    }

    @Test
    void failuresBackOffDoublingUpToTheLongestDelay() throws Exception {
        queue.request("u", Priority.HIGH);
        ReplicationQueue.Claim claim = queue.take(Duration.ZERO).orElseThrow();
        queue.failed(claim, "twin down");

        assertThat(take()).isEmpty();
        assertThat(queue.status().get(0).waitingAfterFailure()).isTrue();
        clock.advance(ReplicationQueue.FIRST_RETRY);
        claim = queue.take(Duration.ZERO).orElseThrow();
        assertThat(claim.priority()).isEqualTo(Priority.HIGH);
        queue.failed(claim, "twin down");
        clock.advance(ReplicationQueue.FIRST_RETRY);
        assertThat(take()).as("second failure waits twice as long").isEmpty();
        clock.advance(ReplicationQueue.FIRST_RETRY);
        claim = queue.take(Duration.ZERO).orElseThrow();

        for (int i = 0; i < 20; i++) {
            queue.failed(claim, "twin down");
            clock.advance(ReplicationQueue.LONGEST_RETRY);
            claim = queue.take(Duration.ZERO).orElseThrow();
        }
        queue.succeeded(claim);
        assertThat(queue.status().get(0).consecutiveFailures()).isZero();
        assertThat(queue.status().get(0).lastSuccess()).isPresent();
    }

    @Test
    void aWaitingWorkerWakesOnARequest() throws Exception {
        Thread requester = new Thread(() -> queue.request("u", Priority.HIGH));
        requester.start();

        assertThat(queue.take(Duration.ofSeconds(10)).map(ReplicationQueue.Claim::user)).contains("u");
        requester.join();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

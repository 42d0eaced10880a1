package dev.jamesreplicator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.google.common.base.Ticker;

import dev.jamesreplicator.config.HostPort;

/** Issue 14, item 5: the allow-list's DNS look-up never runs on the thread that accepts connections. */
class AllowListTest {
    private final AtomicLong now = new AtomicLong();
    private final Ticker ticker = new Ticker() {
        @Override
        public long read() {
            return now.get();
        }
    };

    @Test
    void aDnsThatHangsDoesNotHoldTheAcceptingThreadAndAMovedTwinIsLetInOnceItAnswers() throws Exception {
        AtomicReference<InetAddress[]> twinAddresses = new AtomicReference<>(new InetAddress[] {address("192.0.2.1")});
        CountDownLatch dnsAnswers = new CountDownLatch(1);
        AtomicInteger lookUps = new AtomicInteger();
        AllowList allowList = new AllowList(List.of(), new HostPort("twin.example.test", 12345), ticker, host -> {
            if (lookUps.incrementAndGet() > 1) {
                awaitQuietly(dnsAnswers);
            }
            return twinAddresses.get();
        });
        assertThat(allowList.allows(address("192.0.2.1"))).isTrue();

        // The twin moves; its DNS name now hangs.
        twinAddresses.set(new InetAddress[] {address("192.0.2.9")});
        now.addAndGet(TimeUnit.MINUTES.toNanos(2));
        for (int knock = 0; knock < 5; knock++) {
            CompletableFuture<Boolean> allowed = CompletableFuture.supplyAsync(() -> allowList.allows(address("192.0.2.9")));
            assertThat(allowed.get(2, TimeUnit.SECONDS)).as("answered at once, while the look-up hangs").isFalse();
            assertThat(allowList.allows(address("192.0.2.1"))).as("the known address still gets in").isTrue();
        }
        // The second look-up runs on a thread of its own, which may not have started yet.
        await("the look-up of the moved twin").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
            .until(() -> lookUps.get() >= 2);
        assertThat(lookUps).as("one look-up at a time, though five knocks found the name stale").hasValue(2);

        dnsAnswers.countDown();
        await("the moved twin, once its name resolved").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
            .until(() -> allowList.allows(address("192.0.2.9")));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}

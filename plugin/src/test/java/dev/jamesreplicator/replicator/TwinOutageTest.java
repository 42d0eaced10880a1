package dev.jamesreplicator.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TwinOutageTest {
    private final MutableClock clock = new MutableClock();
    private final TwinOutage outage = new TwinOutage(clock);

    @Test
    void aSuccessAfterFailuresLastingAWhileEndsAnOutage() {
        outage.sessionFailed();
        clock.advance(TwinOutage.MIN_OUTAGE);
        outage.sessionFailed();

        assertThat(outage.sessionSucceeded()).isTrue();
        assertThat(outage.sessionSucceeded()).as("only once").isFalse();
    }

    @Test
    void oneUserFailingAmongSuccessesIsNoOutage() {
        for (int i = 0; i < 10; i++) {
            outage.sessionFailed();
            clock.advance(Duration.ofMillis(500));
            assertThat(outage.sessionSucceeded()).isFalse();
        }
    }
}

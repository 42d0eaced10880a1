package dev.jamesreplicator.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.google.common.base.Ticker;

class LogBudgetTest {
    private final AtomicLong now = new AtomicLong();
    private final LogBudget budget = new LogBudget(2, Duration.ofMinutes(1), new Ticker() {
        @Override
        public long read() {
            return now.get();
        }
    });

    @Test
    void writesItsLinesPerPeriodThenHoldsBackAndSaysHowManyInTheNextPeriod() {
        assertThat(budget.spend()).isZero();
        assertThat(budget.spend()).isZero();
        assertThat(budget.spend()).as("over budget").isEqualTo(-1);
        assertThat(budget.spend()).isEqualTo(-1);

        now.addAndGet(Duration.ofMinutes(1).toNanos());

        assertThat(budget.spend()).as("held back since the last line written").isEqualTo(2);
        assertThat(budget.spend()).isZero();
        assertThat(budget.spend()).isEqualTo(-1);
    }
}

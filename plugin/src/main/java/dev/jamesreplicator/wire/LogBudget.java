package dev.jamesreplicator.wire;

import java.time.Duration;

import com.google.common.base.Ticker;

/**
 * How many lines a kind of log message may write per period, whoever triggers it: a stranger who
 * knocks on the replication port thousands of times must not flood the log. What is held back is
 * counted, and the next line written says how many were.
 */
final class LogBudget {
    private final int linesPerPeriod;
    private final long periodNanos;
    private final Ticker ticker;
    private long periodStart;
    private int written;
    private int heldBack;

    LogBudget(int linesPerPeriod, Duration period, Ticker ticker) {
        this.linesPerPeriod = linesPerPeriod;
        this.periodNanos = period.toNanos();
        this.ticker = ticker;
        this.periodStart = ticker.read();
    }

    /** Ten lines a minute. */
    static LogBudget perMinute() {
        return new LogBudget(10, Duration.ofMinutes(1), Ticker.systemTicker());
    }

    /**
     * Whether one more line may be written now; if so, {@code heldBack} is how many were not
     * since the last one written (to say so in it), else -1.
     */
    synchronized int spend() {
        long now = ticker.read();
        if (now - periodStart >= periodNanos) {
            periodStart = now;
            written = 0;
        }
        if (written >= linesPerPeriod) {
            heldBack++;
            return -1;
        }
        written++;
        int held = heldBack;
        heldBack = 0;
        return held;
    }
}

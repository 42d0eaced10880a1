package dev.jamesreplicator.it.pair;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes; never a fixed sleep standing in for a wait. */
public final class Eventually {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private Eventually() {
    }

    /**
     * Calls {@code problems} until it returns an empty list and returns the time that took. At the
     * deadline, fails with the last list (an exception thrown by {@code problems} counts as a problem).
     */
    public static Duration until(String what, Duration timeout, Callable<List<String>> problems) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<String> last;
        Exception lastError;
        while (true) {
            lastError = null;
            try {
                last = problems.call();
            } catch (Exception e) {
                lastError = e;
                last = List.of("error while checking: " + e);
            }
            if (last.isEmpty()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() >= deadline) {
                break;
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(what + ": interrupted while waiting", e);
            }
        }
        StringBuilder message = new StringBuilder(what).append(": still not true after ")
                .append(timeout.toMillis()).append(" ms (").append(last.size()).append(" problems):");
        for (String line : last) {
            message.append("\n  - ").append(line);
        }
        throw new AssertionError(message.toString(), lastError);
    }
}

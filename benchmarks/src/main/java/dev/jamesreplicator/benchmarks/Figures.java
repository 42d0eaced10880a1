package dev.jamesreplicator.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** Rates and percentiles, printed the same way by every benchmark. */
final class Figures {
    private Figures() {
    }

    static double rate(long messages, long nanos) {
        return nanos <= 0 ? Double.NaN : messages * 1e9 / nanos;
    }

    static String rateText(long messages, long nanos) {
        return String.format(Locale.ROOT, "%8.1f msgs/s", rate(messages, nanos));
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** The q-quantile (0..1) by nearest rank. */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
    }

    static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}

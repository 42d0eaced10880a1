package dev.jamesreplicator.benchmarks;

import java.time.Duration;
import java.util.Locale;

/**
 * CPU time spent by node a's and node b's James and by this benchmark's own JVM (the client)
 * over one phase: with the phase's wall time it says whether the phase was bound by the
 * machine's cores (all cores busy) and what one message cost each process, figures a loaded
 * machine disturbs much less than rates.
 */
final class CpuUse {
    private final BenchmarkPair pair;
    private final long a;
    private final long b;
    private final long client;
    private final long wall;

    private CpuUse(BenchmarkPair pair) {
        this.pair = pair;
        this.a = pair.cpuNanos(BenchmarkPair.Node.A);
        this.b = pair.cpuNanos(BenchmarkPair.Node.B);
        this.client = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        this.wall = System.nanoTime();
    }

    static CpuUse now(BenchmarkPair pair) {
        return new CpuUse(pair);
    }

    /** One line: CPU per message of each process since this snapshot, and the cores they kept busy. */
    String since(String phase, int messages) {
        CpuUse end = new CpuUse(pair);
        if (a < 0 || b < 0 || client < 0 || end.a < 0 || end.b < 0 || end.client < 0) {
            return phase + ": CPU time unknown (no pid file or no /proc)";
        }
        long spentA = end.a - a;
        long spentB = end.b - b;
        long spentClient = end.client - client;
        double coresBusy = (double) (spentA + spentB + spentClient) / (end.wall - wall);
        return String.format(Locale.ROOT,
            "%-12s CPU per message: a %.1f ms, b %.1f ms, client %.1f ms; %.2f of %d cores busy",
            phase + ":", perMessage(spentA, messages), perMessage(spentB, messages), perMessage(spentClient, messages),
            coresBusy, Runtime.getRuntime().availableProcessors());
    }

    private static double perMessage(long nanos, int messages) {
        return nanos / 1e6 / messages;
    }
}

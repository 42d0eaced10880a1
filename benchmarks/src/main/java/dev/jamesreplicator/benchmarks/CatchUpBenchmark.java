package dev.jamesreplicator.benchmarks;

import java.time.Duration;
import java.util.Locale;

/**
 * Catch-up after the twin was away: with replication paused on A (WebAdmin), one client APPENDs
 * N messages on A (its ingest rate); then replication resumes, and the time until all N are on B
 * gives the catch-up rate. A Dovecot 2.3 pair replays such a backlog at 2.2 to 3.5 times its own
 * IMAP ingest on this machine; the goal here is at least 2. Each node's resident memory is
 * printed before and after.
 *
 * <p>System properties: {@code n} (1000), {@code size} (4096 bytes), {@code warmup} (300 messages
 * replicated first, so the JIT compiled the paths), {@code poll} (200 ms: each poll is a STATUS that costs b CPU), {@code timeout} (1800 s).
 */
public final class CatchUpBenchmark {

    private CatchUpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("n", 1000);
        int size = Integer.getInteger("size", 4096);
        int warmup = Integer.getInteger("warmup", 300);
        long pollMillis = Long.getLong("poll", 200);
        Duration timeout = Duration.ofSeconds(Long.getLong("timeout", 1800));
        BenchmarkPair pair = new BenchmarkPair();
        String run = Long.toString(System.currentTimeMillis(), 36);
        SampleMessages messages = new SampleMessages(size, run);
        System.out.printf(Locale.ROOT, "CatchUpBenchmark: %d messages of %d bytes appended on A while replication is paused%n", n, size);
        printMemory(pair, "at start");

        if (warmup > 0) {
            String warm = "cwarm-" + run + "@" + BenchmarkPair.DOMAIN;
            pair.replicatedUser(warm, timeout);
            ReplicatedAppendBenchmark.appendAll(pair, BenchmarkPair.Node.A, warm, messages, "cwarm", warmup, warmup, null);
            awaitOnB(pair, warm, warmup, pollMillis, timeout);
            System.out.printf("warm-up: %d messages replicated%n", warmup);
        }

        String user = "catchup-" + run + "@" + BenchmarkPair.DOMAIN;
        pair.replicatedUser(user, timeout);
        pair.pauseLink(BenchmarkPair.Node.A);
        long ingestNanos;
        CpuUse ingestCpu = CpuUse.now(pair);
        String ingestCpuText;
        try {
            ingestNanos = ReplicatedAppendBenchmark.appendAll(pair, BenchmarkPair.Node.A, user, messages, "catchup", n, n, null);
        } finally {
            ingestCpuText = ingestCpu.since("ingest", n);
            pair.resumeLink(BenchmarkPair.Node.A);
        }
        CpuUse catchUpCpu = CpuUse.now(pair);
        long resumed = System.nanoTime();
        long caughtUpNanos = awaitOnB(pair, user, n, pollMillis, timeout) - resumed;
        String catchUpCpuText = catchUpCpu.since("catch-up", n);

        System.out.println();
        System.out.printf(Locale.ROOT, "%-52s %s   %s%n", "client APPEND on A (replication paused)",
                Figures.rateText(n, ingestNanos), Figures.seconds(ingestNanos));
        System.out.printf(Locale.ROOT, "%-52s %s   %s%n", "catch-up: all on B, from the resume",
                Figures.rateText(n, caughtUpNanos), Figures.seconds(caughtUpNanos));
        System.out.printf(Locale.ROOT, "ratio catch-up rate / client ingest rate:   %.2f   (goal >= 2)%n",
                Figures.rate(n, caughtUpNanos) / Figures.rate(n, ingestNanos));
        System.out.println(ingestCpuText);
        System.out.println(catchUpCpuText);
        printMemory(pair, "at the end");
    }

    /** When B's INBOX holds {@code n} messages (System.nanoTime()), polled over one connection. */
    private static long awaitOnB(BenchmarkPair pair, String user, int n, long pollMillis, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (ImapClient b = pair.login(BenchmarkPair.Node.B, user, BenchmarkPair.PASSWORD)) {
            while (System.nanoTime() < deadline) {
                if (b.messages("INBOX") >= n) {
                    return System.nanoTime();
                }
                Thread.sleep(pollMillis);
            }
        }
        throw new IllegalStateException("not all " + n + " messages of " + user + " reached B within " + timeout);
    }

    private static void printMemory(BenchmarkPair pair, String when) {
        System.out.printf(Locale.ROOT, "resident memory %s: a %s, b %s%n", when,
                pair.residentMemory(BenchmarkPair.Node.A), pair.residentMemory(BenchmarkPair.Node.B));
    }
}

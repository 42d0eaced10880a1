package dev.jamesreplicator.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bulk speed of replication (issue 3: B must receive at no less than 80 % of the rate at which
 * the same client appends to James directly). One run, two phases, the same client and the same
 * messages:
 * <ol>
 * <li>baseline: N messages APPENDed on B into the INBOX of a user that exists on B only, so
 *     nothing replicates: James's own append path;</li>
 * <li>replicated: N messages APPENDed on A into another user's INBOX while a second connection
 *     polls B's {@code STATUS INBOX (MESSAGES)}; measured are the client's append rate on A and
 *     the time until all N are on B.</li>
 * </ol>
 * James's append slows as a mailbox grows (O(n^2) thread guessing), so both phases fill a
 * mailbox from empty to N and the figures are also given per block of 1,000. Each phase also
 * prints the CPU one message cost node a, node b and the client, and how many cores they kept
 * busy: a phase with every core busy is bound by the machine, and then the ratio is bounded by
 * the CPU a replicated message costs both nodes against what the baseline's costs one.
 *
 * <p>System properties: {@code n} (10000), {@code size} (4096 bytes), {@code block} (1000),
 * {@code warmup} (2,000 messages per node first: the JIT compiles the replicator's paths meanwhile), {@code poll} (200 ms: each poll is a STATUS that costs b CPU), {@code timeout} (1800 s).
 */
public final class ReplicatedAppendBenchmark {
    private static final String PASSWORD = BenchmarkPair.PASSWORD;

    private ReplicatedAppendBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("n", 10_000);
        int size = Integer.getInteger("size", 4096);
        int block = Integer.getInteger("block", 1000);
        int warmup = Integer.getInteger("warmup", 2000);
        long pollMillis = Long.getLong("poll", 200);
        Duration timeout = Duration.ofSeconds(Long.getLong("timeout", 1800));
        BenchmarkPair pair = new BenchmarkPair();
        String run = Long.toString(System.currentTimeMillis(), 36);
        SampleMessages messages = new SampleMessages(size, run);

        System.out.printf(Locale.ROOT, "ReplicatedAppendBenchmark: %d messages of %d bytes, one IMAP connection"
                + " (TCP_NODELAY, LITERAL+), a=%s:%d b=%s:%d%n", n, size, pair.host, pair.aImap, pair.host, pair.bImap);

        // Warm both JVMs' append paths and the replicator, away from the measured mailboxes.
        if (warmup > 0) {
            String warm = "warm-" + run + "@" + BenchmarkPair.DOMAIN;
            pair.createUser(warm, PASSWORD, BenchmarkPair.Node.A, BenchmarkPair.Node.B);
            String warmB = "warmb-" + run + "@" + BenchmarkPair.DOMAIN;
            pair.createUser(warmB, PASSWORD, BenchmarkPair.Node.B);
            appendAll(pair, BenchmarkPair.Node.A, warm, messages, "warm", warmup, block, null);
            appendAll(pair, BenchmarkPair.Node.B, warmB, messages, "warmb", warmup, block, null);
            pair.awaitInboxOnB(warm, timeout);
            try (ImapClient b = pair.login(BenchmarkPair.Node.B, warm, PASSWORD)) {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (b.messages("INBOX") < warmup && System.nanoTime() < deadline) {
                    Thread.sleep(pollMillis);
                }
            }
            System.out.printf("warm-up: %d messages on each node done%n", warmup);
        }

        // 1. Baseline: James alone. The user exists on B only, so nothing replicates.
        String baselineUser = "base-" + run + "@" + BenchmarkPair.DOMAIN;
        pair.createUser(baselineUser, PASSWORD, BenchmarkPair.Node.B);
        long[] baselineBlocks = new long[blocks(n, block)];
        CpuUse baselineCpu = CpuUse.now(pair);
        long baselineNanos = appendAll(pair, BenchmarkPair.Node.B, baselineUser, messages, "base", n, block, baselineBlocks);
        String baselineCpuText = baselineCpu.since("baseline", n);
        System.out.printf(Locale.ROOT, "baseline done: %d on B in %s%n", n, Figures.seconds(baselineNanos));

        // 2. Replicated: append on A, watch B.
        String replicatedUser = "repl-" + run + "@" + BenchmarkPair.DOMAIN;
        pair.replicatedUser(replicatedUser, timeout);
        long[] arrivedBlocks = new long[blocks(n, block)];
        AtomicLong arrivedAll = new AtomicLong(-1);
        AtomicReference<Exception> watchFailure = new AtomicReference<>();
        long[] appendBlocks = new long[blocks(n, block)];
        CpuUse replicatedCpu;
        String replicatedCpuText;
        try (ImapClient b = pair.login(BenchmarkPair.Node.B, replicatedUser, PASSWORD)) {
            replicatedCpu = CpuUse.now(pair);
            long start = System.nanoTime();
            Thread watcher = new Thread(() -> watch(b, n, block, start, pollMillis, timeout, arrivedBlocks, arrivedAll, watchFailure),
                    "watch-B");
            watcher.start();
            long appendNanos = appendAll(pair, BenchmarkPair.Node.A, replicatedUser, messages, "repl", n, block, appendBlocks, start);
            System.out.printf(Locale.ROOT, "replicated appends done: %d on A in %s%n", n, Figures.seconds(appendNanos));
            watcher.join();
            replicatedCpuText = replicatedCpu.since("replicated", n);
        }
        if (watchFailure.get() != null) {
            throw watchFailure.get();
        }
        long appendAllNanos = appendBlocks[appendBlocks.length - 1];
        long allOnB = arrivedAll.get();

        System.out.println();
        System.out.printf(Locale.ROOT, "%-58s %s   %s%n", "baseline: APPEND on B, James alone (not replicated)",
                Figures.rateText(n, baselineNanos), Figures.seconds(baselineNanos));
        System.out.printf(Locale.ROOT, "%-58s %s   %s%n", "replicated: client APPEND on A",
                Figures.rateText(n, appendAllNanos), Figures.seconds(appendAllNanos));
        if (allOnB < 0) {
            System.out.printf(Locale.ROOT, "replicated: NOT all on B within %s (%d of %d arrived)%n",
                    timeout, arrivedCount(arrivedBlocks, block, n), n);
        } else {
            System.out.printf(Locale.ROOT, "%-58s %s   %s (last on B %s after the last APPEND OK)%n",
                    "replicated: all on B, from the first APPEND on A",
                    Figures.rateText(n, allOnB), Figures.seconds(allOnB), Figures.seconds(allOnB - appendAllNanos));
            System.out.printf(Locale.ROOT, "ratio replication rate (all on B) / baseline:   %.2f   (issue 3 asks >= 0.80)%n",
                    Figures.rate(n, allOnB) / Figures.rate(n, baselineNanos));
        }
        System.out.printf(Locale.ROOT, "ratio client APPEND rate on A / baseline:       %.2f%n",
                Figures.rate(n, appendAllNanos) / Figures.rate(n, baselineNanos));
        // The replicated phase's CPU runs until all are on B (or the watch gave up).
        System.out.println(baselineCpuText);
        System.out.println(replicatedCpuText);

        System.out.println();
        System.out.printf(Locale.ROOT, "per %d messages (msgs/s; the mailbox holds the earlier blocks already)%n", block);
        System.out.printf(Locale.ROOT, "%-15s %14s %14s %14s%n", "messages", "baseline B", "APPEND on A", "arrived on B");
        for (int i = 0; i < baselineBlocks.length; i++) {
            int from = i * block + 1;
            int to = Math.min((i + 1) * block, n);
            int count = to - from + 1;
            System.out.printf(Locale.ROOT, "%-15s %14s %14s %14s%n", from + "-" + to,
                    blockRate(baselineBlocks, i, count), blockRate(appendBlocks, i, count), blockRate(arrivedBlocks, i, count));
        }
    }

    private static int blocks(int n, int block) {
        return (n + block - 1) / block;
    }

    private static String blockRate(long[] ends, int i, int count) {
        if (ends[i] <= 0 || (i > 0 && ends[i - 1] <= 0)) {
            return "-";
        }
        long took = ends[i] - (i == 0 ? 0 : ends[i - 1]);
        return String.format(Locale.ROOT, "%.1f", Figures.rate(count, took));
    }

    static long appendAll(BenchmarkPair pair, BenchmarkPair.Node node, String user, SampleMessages messages,
                          String label, int n, int block, long[] blockEnds) throws IOException {
        return appendAll(pair, node, user, messages, label, n, block, blockEnds, 0);
    }

    /**
     * APPENDs n messages into INBOX over one connection; {@code blockEnds[i]} gets the time (since
     * {@code start}, or since the first APPEND when 0) at which block i was acknowledged.
     */
    private static long appendAll(BenchmarkPair pair, BenchmarkPair.Node node, String user, SampleMessages messages,
                                  String label, int n, int block, long[] blockEnds, long start) throws IOException {
        byte[][] prepared = new byte[n][];
        for (int i = 0; i < n; i++) {
            prepared[i] = messages.message(label, i + 1);
        }
        try (ImapClient client = pair.login(node, user, PASSWORD)) {
            client.messages("INBOX"); // first login provisions; keep that out of the timing
            long from = start == 0 ? System.nanoTime() : start;
            for (int i = 0; i < n; i++) {
                client.append("INBOX", prepared[i]);
                if (blockEnds != null && ((i + 1) % block == 0 || i + 1 == n)) {
                    blockEnds[i / block] = System.nanoTime() - from;
                }
            }
            return System.nanoTime() - from;
        }
    }

    private static void watch(ImapClient b, int n, int block, long start, long pollMillis, Duration timeout,
                              long[] arrivedBlocks, AtomicLong arrivedAll, AtomicReference<Exception> failure) {
        try {
            long deadline = start + timeout.toNanos();
            int nextBlock = 0;
            while (System.nanoTime() < deadline) {
                long count = b.messages("INBOX");
                long now = System.nanoTime() - start;
                while (nextBlock < arrivedBlocks.length && count >= Math.min((long) (nextBlock + 1) * block, n)) {
                    arrivedBlocks[nextBlock++] = now;
                }
                if (count >= n) {
                    arrivedAll.set(now);
                    return;
                }
                Thread.sleep(pollMillis);
            }
        } catch (Exception e) {
            failure.set(e);
        }
    }

    private static long arrivedCount(long[] arrivedBlocks, int block, int n) {
        int done = 0;
        while (done < arrivedBlocks.length && arrivedBlocks[done] > 0) {
            done++;
        }
        return Math.min((long) done * block, n);
    }
}

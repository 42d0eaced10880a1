package dev.jamesreplicator.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Latency of replication on an idle pair (issue 5: readable on the twin within 50 ms of the
 * APPEND OK at the 99th percentile). One message at a time is APPENDed on A; a connection on B
 * that has INBOX selected and sits in IDLE sees James push {@code * N EXISTS} the moment the
 * message is in B's mailbox. Measured per sample: from the APPEND's OK on A to the EXISTS on B
 * (negative if B had it before A answered, as with synchronous replication), and from sending
 * the APPEND.
 *
 * <p>System properties: {@code k} (200 samples), {@code warmup} (20 samples not counted),
 * {@code size} (4096 bytes), {@code gap} (100 ms of idle pair between samples),
 * {@code sampleTimeout} (30 s).
 */
public final class ReplicationLatencyBenchmark {
    private static final String PASSWORD = BenchmarkPair.PASSWORD;

    private ReplicationLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int k = Integer.getInteger("k", 200);
        int warmup = Integer.getInteger("warmup", 20);
        int size = Integer.getInteger("size", 4096);
        long gapMillis = Long.getLong("gap", 100);
        long sampleTimeoutMillis = Long.getLong("sampleTimeout", 30_000);
        BenchmarkPair pair = new BenchmarkPair();
        String run = Long.toString(System.currentTimeMillis(), 36);
        SampleMessages messages = new SampleMessages(size, run);
        String user = "latency-" + run + "@" + BenchmarkPair.DOMAIN;
        pair.createUser(user, PASSWORD, BenchmarkPair.Node.A, BenchmarkPair.Node.B);

        System.out.printf(Locale.ROOT, "ReplicationLatencyBenchmark: %d samples (+%d warm-up) of %d bytes, %d ms apart,"
                + " APPEND on A %s:%d, IDLE on B %s:%d%n", k, warmup, size, gapMillis, pair.host, pair.aImap, pair.host, pair.bImap);

        try (ImapClient a = pair.login(BenchmarkPair.Node.A, user, PASSWORD)) {
            a.messages("INBOX"); // provisions INBOX on A; B gets it by replication
            pair.awaitInboxOnB(user, Duration.ofSeconds(60));
            ImapClient b = pair.login(BenchmarkPair.Node.B, user, PASSWORD);
            try {
                long exists = b.select("INBOX");
                BlockingQueue<long[]> seen = new LinkedBlockingQueue<>();
                b.startIdle();
                Thread reader = new Thread(() -> readPushes(b, seen), "idle-B");
                reader.setDaemon(true);
                reader.start();

                long[] fromOk = new long[k];
                long[] fromSend = new long[k];
                for (int i = 0; i < warmup + k; i++) {
                    byte[] message = messages.message("latency", i + 1);
                    Thread.sleep(gapMillis);
                    long sent = System.nanoTime();
                    a.append("INBOX", message);
                    long ok = System.nanoTime();
                    long expected = exists + i + 1;
                    long arrived = awaitExists(seen, expected, sampleTimeoutMillis);
                    if (arrived < 0) {
                        throw new IOException("sample " + (i + 1) + ": message " + expected + " not on B within "
                                + sampleTimeoutMillis + " ms");
                    }
                    if (i >= warmup) {
                        fromOk[i - warmup] = arrived - ok;
                        fromSend[i - warmup] = arrived - sent;
                    }
                }
                print("APPEND OK on A -> EXISTS on B", fromOk);
                print("APPEND sent on A -> EXISTS on B", fromSend);
            } finally {
                // The IDLE reader thread owns B's input: a LOGOUT would wait for an answer it reads.
                b.abort();
            }
        }
    }

    private static void print(String what, long[] samples) {
        long[] sorted = Figures.sorted(samples);
        System.out.printf(Locale.ROOT, "%-34s p50 %9s   p90 %9s   p99 %9s   max %9s   min %9s%n", what,
                Figures.millis(Figures.percentile(sorted, 0.50)), Figures.millis(Figures.percentile(sorted, 0.90)),
                Figures.millis(Figures.percentile(sorted, 0.99)), Figures.millis(sorted[sorted.length - 1]),
                Figures.millis(sorted[0]));
    }

    /** Reads B's pushed lines; each EXISTS goes to the queue as {count, nanoTime}. */
    private static void readPushes(ImapClient b, BlockingQueue<long[]> seen) {
        try {
            while (true) {
                String line = b.readLine();
                long at = System.nanoTime();
                long exists = ImapClient.exists(line);
                if (exists >= 0) {
                    seen.add(new long[] {exists, at});
                }
            }
        } catch (IOException e) {
            seen.add(new long[] {-1, -1});
        }
    }

    /** The time B announced at least {@code expected} messages, or -1 on timeout. */
    private static long awaitExists(BlockingQueue<long[]> seen, long expected, long timeoutMillis) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = deadline - System.nanoTime();
            long[] push = seen.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
            if (push == null) {
                return -1;
            }
            if (push[0] == -1) {
                throw new IOException("B closed the IDLE connection");
            }
            if (push[0] >= expected) {
                return push[1];
            }
        }
    }
}

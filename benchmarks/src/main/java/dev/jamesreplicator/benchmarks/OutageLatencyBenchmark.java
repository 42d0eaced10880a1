package dev.jamesreplicator.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * What synchronous replication costs a client, and what it costs while the twin is away
 * (issue 13: the server left alone must not slow down). With {@code syncTimeout} set, APPENDs on
 * A are timed in three phases of one run: with B up (each waits until B holds its message),
 * right after {@code kill -9} of B (the first ones find out that B is gone, the rest should be
 * answered at once), and once B is back and a session has succeeded with it (waiting again).
 *
 * <p>System properties: {@code k} (50 APPENDs a phase), {@code size} (4096 bytes), {@code gap}
 * (50 ms between APPENDs), {@code pair} (the bin/james-pair to kill and start B with).
 */
public final class OutageLatencyBenchmark {
    private static final String PASSWORD = BenchmarkPair.PASSWORD;

    private OutageLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int k = Integer.getInteger("k", 50);
        int size = Integer.getInteger("size", 4096);
        long gapMillis = Long.getLong("gap", 50);
        String pairCommand = System.getProperty("pair", "bin/james-pair");
        BenchmarkPair pair = new BenchmarkPair();
        String run = Long.toString(System.currentTimeMillis(), 36);
        SampleMessages messages = new SampleMessages(size, run);
        String user = "outage-" + run + "@" + BenchmarkPair.DOMAIN;
        pair.createUser(user, PASSWORD, BenchmarkPair.Node.A, BenchmarkPair.Node.B);

        System.out.printf(Locale.ROOT, "OutageLatencyBenchmark: %d APPENDs of %d bytes a phase, %d ms apart, on A %s:%d;"
            + " syncTimeout %s%n", k, size, gapMillis, pair.host, pair.aImap, System.getProperty("syncTimeout", "?"));
        try (ImapClient a = pair.login(BenchmarkPair.Node.A, user, PASSWORD)) {
            a.messages("INBOX");
            pair.awaitInboxOnB(user, Duration.ofSeconds(60));
            int[] sequence = {0};

            print("twin up", appends(a, messages, k, gapMillis, sequence));

            runPair(pairCommand, "kill", "b");
            long[] killed = appends(a, messages, k, gapMillis, sequence);
            print("twin just killed", killed);
            System.out.printf(Locale.ROOT, "%-18s first APPEND %s, second %s%n", "", Figures.millis(killed[0]),
                Figures.millis(killed[1]));

            runPair(pairCommand, "start", "b");
            // The memory backend comes back empty (jpa keeps the user): the user again, then a
            // session that succeeds (new mail waits for the twin from then on).
            pair.createUser(user, PASSWORD, BenchmarkPair.Node.B);
            long back = System.nanoTime();
            pair.awaitInboxOnB(user, Duration.ofSeconds(180));
            awaitSyncedOnA(pair, user, Duration.ofSeconds(180));
            System.out.printf(Locale.ROOT, "%-18s a session with B succeeded %s after its start%n", "",
                Figures.seconds(System.nanoTime() - back));
            print("twin back", appends(a, messages, k, gapMillis, sequence));
        }
    }

    /** Until A's replicator shows the user's last sync succeeded (it failed while B was away). */
    private static void awaitSyncedOnA(BenchmarkPair pair, String user, Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://" + pair.host + ":" + pair.aWebAdmin + "/replication/users?mask=" + user);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().contains("\"failed\":false")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("no successful sync of " + user + " on A within " + timeout);
    }

    private static long[] appends(ImapClient a, SampleMessages messages, int k, long gapMillis, int[] sequence)
        throws IOException, InterruptedException {
        long[] took = new long[k];
        for (int i = 0; i < k; i++) {
            Thread.sleep(gapMillis);
            byte[] message = messages.message("outage", ++sequence[0]);
            long sent = System.nanoTime();
            a.append("INBOX", message);
            took[i] = System.nanoTime() - sent;
        }
        return took;
    }

    private static void runPair(String command, String... args) throws IOException, InterruptedException {
        String[] line = new String[args.length + 1];
        line[0] = command;
        System.arraycopy(args, 0, line, 1, args.length);
        Process process = new ProcessBuilder(line).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", line) + " failed with exit status " + process.exitValue());
        }
    }

    private static void print(String phase, long[] samples) {
        long[] sorted = Figures.sorted(samples);
        System.out.printf(Locale.ROOT, "APPEND on A, %-17s p50 %9s   p99 %9s   max %9s   min %9s%n", phase + ":",
            Figures.millis(Figures.percentile(sorted, 0.50)), Figures.millis(Figures.percentile(sorted, 0.99)),
            Figures.millis(sorted[sorted.length - 1]), Figures.millis(sorted[0]));
    }
}

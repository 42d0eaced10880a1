package dev.jamesreplicator.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The running pair a benchmark talks to, from system properties bin/benchmark sets from
 * {@code bin/james-pair env}: {@code a.imap}, {@code b.imap}, {@code a.webadmin},
 * {@code b.webadmin} (ports on {@code host}, default 127.0.0.1), and {@code pair.home} (where the
 * nodes' pid files are).
 */
final class BenchmarkPair {
    static final String DOMAIN = "bench.test";
    /** Every benchmark user's password. */
    static final String PASSWORD = "bench-password";

    final String host = System.getProperty("host", "127.0.0.1");
    final int aImap = Integer.getInteger("a.imap", 11143);
    final int bImap = Integer.getInteger("b.imap", 12143);
    final int aWebAdmin = Integer.getInteger("a.webadmin", 11080);
    final int bWebAdmin = Integer.getInteger("b.webadmin", 12080);
    private final Path home = Path.of(System.getProperty("pair.home", "target/benchmark-pair"));
    private final HttpClient http = HttpClient.newHttpClient();

    enum Node { A, B }

    int imap(Node node) {
        return node == Node.A ? aImap : bImap;
    }

    /** Creates {@code user} (and the benchmark domain) on the given nodes through WebAdmin. */
    void createUser(String user, String password, Node... nodes) throws IOException, InterruptedException {
        for (Node node : nodes) {
            int port = node == Node.A ? aWebAdmin : bWebAdmin;
            put(port, "/domains/" + DOMAIN, "");
            put(port, "/users/" + user, "{\"password\":\"" + password + "\"}");
        }
    }

    /**
     * Until WebAdmin on B lists the user's INBOX (replicated from A). Without logging in on B:
     * a login would provision B's own INBOX, with another UIDVALIDITY.
     */
    void awaitInboxOnB(String user, Duration timeout) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + host + ":" + bWebAdmin + "/users/" + user + "/mailboxes");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().contains("\"INBOX\"")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException(user + "'s INBOX did not reach B within " + timeout);
    }

    /**
     * {@code user} on both nodes, its INBOX provisioned on A by a login and replicated to B (a
     * login on B first would provision B's own INBOX, with another UIDVALIDITY).
     */
    void replicatedUser(String user, Duration timeout) throws IOException, InterruptedException {
        createUser(user, PASSWORD, Node.A, Node.B);
        try (ImapClient a = login(Node.A, user, PASSWORD)) {
            a.messages("INBOX");
        }
        awaitInboxOnB(user, timeout);
    }

    ImapClient login(Node node, String user, String password) throws IOException {
        return ImapClient.login(host, imap(node), user, password);
    }

    private void put(int port, String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2 && response.statusCode() != 409) {
            throw new IOException("PUT " + path + " on WebAdmin port " + port + " answered "
                    + response.statusCode() + ": " + response.body());
        }
    }

    /** Stops replication at {@code node} (WebAdmin {@code PUT /replication/link/paused}): it neither starts nor serves sessions. */
    void pauseLink(Node node) throws IOException, InterruptedException {
        send(node, "PUT");
    }

    void resumeLink(Node node) throws IOException, InterruptedException {
        send(node, "DELETE");
    }

    private void send(Node node, String method) throws IOException, InterruptedException {
        int port = node == Node.A ? aWebAdmin : bWebAdmin;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/replication/link/paused"))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " /replication/link/paused answered " + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * The CPU time the node's James JVM has used since it started (user and system, the kernel's
     * account), or -1 when it cannot be read.
     */
    long cpuNanos(Node node) {
        try {
            return ProcessHandle.of(Long.parseLong(pid(node)))
                .flatMap(process -> process.info().totalCpuDuration())
                .map(Duration::toNanos)
                .orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private String pid(Node node) throws IOException {
        return Files.readString(home.resolve(node == Node.A ? "a" : "b").resolve("james.pid")).trim();
    }

    /** The node's resident memory (VmRSS of its James JVM), e.g. "412 MiB", or why it is unknown. */
    String residentMemory(Node node) {
        try {
            String pid = pid(node);
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%d MiB", kib / 1024);
                }
            }
            return "unknown (no VmRSS)";
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}

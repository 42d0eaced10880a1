package dev.jamesreplicator.it.replicator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;

/**
 * Keeps sessions of one user running back to back on both servers: asks each node's replicator,
 * in turn and without pause, to sync the user at high priority (WebAdmin's replicate route, as
 * {@code replicator replicate -p} does). The queue takes a request for a user already queued
 * as one, so this adds sessions, not a backlog. Closing stops it and fails on a request refused.
 */
public final class SessionRequests implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final JamesPair pair;
    private final TestUser user;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<String> refused = new AtomicReference<>();
    private volatile boolean running;
    private Thread thread;

    public SessionRequests(JamesPair pair, TestUser user) {
        this.pair = pair;
        this.user = user;
    }

    public void start() {
        running = true;
        thread = new Thread(this::run, "session-requests-" + user.address());
        thread.setDaemon(true);
        thread.start();
    }

    /** Requests the nodes accepted so far. */
    public int sent() {
        return sent.get();
    }

    private void run() {
        Node node = Node.A;
        while (running && refused.get() == null) {
            try {
                HttpResponse<String> response = HTTP.send(request(node), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    refused.set(node + " answered " + response.statusCode() + ": " + response.body());
                }
                sent.incrementAndGet();
            } catch (IOException e) {
                refused.set(node + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            node = node == Node.A ? Node.B : Node.A;
        }
    }

    private HttpRequest request(Node node) {
        String mask = URLEncoder.encode(user.address(), StandardCharsets.UTF_8);
        URI uri = URI.create("http://" + pair.ports(node).host() + ":" + pair.ports(node).webAdmin()
            + "/replication/replicate?priority=high&mask=" + mask);
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        if (refused.get() != null) {
            throw new AssertionError("a session request was refused: " + refused.get());
        }
    }
}

package dev.jamesreplicator.it.conflict;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.Node;

/**
 * Cuts and restores the replication link through each node's WebAdmin
 * ({@code PUT|DELETE /replication/link/paused}), leaving both nodes up: the memory backend
 * would lose a stopped node's mail, so conflicts are made with the link cut, not a node down.
 */
public final class ReplicationLinkSwitch implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final JamesPair pair;
    private final List<Node> nodes;

    private ReplicationLinkSwitch(JamesPair pair, List<Node> nodes) {
        this.pair = pair;
        this.nodes = nodes;
    }

    /** Pauses the link on both nodes; {@link #close()} resumes it. */
    public static ReplicationLinkSwitch cut(JamesPair pair) throws IOException, InterruptedException {
        return pause(pair, List.of(Node.A, Node.B));
    }

    /**
     * Pauses the link on one node only: it neither starts nor serves a session, so its twin
     * cannot sync either (e.g. while the twin, restarted, is looked at as it came back).
     */
    public static ReplicationLinkSwitch pauseOn(JamesPair pair, Node node) throws IOException, InterruptedException {
        return pause(pair, List.of(node));
    }

    private static ReplicationLinkSwitch pause(JamesPair pair, List<Node> nodes) throws IOException, InterruptedException {
        ReplicationLinkSwitch link = new ReplicationLinkSwitch(pair, nodes);
        for (Node node : nodes) {
            link.send(node, "PUT");
        }
        return link;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Node node : nodes) {
            send(node, "DELETE");
        }
    }

    private void send(Node node, String method) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + pair.ports(node).host() + ":" + pair.ports(node).webAdmin() + "/replication/link/paused");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(method + " " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}

package dev.jamesreplicator.it.conflict;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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

    private ReplicationLinkSwitch(JamesPair pair) {
        this.pair = pair;
    }

    /** Pauses the link on both nodes; {@link #close()} resumes it. */
    public static ReplicationLinkSwitch cut(JamesPair pair) throws IOException, InterruptedException {
        ReplicationLinkSwitch link = new ReplicationLinkSwitch(pair);
        link.send(Node.A, "PUT");
        link.send(Node.B, "PUT");
        return link;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        send(Node.A, "DELETE");
        send(Node.B, "DELETE");
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

package dev.jamesreplicator.tools.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** The server data of two WebAdmins (served here by canned answers), compared. */
class ServerDataTest {
    private final List<HttpServer> servers = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void listsWhatOnlyOneServerHasAndNothingWhereBothAgree() throws Exception {
        WebAdmin a = serve(Map.of(
            "/domains", "[\"example.test\",\"other.test\"]",
            "/address/aliases", "[\"alias@example.test\"]",
            "/address/aliases/alias@example.test", "[{\"source\":\"bob@example.test\"}]",
            "/address/forwards", "[]",
            "/users", "[{\"username\":\"bob@example.test\"},{\"username\":\"ann@example.test\"}]",
            "/quota/users/bob@example.test/count", "42"));
        WebAdmin b = serve(Map.of(
            "/domains", "[\"other.test\",\"example.test\"]",
            "/address/aliases", "[\"alias@example.test\"]",
            "/address/aliases/alias@example.test", "[{\"source\":\"carol@example.test\"}]",
            "/users", "[{\"username\":\"bob@example.test\"}]",
            "/quota/users/bob@example.test/count", "30"));
        TreeSet<String> users = new TreeSet<>(List.of("bob@example.test"));

        SortedMap<String, List<String>> onA = ServerData.read(a, users);
        List<String> differences = ServerData.differences(onA, "a", ServerData.read(b, users), "b");

        assertThat(onA.get("/domains")).containsExactly("example.test", "other.test");
        assertThat(onA.get("/address/forwards")).as("an empty JSON list names nothing").isEmpty();
        assertThat(onA.get("/users")).as("the names alone, sorted").containsExactly("ann@example.test", "bob@example.test");
        assertThat(differences).containsExactly(
            "/address/aliases/alias@example.test: a [bob@example.test], b [carol@example.test]",
            "/quota/users/bob@example.test/count: a [42], b [30]",
            "/users: a [ann@example.test], b []");
        assertThat(ServerData.differences(onA, "a", ServerData.read(a, users), "a again")).isEmpty();
    }

    /** Answers each path it knows with its body, and every other one with 404 (no such listing, no limit). */
    private WebAdmin serve(Map<String, String> answers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = answers.get(exchange.getRequestURI().getPath());
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
            if (body != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
            exchange.close();
        });
        server.start();
        servers.add(server);
        return new WebAdmin(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }
}

package dev.jamesreplicator.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.sync.ReplicationLink;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.UserSync;
import spark.Service;

/** The verify and link routes over real HTTP (Spark, as WebAdmin runs them); the sync engine mocked. */
class SyncRoutesTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final UserSync userSync = mock(UserSync.class);
    private Service service;
    private String base;

    @BeforeEach
    void start() {
        service = Service.ignite().ipAddress("127.0.0.1").port(0);
        new SyncRoutes(userSync, new ReplicationLink(), new JsonTransformer()).define(service);
        service.init();
        service.awaitInitialization();
        base = "http://127.0.0.1:" + service.port() + "/replication";
    }

    @AfterEach
    void stop() {
        service.stop();
        service.awaitStop();
    }

    @Test
    void aGetOfVerifyHasNoEffectAndSaysToPost() throws Exception {
        HttpResponse<String> response = send("GET", "/verify/alice@example.test");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(response.body()).contains("use POST");
        verifyNoInteractions(userSync);
    }

    @Test
    void aPostOfVerifyComparesTheUser() throws Exception {
        when(userSync.differences("alice@example.test")).thenReturn(List.of("copy INBOX uid 1 to REMOTE"));

        HttpResponse<String> response = send("POST", "/verify/alice@example.test");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"identical\":false").contains("copy INBOX uid 1 to REMOTE");
    }

    /** The JSON of every route, to the byte (field names and order): scripts read it. */
    @Test
    void eachRouteAnswersThisExactJson() throws Exception {
        when(userSync.differences("alice@example.test")).thenReturn(List.of("copy INBOX uid 1 to REMOTE"));
        when(userSync.differences("bob@example.test")).thenReturn(List.of());
        when(userSync.differences("carol@example.test")).thenThrow(new SyncException(SyncException.Code.BUSY, "the twin syncs carol"));

        assertThat(send("GET", "/verify/alice@example.test").body())
            .isEqualTo("{\"error\":\"use POST: the comparison holds the user's lock on both servers while it reads them\"}");
        assertThat(send("POST", "/verify/alice@example.test").body())
            .isEqualTo("{\"user\":\"alice@example.test\",\"identical\":false,\"differences\":[\"copy INBOX uid 1 to REMOTE\"]}");
        assertThat(send("POST", "/verify/bob@example.test").body())
            .isEqualTo("{\"user\":\"bob@example.test\",\"identical\":true,\"differences\":[]}");
        HttpResponse<String> busy = send("POST", "/verify/carol@example.test");
        assertThat(busy.statusCode()).isEqualTo(409);
        assertThat(busy.body()).isEqualTo("{\"user\":\"carol@example.test\",\"error\":\"the twin syncs carol\"}");
        assertThat(send("GET", "/link").body()).isEqualTo("{\"paused\":false}");
        assertThat(send("PUT", "/link/paused").body()).isEqualTo("{\"paused\":true}");
        assertThat(send("DELETE", "/link/paused").body()).isEqualTo("{\"paused\":false}");
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}

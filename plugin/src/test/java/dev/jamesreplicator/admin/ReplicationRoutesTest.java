package dev.jamesreplicator.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.james.core.Username;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.dropwizard.DropWizardMetricFactory;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.config.UserMask;
import dev.jamesreplicator.replicator.LastSessions;
import dev.jamesreplicator.replicator.Priority;
import dev.jamesreplicator.replicator.QueueRecordsForTests;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.replicator.ReplicatorMetrics;
import dev.jamesreplicator.replicator.SyncWorkers;
import dev.jamesreplicator.state.NoReplicateList;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.ServerDataKind;
import dev.jamesreplicator.sync.SyncStats;
import dev.jamesreplicator.sync.UserReplication;
import spark.Service;

/** The routes over real HTTP (Spark, as WebAdmin runs them), against a real queue. */
class ReplicationRoutesTest {
    @TempDir
    Path stateDirectory;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private StateStore store;
    private ReplicationQueue queue;
    private NoReplicateList noReplicate;
    private final LastSessions lastSessions = new LastSessions();
    private ReplicatorMetrics metrics;
    private Service service;
    private String base;
    private ReplicationConfig config;
    private SyncWorkers workers;
    private UsersRepository users;

    @BeforeEach
    void start() throws Exception {
        store = new StateStore(stateDirectory);
        noReplicate = new NoReplicateList(store, List.of(UserMask.of("archive@example.test")), java.time.Clock.systemUTC());
        queue = QueueRecordsForTests.queue(store, stateDirectory, noReplicate);
        config = new ReplicationConfig("a", new HostPort("127.0.0.1", 1), new HostPort("127.0.0.1", 2),
            "0123456789abcdef", 3, Duration.ofDays(1), Duration.ZERO, stateDirectory);
        workers = mock(SyncWorkers.class);
        when(workers.workerCount()).thenReturn(3);
        users = mock(UsersRepository.class);
        when(users.list()).thenAnswer(invocation -> List.of(Username.of("alice@example.test"), Username.of("bob@example.test"),
            Username.of("carol@other.test")).iterator());
        when(users.contains(Username.of("alice@example.test"))).thenReturn(true);
        when(users.contains(Username.of("archive@example.test"))).thenReturn(true);
        metrics = new ReplicatorMetrics(new DropWizardMetricFactory(new MetricRegistry()),
            new NoopGaugeRegistry(), queue);
        serve(UserReplication.of(mock(ServerDataKind.class)));
    }

    /** The routes on a new port, with {@code userReplication}'s users replicated or not. */
    private void serve(UserReplication userReplication) {
        service = Service.ignite().ipAddress("127.0.0.1").port(0);
        new ReplicationRoutes(queue, config, workers, lastSessions, users, metrics, new JsonTransformer(), noReplicate, userReplication)
            .define(service);
        service.init();
        service.awaitInitialization();
        base = "http://127.0.0.1:" + service.port() + "/replication";
    }

    @AfterEach
    void stop() {
        service.stop();
        service.awaitStop();
        store.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String method, String path) throws Exception {
        HttpResponse<String> response = send(method, path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return mapper.readTree(response.body());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /**
     * The JSON of every route, to the byte (field names and order; times and running millis, which
     * the test cannot fix, shown as T and N). {@code bin/replicator} and scripts read it.
     */
    @Test
    void eachRouteAnswersThisExactJson() throws Exception {
        queue.request("alice@example.test", Priority.HIGH, true);
        queue.succeeded(queue.take(Duration.ZERO).orElseThrow());
        queue.request("alice@example.test", Priority.LOW);
        queue.request("bob@example.test", Priority.HIGH);
        queue.request("archive@example.test", Priority.LOW);
        assertThat(queue.take(Duration.ZERO).orElseThrow().user()).isEqualTo("bob@example.test");
        Instant finished = Instant.parse("2026-11-02T10:00:01Z");
        lastSessions.record("alice@example.test", finished.minusMillis(250), finished, new SyncStats());

        assertThat(exactJson("GET", "/status")).isEqualTo(
            "{\"node\":\"a\",\"twin\":\"127.0.0.1:2\",\"queued\":{\"sync\":0,\"high\":0,\"low\":1,\"full\":0,\"failed\":0},"
            + "\"waitingAfterFailure\":0,\"syncing\":[\"bob@example.test\"],\"knownUsers\":3,\"oldestRequest\":\"T\",\"workers\":3,"
            + "\"synchronousReplication\":{\"syncTimeoutMillis\":0,\"waits\":0,\"timeouts\":0,\"twinDown\":0},"
            + "\"sinceStart\":{\"incrementalSessions\":0,\"fullSessions\":0,\"wireBytesSent\":0,\"wireBytesReceived\":0,\"stateEntriesReceived\":0},"
            + "\"noReplicate\":{\"masks\":[\"archive@example.test\"],\"knownUsers\":1,\"refusedByTwin\":0},\"notReplicated\":{}}");
        assertThat(exactJson("GET", "/users")).isEqualTo(
            "[{\"user\":\"alice@example.test\",\"priority\":\"low\",\"noReplicate\":false,\"twinNoReplicate\":null,\"full\":false,"
            + "\"requestedAt\":\"T\",\"syncing\":false,\"lastFastSync\":\"T\",\"lastFullSync\":\"T\",\"lastSuccess\":\"T\","
            + "\"lastFailure\":null,\"failed\":false,\"consecutiveFailures\":0,\"lastError\":null,\"nextAttempt\":null,"
            + "\"lastSession\":{\"type\":\"incremental\",\"finishedAt\":\"T\",\"millis\":250,\"framesSent\":0,\"framesReceived\":0,"
            + "\"wireBytesSent\":0,\"wireBytesReceived\":0,\"stateEntriesReceived\":0,\"mailboxesIncremental\":0,\"mailboxesWhole\":0,"
            + "\"mailboxesResent\":0,\"commonEntriesSent\":0,\"messagesSent\":0,\"messagesReceived\":0,\"bytesSent\":0,"
            + "\"bytesReceived\":0,\"mailboxesCreated\":0}},"
            + "{\"user\":\"archive@example.test\",\"priority\":\"noreplicate\",\"noReplicate\":true,\"twinNoReplicate\":null,\"full\":false,"
            + "\"requestedAt\":null,\"syncing\":false,\"lastFastSync\":null,\"lastFullSync\":null,\"lastSuccess\":null,"
            + "\"lastFailure\":null,\"failed\":false,\"consecutiveFailures\":0,\"lastError\":null,\"nextAttempt\":null,\"lastSession\":null},"
            + "{\"user\":\"bob@example.test\",\"priority\":\"none\",\"noReplicate\":false,\"twinNoReplicate\":null,\"full\":false,"
            + "\"requestedAt\":null,\"syncing\":true,\"lastFastSync\":null,\"lastFullSync\":null,\"lastSuccess\":null,"
            + "\"lastFailure\":null,\"failed\":false,\"consecutiveFailures\":0,\"lastError\":null,\"nextAttempt\":null,\"lastSession\":null}]");
        assertThat(exactJson("GET", "/sessions")).isEqualTo(
            "[{\"user\":\"bob@example.test\",\"type\":\"incremental\",\"priority\":\"high\",\"startedAt\":\"T\",\"runningMillis\":N}]");
        assertThat(exactJson("GET", "/noreplicate")).isEqualTo(
            "[{\"mask\":\"archive@example.test\",\"source\":\"config\",\"addedAt\":null}]");
        assertThat(exactJson("PUT", "/noreplicate?mask=" + encode("*@other.test"))).isEqualTo(
            "{\"mask\":\"*@other.test\",\"added\":true}");
        assertThat(exactJson("GET", "/noreplicate")).isEqualTo(
            "[{\"mask\":\"archive@example.test\",\"source\":\"config\",\"addedAt\":null},"
            + "{\"mask\":\"*@other.test\",\"source\":\"webadmin\",\"addedAt\":\"T\"}]");
        assertThat(exactJson("POST", "/replicate?mask=" + encode("*@example.test"))).isEqualTo(
            "{\"count\":2,\"users\":[\"alice@example.test\",\"bob@example.test\"],\"noReplicate\":[\"archive@example.test\"]}");
        assertThat(exactJson("POST", "/add?mask=" + encode("*"))).isEqualTo(
            "{\"count\":3,\"users\":[\"alice@example.test\",\"bob@example.test\",\"carol@other.test\"],"
            + "\"queuedForFullSync\":[\"bob@example.test\"]}");
    }

    /** The body as sent, with ISO-8601 times as "T" and running millis as N. */
    private String exactJson(String method, String path) throws Exception {
        HttpResponse<String> response = send(method, path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        String body = response.body();
        return body.replaceAll("\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\"", "\"T\"").replaceAll("\"runningMillis\":\\d+", "\"runningMillis\":N");
    }

    @Test
    void statusCountsEachQueue() throws Exception {
        queue.request("a@x", Priority.HIGH);
        queue.request("b@x", Priority.LOW);
        queue.request("c@x", Priority.FULL);

        JsonNode status = json("GET", "/status");

        assertThat(status.get("node").asText()).isEqualTo("a");
        assertThat(status.at("/queued/high").asInt()).isEqualTo(1);
        assertThat(status.at("/queued/low").asInt()).isEqualTo(1);
        assertThat(status.at("/queued/full").asInt()).isEqualTo(1);
        assertThat(status.at("/queued/sync").asInt()).isZero();
        assertThat(status.at("/queued/failed").asInt()).isZero();
        assertThat(status.get("waitingAfterFailure").asInt()).isZero();
        assertThat(status.get("knownUsers").asInt()).isEqualTo(3);
        assertThat(status.get("workers").asInt()).isEqualTo(3);
    }

    @Test
    void statusAsTextIsDoveadmsSevenLines() throws Exception {
        queue.request("a@x", Priority.FULL);

        HttpResponse<String> response = send("GET", "/status?format=text");

        assertThat(response.body()).isEqualTo(""
            + "Queued 'sync' requests        0\n"
            + "Queued 'high' requests        0\n"
            + "Queued 'low' requests         0\n"
            + "Queued 'failed' requests      0\n"
            + "Queued 'full resync' requests 1\n"
            + "Waiting 'failed' requests     0\n"
            + "Total number of known users   1\n");
    }

    @Test
    void aNodeThatLeavesItsUsersOutSaysSoInStatusTextAndJson() throws Exception {
        service.stop();
        service.awaitStop();
        serve(UserReplication.leftOut("James's user base (ReadOnlyUsersLDAPRepository) is read-only; both servers must share it"));

        assertThat(send("GET", "/status?format=text").body()).isEqualTo(""
            + "Queued 'sync' requests        0\n"
            + "Queued 'high' requests        0\n"
            + "Queued 'low' requests         0\n"
            + "Queued 'failed' requests      0\n"
            + "Queued 'full resync' requests 0\n"
            + "Waiting 'failed' requests     0\n"
            + "Total number of known users   0\n"
            + "Not replicated: users (James's user base (ReadOnlyUsersLDAPRepository) is read-only; both servers must share it)\n");
        assertThat(json("GET", "/status").get("notReplicated").get("users").asText())
            .isEqualTo("James's user base (ReadOnlyUsersLDAPRepository) is read-only; both servers must share it");
    }

    @Test
    void usersAreFilteredByMask() throws Exception {
        queue.request("alice@example.test", Priority.HIGH);
        queue.request("bob@example.test", Priority.LOW);
        queue.request("carol@other.test", Priority.LOW);

        assertThat(json("GET", "/users?mask=" + encode("*@example.test")).findValuesAsText("user"))
            .containsExactly("alice@example.test", "bob@example.test");
        assertThat(json("GET", "/users?mask=" + encode("?ob@*")).findValuesAsText("user")).containsExactly("bob@example.test");
        assertThat(json("GET", "/users").size()).isEqualTo(3);
        JsonNode alice = json("GET", "/users?mask=alice@example.test").get(0);
        assertThat(alice.get("priority").asText()).isEqualTo("high");
        assertThat(alice.get("failed").asBoolean()).isFalse();

        String text = send("GET", "/users?mask=" + encode("*") + "&format=text").body();
        assertThat(text.lines().findFirst().orElseThrow())
            .isEqualTo("username           priority fast sync full sync success sync failed next sync secs");
        assertThat(text).contains("\nalice@example.test high     -         -         -            -      00:00:00\n")
            .contains("\ncarol@other.test   low      -         -         -            -      00:00:00\n");
    }

    @Test
    void aUsersLastSessionShowsWhatItExchangedWithTheTwin() throws Exception {
        queue.request("alice@example.test", Priority.HIGH);
        queue.request("bob@example.test", Priority.HIGH);
        Instant finished = Instant.parse("2026-11-02T10:00:01Z");
        SyncStats stats = new SyncStats();
        lastSessions.record("alice@example.test", finished.minusMillis(250), finished, stats);
        metrics.succeeded(stats);

        JsonNode alice = json("GET", "/users?mask=alice@example.test").get(0).get("lastSession");
        assertThat(alice.get("type").asText()).isEqualTo("incremental");
        assertThat(alice.get("millis").asLong()).isEqualTo(250);
        assertThat(alice.get("finishedAt").asText()).isEqualTo("2026-11-02T10:00:01Z");
        assertThat(alice.get("wireBytesReceived").asLong()).isZero();
        assertThat(alice.get("stateEntriesReceived").asLong()).isZero();
        assertThat(json("GET", "/users?mask=bob@example.test").get(0).get("lastSession").isNull()).isTrue();
        assertThat(json("GET", "/status").get("sinceStart").get("incrementalSessions").asLong()).isEqualTo(1);
    }

    @Test
    void replicateQueuesMatchingUsersAtTheGivenPriority() throws Exception {
        JsonNode answer = json("POST", "/replicate?mask=" + encode("*@example.test") + "&priority=low&full=true");

        assertThat(answer.get("count").asInt()).isEqualTo(2);
        ReplicationQueue.Claim claim = queue.take(Duration.ZERO).orElseThrow();
        assertThat(claim.priority()).isEqualTo(Priority.LOW);
        assertThat(claim.full()).isTrue();

        json("POST", "/replicate?mask=" + encode("*@other.test") + "&full=true");
        assertThat(queue.status("carol@other.test").orElseThrow().pending()).as("low without -p, as doveadm's, -f or not")
            .contains(Priority.LOW);
        assertThat(queue.status("carol@other.test").orElseThrow().pendingFull()).isTrue();
        json("POST", "/replicate?mask=alice@example.test&priority=high");
        assertThat(queue.status("alice@example.test").orElseThrow().pending()).contains(Priority.HIGH);
        assertThat(send("POST", "/replicate?mask=alice@example.test&format=text").body()).isEqualTo("1 users updated\n");
        assertThat(send("POST", "/replicate?mask=nobody@example.test").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/replicate?mask=x&priority=urgent").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/replicate").statusCode()).isEqualTo(400);
    }

    @Test
    void addMakesUsersKnownAndRemoveForgetsThem() throws Exception {
        JsonNode added = json("POST", "/add?mask=" + encode("*"));
        assertThat(added.get("count").asInt()).isEqualTo(3);
        assertThat(queue.summary().queued(Priority.FULL)).isEqualTo(3);
        assertThat(send("POST", "/add?mask=" + encode("*") + "&format=text").body()).as("doveadm's add prints nothing").isEmpty();

        assertThat(send("DELETE", "/users/bob@example.test").statusCode()).isEqualTo(204);
        assertThat(queue.status("bob@example.test")).isEmpty();
        assertThat(send("DELETE", "/users/bob@example.test").statusCode()).isEqualTo(404);
    }

    @Test
    void sessionsListSyncsInProgress() throws Exception {
        queue.request("alice@example.test", Priority.HIGH, true);
        queue.take(Duration.ZERO).orElseThrow();

        JsonNode sessions = json("GET", "/sessions");
        assertThat(sessions.size()).isEqualTo(1);
        assertThat(sessions.get(0).get("user").asText()).isEqualTo("alice@example.test");
        assertThat(sessions.get(0).get("type").asText()).isEqualTo("full");

        List<String> text = send("GET", "/sessions?format=text").body().lines().collect(java.util.stream.Collectors.toList());
        assertThat(text).hasSize(4);
        // doveadm's table: one space apart, the username column widened by half of what is left of 80.
        assertThat(text.get(0)).isEqualTo("username                         type status");
        assertThat(text.get(1)).isEqualTo("alice@example.test               full Waiting for dsync to finish");
        assertThat(text.get(3)).isEqualTo("                                 -    Idle");
    }

    @Test
    void noReplicateListsAddsAndRemovesMasksAtRuntime() throws Exception {
        JsonNode listed = json("GET", "/noreplicate");
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).get("mask").asText()).isEqualTo("archive@example.test");
        assertThat(listed.get(0).get("source").asText()).isEqualTo("config");

        JsonNode added = json("PUT", "/noreplicate?mask=" + encode("*@other.test"));
        assertThat(added.get("added").asBoolean()).isTrue();
        assertThat(json("PUT", "/noreplicate?mask=" + encode("*@OTHER.test")).get("added").asBoolean()).as("there already").isFalse();
        assertThat(noReplicate.excludes("carol@other.test")).isTrue();
        JsonNode runtime = json("GET", "/noreplicate").get(1);
        assertThat(runtime.get("source").asText()).isEqualTo("webadmin");
        assertThat(runtime.get("addedAt").isNull()).isFalse();
        assertThat(send("GET", "/noreplicate?format=text").body().lines()).hasSize(3)
            .first().asString().startsWith("mask");

        assertThat(send("DELETE", "/noreplicate?mask=" + encode("*@other.test")).statusCode()).isEqualTo(204);
        assertThat(noReplicate.excludes("carol@other.test")).isFalse();
        assertThat(send("DELETE", "/noreplicate?mask=" + encode("*@other.test")).statusCode()).isEqualTo(404);
        HttpResponse<String> configured = send("DELETE", "/noreplicate?mask=archive@example.test");
        assertThat(configured.statusCode()).isEqualTo(409);
        assertThat(configured.body()).contains("conf/replication.xml");
        assertThat(send("PUT", "/noreplicate?mask=" + encode("*")).statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/noreplicate?mask=" + encode("a b@x")).statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/noreplicate").statusCode()).isEqualTo(400);
    }

    @Test
    void aUserLeftOutShowsAsNoreplicateAndIsNotReplicatedOnRequest() throws Exception {
        queue.request("archive@example.test", Priority.HIGH);
        queue.request("alice@example.test", Priority.HIGH);

        JsonNode archive = json("GET", "/users?mask=archive@example.test").get(0);
        assertThat(archive.get("priority").asText()).isEqualTo("noreplicate");
        assertThat(archive.get("noReplicate").asBoolean()).isTrue();
        assertThat(send("GET", "/users?mask=archive@example.test&format=text").body())
            .contains("\narchive@example.test noreplicate -         -         -            -      -\n");
        JsonNode status = json("GET", "/status");
        assertThat(status.at("/noReplicate/knownUsers").asInt()).isEqualTo(1);
        assertThat(status.at("/noReplicate/masks/0").asText()).isEqualTo("archive@example.test");
        assertThat(status.at("/queued/high").asInt()).isEqualTo(1);

        HttpResponse<String> refused = send("POST", "/replicate?mask=archive@example.test");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("left out of replication");
        JsonNode some = json("POST", "/replicate?mask=" + encode("*@example.test"));
        assertThat(some.get("count").asInt()).isEqualTo(2);
        assertThat(some.get("noReplicate").get(0).asText()).isEqualTo("archive@example.test");
        assertThat(queue.status("archive@example.test").orElseThrow().pending()).isEmpty();

        json("PUT", "/noreplicate?mask=alice@example.test");
        assertThat(queue.status("alice@example.test").orElseThrow().pending()).as("dropped at once").isEmpty();
    }
}

package dev.jamesreplicator.tools.pair;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** provision and webadmin-ready against a small WebAdmin of our own that records what it is asked. */
class WebAdminProvisioningTest {
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 204;
    private volatile String answer = "";
    private HttpServer server;
    private String url;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())
                + (body.isEmpty() ? "" : " " + body));
        byte[] reply = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
        exchange.getResponseBody().write(reply);
        exchange.close();
    }

    @Test
    void createsTheDomainThenEachUserWithItsDomain(@TempDir Path home) throws IOException {
        Path users = home.resolve("users");
        Files.writeString(users, "demo@example.test\tdemo\n\nalice@other.test\tse\"cr\\et with space\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = run(err, "", "provision", "--node", "a", "--webadmin", url, "--domain", "example.test",
                "--users", users.toString());

        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(requests).containsExactly(
                "PUT /domains/example.test",
                "PUT /domains/example.test",
                "PUT /users/demo%40example.test?force {\"password\":\"demo\"}",
                "PUT /domains/other.test",
                "PUT /users/alice%40other.test?force {\"password\":\"se\\\"cr\\\\et with space\"}");
    }

    @Test
    void readsTheUsersFromStandardInput() {
        int exit = run(new ByteArrayOutputStream(), "bob@example.test\tpw\n",
                "provision", "--node", "b", "--webadmin", url, "--users", "-");

        assertThat(exit).isZero();
        assertThat(requests).containsExactly("PUT /domains/example.test",
                "PUT /users/bob%40example.test?force {\"password\":\"pw\"}");
    }

    @Test
    void aRefusalNamesTheNodeWhatFailedAndWhatWebAdminSaid() {
        status = 400;
        answer = "{\"message\":\"Invalid domain\"}";
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = run(err, "bob@bad_domain\tpw\n", "provision", "--node", "b", "--webadmin", url, "--users", "-");

        assertThat(exit).isEqualTo(JamesPairTool.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("james-pair: node b: cannot create domain bad_domain: {\"message\":\"Invalid domain\"}\n");
        assertThat(requests).hasSize(1);
    }

    @Test
    void webAdminIsReadyWhenItListsTheDomains() {
        answer = "[]";
        status = 200;
        assertThat(run(new ByteArrayOutputStream(), "", "webadmin-ready", url)).isZero();
        assertThat(requests).containsExactly("GET /domains");

        status = 503;
        assertThat(run(new ByteArrayOutputStream(), "", "webadmin-ready", url)).isEqualTo(JamesPairTool.FAILED);
    }

    @Test
    void webAdminIsNotReadyWhileNothingListens() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(run(err, "", "webadmin-ready", "http://127.0.0.1:" + port)).isEqualTo(JamesPairTool.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aWrongCommandLineIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(run(err, "", "provision", "--node", "a")).isEqualTo(JamesPairTool.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--webadmin is required");
    }

    private static int run(ByteArrayOutputStream err, String in, String... args) {
        return JamesPairTool.run(args, new StringReader(in), new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}

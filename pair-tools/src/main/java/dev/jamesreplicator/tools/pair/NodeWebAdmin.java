package dev.jamesreplicator.tools.pair;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A pair node's WebAdmin as james-pair uses it: whether it answers yet, and the domains and users it provisions. */
final class NodeWebAdmin {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    /** @param base e.g. {@code http://127.0.0.1:11080} */
    NodeWebAdmin(URI base) {
        this.base = base;
    }

    /** {@code GET /domains} answers 2xx: James has started its WebAdmin routes. */
    boolean answers() throws InterruptedException {
        try {
            return successful(send("GET", "/domains", null));
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code PUT /domains/DOMAIN}; an existing domain is no error. */
    void createDomain(String domain) throws IOException, InterruptedException {
        HttpResponse<String> response = send("PUT", "/domains/" + segment(domain), null);
        if (!successful(response)) {
            throw new IOException(response.body());
        }
    }

    /** {@code PUT /users/USER?force}: creates the user, or sets the password of an existing one. */
    void createUser(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> response = send("PUT", "/users/" + segment(user) + "?force",
                "{\"password\":" + JsonText.string(password) + "}");
        if (!successful(response)) {
            throw new IOException(response.body());
        }
    }

    /** One path segment as WebAdmin decodes it (an address: {@code @} becomes {@code %40}). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static boolean successful(HttpResponse<?> response) {
        return response.statusCode() / 100 == 2;
    }

    private HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .method(method, body)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

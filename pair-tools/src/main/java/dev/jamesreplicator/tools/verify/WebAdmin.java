package dev.jamesreplicator.tools.verify;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WebAdmin calls verify needs: the users of a server, whether a user has any mailbox
 * yet, and the listings of its server-wide data. The answers are flat JSON arrays of objects with string fields, read with a
 * pattern rather than a JSON library to keep the tool's jar small.
 */
public final class WebAdmin {
    private static final Pattern USERNAME = Pattern.compile("\"username\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern ANY_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern MAILBOX_NAME = Pattern.compile("\"mailboxName\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param base e.g. {@code http://127.0.0.1:8000} */
    public WebAdmin(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    /** {@code GET /users}. */
    public SortedSet<String> users() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/users");
        if (response.statusCode() != 200) {
            throw new IOException("GET " + base + "/users answered " + response.statusCode() + ": " + response.body());
        }
        return strings(USERNAME, response.body());
    }

    /** {@code GET /users/USER/mailboxes}: empty when the user does not exist on this server. */
    public Optional<SortedSet<String>> mailboxes(String user) throws IOException, InterruptedException {
        String path = "/users/" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "/mailboxes";
        HttpResponse<String> response = get(path);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + base + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Optional.of(strings(MAILBOX_NAME, response.body()));
    }

    /**
     * {@code GET path} as the server-data comparison reads it: every JSON string of the answer
     * (names, addresses, mappings, the answer's keys too), sorted, or the bare body of an answer that
     * is no JSON array or object (a number); empty for 204 and 404 (WebAdmin's answers to no limit, an empty list of aliases).
     */
    public List<String> listing(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(encoded(path));
        if (response.statusCode() == 204 || response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + base + path + " answered " + response.statusCode() + ": " + response.body());
        }
        List<String> strings = new ArrayList<>();
        Matcher matcher = ANY_STRING.matcher(response.body());
        while (matcher.find()) {
            strings.add(unescape(matcher.group(1)));
        }
        // Sorted, doubles kept: a listing that names one thing twice is a difference of its own.
        strings.sort(null);
        String body = response.body().strip();
        boolean json = body.startsWith("[") || body.startsWith("{");
        return json ? strings : List.of(body);
    }

    /** Each segment of {@code path} encoded as WebAdmin decodes it (an address, a domain). */
    static String encoded(String path) {
        StringBuilder encoded = new StringBuilder();
        for (String segment : path.substring(1).split("/", -1)) {
            encoded.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8));
        }
        return encoded.toString();
    }

    static SortedSet<String> strings(Pattern field, String json) {
        SortedSet<String> values = new TreeSet<>();
        Matcher matcher = field.matcher(json);
        while (matcher.find()) {
            values.add(unescape(matcher.group(1)));
        }
        return values;
    }

    private static String unescape(String json) {
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c != '\\' || i + 1 == json.length()) {
                out.append(c);
                continue;
            }
            char escaped = json.charAt(++i);
            switch (escaped) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(escaped);
            }
        }
        return out.toString();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

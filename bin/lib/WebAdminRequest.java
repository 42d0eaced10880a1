import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * bin/replicator's WebAdmin request where curl is not installed, run as a source file by the JDK
 * ({@code java WebAdminRequest.java METHOD URL OUT [NAME=VALUE...]}): each NAME=VALUE is added to
 * the query with its value URL-encoded, as curl's {@code -G --data-urlencode}; prints the HTTP
 * status and writes the body to OUT, as curl's {@code -w '%{http_code}' -o OUT}; exits 7, curl's
 * code, when WebAdmin is out of reach.
 */
public class WebAdminRequest {
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: java WebAdminRequest.java METHOD URL OUT [NAME=VALUE...]");
            System.exit(2);
        }
        StringBuilder url = new StringBuilder(args[1]);
        for (int i = 3; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            url.append(url.indexOf("?") < 0 ? '?' : '&').append(args[i], 0, equals + 1)
                .append(URLEncoder.encode(args[i].substring(equals + 1), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        try {
            HttpResponse<Path> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(url.toString())).method(args[0], HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofFile(Path.of(args[2])));
            System.out.print(response.statusCode());
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("WebAdminRequest: " + e);
            System.exit(7);
        }
    }
}

package dev.jamesreplicator.it.replicator;

import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.Eventually;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.Node;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs {@code bin/replicator} against one node's WebAdmin, as an administrator would, and reads
 * WebAdmin directly for what the CLI does not show.
 */
public final class ReplicatorCli {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final JamesPair pair;
    private final Path script;
    /** The PATH the CLI runs with; empty: this JVM's. */
    private final Optional<String> path;

    public ReplicatorCli(JamesPair pair) {
        this(pair, Optional.empty());
    }

    private ReplicatorCli(JamesPair pair, Optional<String> path) {
        this.pair = pair;
        Path launcher = Path.of(System.getProperty("jamesPair.launcher", "../bin/james-pair")).toAbsolutePath();
        this.script = launcher.getParent().resolve("replicator");
        this.path = path;
    }

    /**
     * The CLI as on a machine without curl (a fresh Debian with only Java and Maven): its PATH a
     * directory {@code bin} of links to every command on this JVM's PATH but curl.
     */
    public static ReplicatorCli withoutCurl(JamesPair pair, Path bin) throws IOException {
        Files.createDirectories(bin);
        for (String directory : System.getenv("PATH").split(File.pathSeparator)) {
            Path dir = Path.of(directory);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> commands = Files.list(dir)) {
                for (Path command : commands.toList()) {
                    Path link = bin.resolve(command.getFileName().toString());
                    if (!command.getFileName().toString().equals("curl") && Files.notExists(link, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, command);
                    }
                }
            }
        }
        return new ReplicatorCli(pair, Optional.of(bin.toString()));
    }

    public record Result(int exitCode, String output) {
    }

    public String webAdmin(Node node) {
        return "http://127.0.0.1:" + pair.ports(node).webAdmin();
    }

    /** Runs the CLI; fails on a non-zero exit. */
    public String run(Node node, String... args) {
        Result result = runAllowingFailure(node, args);
        if (result.exitCode() != 0) {
            throw new AssertionError("replicator " + String.join(" ", args) + " on " + node + " exited "
                    + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    public Result runAllowingFailure(Node node, String... args) {
        List<String> command = new ArrayList<>(List.of(script.toString(), "--url", webAdmin(node)));
        command.addAll(List.of(args));
        try {
            Path output = Files.createTempFile("replicator-cli-", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
                path.ifPresent(value -> builder.environment().put("PATH", value));
                Process process = builder.start();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("replicator " + String.join(" ", args) + " did not finish in 30 s");
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A GET on the node's WebAdmin: status code and body. */
    public HttpResponse<String> get(Node node, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(webAdmin(node) + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A POST without a body on the node's WebAdmin: status code and body. */
    public HttpResponse<String> post(Node node, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(webAdmin(node) + path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits until WebAdmin's verify of {@code user} ({@code POST /replication/verify/USER}) finds
     * nothing to do from either node: mail, Sieve scripts, annotations and ACLs in step.
     */
    public void awaitIdentical(String user) {
        for (Node node : Node.values()) {
            Eventually.until("verify of " + user + " on " + node, Convergence.timeout(), () -> {
                HttpResponse<String> verify = post(node, "/replication/verify/" + user);
                return verify.statusCode() == 200 && verify.body().contains("\"identical\":true")
                    ? List.of() : List.of(verify.statusCode() + " " + verify.body());
            });
        }
    }

    /**
     * The columns of the row for {@code user} in {@code replicator status USER}, or an empty list.
     * Columns are one space apart, as doveadm's; no value holds a blank (the header's titles do).
     */
    public List<String> userRow(Node node, String user) {
        for (String line : run(node, "status", user).split("\\R")) {
            List<String> columns = List.of(line.trim().split(" +"));
            if (!columns.isEmpty() && columns.get(0).equals(user)) {
                return columns;
            }
        }
        return List.of();
    }

    /** The number on one of the seven lines of {@code replicator status}. */
    public int statusValue(Node node, String label) {
        for (String line : run(node, "status").split("\\R")) {
            if (line.startsWith(label)) {
                return Integer.parseInt(line.substring(label.length()).trim());
            }
        }
        throw new AssertionError("no line '" + label + "' in replicator status");
    }

    /** A number in the node's {@code GET /replication/status} JSON, such as {@code "timeouts"}. */
    public long statusNumber(Node node, String name) throws IOException, InterruptedException {
        return number(get(node, "/replication/status").body(), name);
    }

    /** The first number named {@code name} in a JSON text (the tests need no JSON library for that). */
    public static long number(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(-?\\d+)").matcher(json);
        if (!matcher.find()) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return Long.parseLong(matcher.group(1));
    }
}

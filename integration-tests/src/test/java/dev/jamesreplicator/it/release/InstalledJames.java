package dev.jamesreplicator.it.release;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One James directory laid out as James's distribution lays it out, started with its own
 * {@code bin/james} (which reads {@code conf/james-replicator.env}, the agent's
 * {@code JAVA_TOOL_OPTIONS} that bin/install wrote). The JVM is this object's child: whatever
 * happens, {@link #kill()} ends it and anything it started.
 */
final class InstalledJames {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int LOG_TAIL_LINES = 30;

    private final String name;
    private final Path home;
    private final int imapPort;
    private final int webAdminPort;
    private Process process;
    private Thread killOnExit;

    InstalledJames(String name, Path home, int imapPort, int webAdminPort) {
        this.name = name;
        this.home = home;
        this.imapPort = imapPort;
        this.webAdminPort = webAdminPort;
    }

    String name() {
        return name;
    }

    Path home() {
        return home;
    }

    int imapPort() {
        return imapPort;
    }

    /** bin/james, in the foreground of a process of ours; its output goes to logs/console.log. */
    void start(String javaOptions) throws IOException {
        Files.createDirectories(home.resolve("logs"));
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/james").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("logs/console.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // Only what the install wrote may bring the agent in.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().put("JAVA_OPTS", javaOptions);
        process = builder.start();
        killOnExit = new Thread(this::kill, "kill-james-" + name);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Until IMAP greets and WebAdmin answers; fails at once if the JVM exits. */
    void awaitUp(long deadlineNanos) throws Exception {
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("James " + name + " exited with status " + process.exitValue()
                        + " while starting\n" + logTail());
            }
            if (imapGreets() && webAdminAnswers()) {
                return;
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new AssertionError("James " + name + " did not answer IMAP on " + imapPort
                        + " and WebAdmin on " + webAdminPort + " in time\n" + logTail());
            }
            Thread.sleep(500);
        }
    }

    private boolean imapGreets() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", imapPort), 2000);
            socket.setSoTimeout(3000);
            InputStream in = socket.getInputStream();
            byte[] greeting = new byte[4];
            return in.readNBytes(greeting, 0, 4) == 4 && new String(greeting, StandardCharsets.US_ASCII).equals("* OK");
        } catch (IOException e) {
            return false;
        }
    }

    private boolean webAdminAnswers() {
        try {
            return request("GET", "/domains", null).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A WebAdmin call; fails unless it answers 2xx. */
    String webAdmin(String method, String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = request(method, path, json);
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("James " + name + ": " + method + " " + path + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private HttpResponse<String> request(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webAdminPort + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM, as an init system stops James; see {@link #awaitStopped}. */
    void requestStop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** Waits for a requested stop; kills what is left after the grace period. */
    void awaitStopped(Duration grace) throws InterruptedException {
        if (process != null && !process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            System.out.println("James " + name + " still running " + grace.toSeconds() + " s after SIGTERM: killing it");
        }
        kill();
    }

    /** SIGKILL to the JVM and anything it started, at once. */
    void kill() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (killOnExit != null && Thread.currentThread() != killOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway, and finds the process gone
            }
            killOnExit = null;
        }
    }

    /** The last lines of James's log and of its console, for a failure message. */
    String logTail() {
        StringBuilder text = new StringBuilder();
        for (String log : List.of("logs/james.log", "logs/console.log")) {
            Path file = home.resolve(log);
            text.append("--- ").append(file).append(" ---\n");
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                text.append(String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())));
            } catch (IOException e) {
                text.append("(").append(e).append(")");
            }
            text.append('\n');
        }
        return text.toString();
    }
}

package dev.jamesreplicator.it.pair;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.tools.sieve.ManageSieveClient;
import dev.jamesreplicator.tools.verify.MailStore;
import dev.jamesreplicator.tools.verify.ServerData;
import dev.jamesreplicator.tools.verify.SieveScripts;
import dev.jamesreplicator.tools.verify.WebAdmin;
import jakarta.mail.MessagingException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Drives {@code bin/james-pair} for the tests: one pair of James JVMs under
 * {@code JAMES_PAIR_HOME}, on the ports the launcher derives from {@code JAMES_PAIR_BASE}. Every
 * launcher command and its output go to one log file.
 */
public final class JamesPair implements AutoCloseable {
    /** {@code up} may first build the plugin and agent jars and assemble the nodes. */
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(8);
    /** A graceful stop takes about 16 s per node. */
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(1);
    private static final String DOMAIN = "example.test";
    private static final int OUTPUT_TAIL_LINES = 40;

    private final Path launcher;
    private final Path home;
    private final int base;
    private final Path log;
    private final boolean keepRunning;
    private final Duration syncTimeout;
    /** The launcher's --backend, or null for its default. */
    private final String backend;
    /** The launcher's --db (jpa backend: derby or postgres), or null for its default. */
    private final String db;
    private final CuttingProxy linkFromA;
    private final CuttingProxy linkFromB;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Map<String, String> env = Map.of();

    JamesPair(Path launcher, Path home, int base, Path log, boolean keepRunning, Duration syncTimeout) {
        this(launcher, home, base, log, keepRunning, syncTimeout, null);
    }

    JamesPair(Path launcher, Path home, int base, Path log, boolean keepRunning, Duration syncTimeout, String backend) {
        this(launcher, home, base, log, keepRunning, syncTimeout, backend, null);
    }

    JamesPair(Path launcher, Path home, int base, Path log, boolean keepRunning, Duration syncTimeout, String backend, String db) {
        this.syncTimeout = syncTimeout;
        this.backend = backend;
        this.db = db;
        try {
            this.linkFromA = new CuttingProxy(() -> new InetSocketAddress(ports(Node.B).host(), ports(Node.B).replication()));
            this.linkFromB = new CuttingProxy(() -> new InetSocketAddress(ports(Node.A).host(), ports(Node.A).replication()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the relays for the nodes' replication links", e);
        }
        this.launcher = launcher;
        this.home = home;
        this.base = base;
        this.log = log;
        this.keepRunning = keepRunning;
    }

    /** Configured by the system properties the module's pom passes to Failsafe. */
    public static JamesPair fromSystemProperties() {
        Path moduleDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path launcher = Path.of(System.getProperty("jamesPair.launcher",
                moduleDir.resolve("../bin/james-pair").toString())).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("jamesPair.home",
                moduleDir.resolve("target/pair-it").toString())).toAbsolutePath().normalize();
        int base = Integer.parseInt(System.getProperty("jamesPair.base", "31000"));
        Path log = Path.of(System.getProperty("jamesPair.log",
                moduleDir.resolve("target/james-pair-it.log").toString())).toAbsolutePath().normalize();
        boolean keepRunning = Boolean.parseBoolean(System.getProperty("jamesPair.keepRunning", "false"));
        Duration syncTimeout = Duration.ofMillis(Long.parseLong(System.getProperty("jamesPair.syncTimeoutMillis", "5000")));
        return new JamesPair(launcher, home, base, log, keepRunning, syncTimeout, backend());
    }

    /** The backend the ITs run on ({@code jamesPair.backend}); null leaves it to the launcher's default. */
    public static String backend() {
        String backend = System.getProperty("jamesPair.backend", "");
        return backend.isBlank() ? null : backend.trim();
    }

    /** Whether the pair keeps its mail across a restart (the jpa backend). */
    public boolean persistent() {
        return "jpa".equals(backend);
    }

    /**
     * A pair of its own for one test class, apart from the shared one: its own home under
     * target/, its own port base, the given backend, and no synchronous replication.
     */
    public static JamesPair own(String name, int base, String backend) {
        return own(name, base, backend, null);
    }

    /** As {@link #own(String, int, String)}, on the given database of the jpa backend ({@code --db}). */
    public static JamesPair own(String name, int base, String backend, String db) {
        Path moduleDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path launcher = Path.of(System.getProperty("jamesPair.launcher",
                moduleDir.resolve("../bin/james-pair").toString())).toAbsolutePath().normalize();
        Path target = moduleDir.resolve("target");
        boolean keepRunning = Boolean.parseBoolean(System.getProperty("jamesPair.keepRunning", "false"));
        return new JamesPair(launcher, target.resolve(name), base, target.resolve(name + ".log"),
                keepRunning, Duration.ZERO, backend, db);
    }

    /** As {@link #start()}, but on a new pair home: new nodes with empty stores. */
    public void startFresh() throws IOException {
        if (Files.exists(home)) {
            // On the backend the pair was made with: the launcher refuses to stop it as another.
            run(false, STOP_TIMEOUT, "down");
            try (Stream<Path> paths = Files.walk(home)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        start();
    }

    /**
     * Starts both nodes and reads their ports. First stops whatever a killed earlier run left
     * running under our home: {@code up} keeps running nodes as they are, and re-assembles
     * stopped ones with the jars just built.
     */
    public void start() throws IOException {
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("launcher not found or not executable: " + launcher);
        }
        Files.createDirectories(log.getParent());
        if (Files.exists(home) && backend != null && !backend.equals(recordedBackend())) {
            // A pair home made on the other backend: its replication journals describe another store.
            startFresh();
            return;
        }
        if (Files.exists(home)) {
            run(STOP_TIMEOUT, "down");
        }
        run(UP_TIMEOUT, "up");
        readEnv();
    }

    /** The backend the launcher recorded for the pair in our home, or null. */
    private String recordedBackend() throws IOException {
        Path recorded = home.resolve("backend");
        return Files.exists(recorded) ? Files.readString(recorded, StandardCharsets.UTF_8).trim() : null;
    }

    public void stop(Node node) {
        run(STOP_TIMEOUT, "stop", node.launcherName());
    }

    public void kill(Node node) {
        run(COMMAND_TIMEOUT, "kill", node.launcherName());
    }

    public void start(Node node) {
        run(UP_TIMEOUT, "start", node.launcherName());
        readEnv();
    }

    public String status() {
        return run(COMMAND_TIMEOUT, "status");
    }

    public void addUser(String address, String password) {
        run(COMMAND_TIMEOUT, "adduser", address, password);
    }

    /** A user of its own for one test, created on both nodes. */
    public TestUser newUser(String hint) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String local = ("it-" + hint + "-" + suffix).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        TestUser user = new TestUser(local + "@" + DOMAIN, "pw-" + suffix);
        addUser(user.address(), user.password());
        return user;
    }

    /**
     * A new user whose default mailboxes (provisioned by a first IMAP login, on a) are already
     * on both nodes: later logins provision nothing, so a test that is not about the first-login
     * race does not write into mailboxes replication is still settling.
     */
    public TestUser newSettledUser(String hint) throws Exception {
        TestUser user = newUser(hint);
        try (ImapSession a = imap(Node.A, user)) {
            a.list();
        }
        Convergence.await(this, user, new dev.jamesreplicator.it.state.AcknowledgedMail());
        return user;
    }

    /** The nodes' {@code syncTimeout}: how long new mail waits for the twin before its client hears OK. */
    public Duration syncTimeout() {
        return syncTimeout;
    }

    /** The relay node a's sessions with node b go through; it can cut them. */
    public CuttingProxy linkFromA() {
        return linkFromA;
    }

    /** The relay node b's sessions with node a go through. */
    public CuttingProxy linkFromB() {
        return linkFromB;
    }

    public NodePorts ports(Node node) {
        String prefix = node.launcherName().toUpperCase(Locale.ROOT) + "_";
        int nodeBase = base + (node == Node.B ? 1000 : 0);
        String host = "127.0.0.1";
        String imap = env.get(prefix + "IMAP");
        if (imap != null && imap.contains(":")) {
            host = imap.substring(0, imap.lastIndexOf(':'));
        }
        return new NodePorts(host,
                port(prefix + "IMAP", nodeBase + 143),
                port(prefix + "POP3", nodeBase + 110),
                port(prefix + "SMTP", nodeBase + 25),
                port(prefix + "LMTP", nodeBase + 24),
                port(prefix + "WEBADMIN", nodeBase + 80),
                port(prefix + "REPL", nodeBase + 345),
                port(prefix + "SIEVE", nodeBase + 190));
    }

    public ImapSession imap(Node node, TestUser user) throws MessagingException {
        NodePorts ports = ports(node);
        return ImapSession.login(node.launcherName(), ports.host(), ports.imap(), user.address(), user.password());
    }

    /** A ManageSieve session of the user on one node. */
    public ManageSieveClient manageSieve(Node node, TestUser user) throws IOException {
        NodePorts ports = ports(node);
        return ManageSieveClient.login(ports.host(), ports.manageSieve(), user.address(), user.password());
    }

    /** The user's Sieve scripts on one node, over a fresh ManageSieve connection. */
    public SieveScripts sieveScripts(Node node, TestUser user) throws IOException {
        NodePorts ports = ports(node);
        return SieveScripts.read(node.launcherName(), ports.host(), ports.manageSieve(), user.address(), user.password());
    }

    /**
     * The node's server-wide data as its WebAdmin lists it ({@code bin/james-pair verify} reads
     * the same): domains, users, aliases, forwards, groups, quota limits (the {@code users}').
     */
    public SortedMap<String, List<String>> serverData(Node node, TestUser... users) throws IOException, InterruptedException {
        NodePorts ports = ports(node);
        SortedSet<String> addresses = new TreeSet<>();
        for (TestUser user : users) {
            addresses.add(user.address());
        }
        return ServerData.read(new WebAdmin(URI.create("http://" + ports.host() + ":" + ports.webAdmin() + "/")), addresses);
    }

    /** The user's whole mail on one node, over a fresh IMAP connection. */
    public MailStore snapshot(Node node, TestUser user) throws MessagingException, IOException {
        try (ImapSession session = imap(node, user)) {
            return session.snapshot();
        }
    }

    /** The node's James working directory (conf/, var/, logs/). */
    public Path nodeDirectory(Node node) {
        return home.resolve(node.launcherName());
    }

    public Path log() {
        return log;
    }

    /** Stops both nodes, once, unless {@code jamesPair.keepRunning} asks to leave them up for a look. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (keepRunning) {
            appendToLog("jamesPair.keepRunning=true: leaving the pair running; stop it with JAMES_PAIR_HOME="
                    + home + " " + launcher + " down\n");
            return;
        }
        try {
            run(STOP_TIMEOUT, "down");
        } catch (RuntimeException e) {
            // Runs at the end of the run or in a shutdown hook: report, never mask a test failure.
            System.err.println("could not stop the James pair: " + e.getMessage());
        }
    }

    private int port(String key, int contractDefault) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            return contractDefault;
        }
        return Integer.parseInt(value.substring(value.lastIndexOf(':') + 1).trim());
    }

    private void readEnv() {
        Map<String, String> parsed = new HashMap<>();
        for (String line : run(COMMAND_TIMEOUT, "env").split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("export ")) {
                trimmed = trimmed.substring("export ".length());
            }
            int eq = trimmed.indexOf('=');
            if (eq > 0 && trimmed.substring(0, eq).matches("[A-Z][A-Z0-9_]*")) {
                parsed.put(trimmed.substring(0, eq), trimmed.substring(eq + 1).replaceAll("^[\"']|[\"']$", ""));
            }
        }
        env = Map.copyOf(parsed);
    }

    /**
     * Runs one launcher command and returns its output (stdout and stderr), which also goes to the
     * log. Output goes through a file, not a pipe: James processes started by {@code up} may inherit
     * it and would keep a pipe open forever.
     */
    private String run(Duration timeout, String... args) {
        return run(true, timeout, args);
    }

    private String run(boolean withBackend, Duration timeout, String... args) {
        String commandLine = launcher.getFileName() + " " + String.join(" ", args);
        Path output = null;
        try {
            Files.createDirectories(log.getParent());
            output = Files.createTempFile(log.getParent(), "james-pair-", ".out");
            ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(launcher.toString()), Arrays.stream(args)).toList())
                    .directory(launcher.getParent().getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put("JAMES_PAIR_HOME", home.toString());
            builder.environment().put("JAMES_PAIR_BASE", String.valueOf(base));
            builder.environment().put("JAMES_PAIR_SYNC_TIMEOUT", syncTimeout.isZero() ? "0" : syncTimeout.toMillis() + "ms");
            if (backend != null && withBackend) {
                builder.environment().put("JAMES_PAIR_BACKEND", backend);
            }
            if (db != null) {
                builder.environment().put("JAMES_PAIR_DB", db);
            }
            // Every session's plan in the nodes' logs: a failure can be followed to the operation.
            builder.environment().put("JAMES_PAIR_JAVA_OPTS", "-Dreplication.trace=DEBUG");
            builder.environment().put("JAMES_PAIR_A_TWIN", "127.0.0.1:" + linkFromA.port());
            builder.environment().put("JAMES_PAIR_B_TWIN", "127.0.0.1:" + linkFromB.port());
            appendToLog("\n=== " + Instant.now() + " $ " + commandLine + "\n");
            long start = System.nanoTime();
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            appendToLog(text + "=== " + (finished ? "exit " + process.exitValue() : "TIMED OUT") + " after " + millis + " ms\n");
            if (!finished) {
                throw new IllegalStateException(commandLine + " did not finish within " + timeout.toSeconds()
                        + " s; output:\n" + tail(text) + "\n(full log: " + log + ")");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(commandLine + " failed with exit code " + process.exitValue()
                        + "; output:\n" + tail(text) + "\n(full log: " + log + ")");
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + commandLine + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + commandLine, e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a stray temp file under target/ is harmless
                }
            }
        }
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_TAIL_LINES), lines.size()));
    }

    private synchronized void appendToLog(String text) {
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("could not write " + log + ": " + e);
        }
    }
}

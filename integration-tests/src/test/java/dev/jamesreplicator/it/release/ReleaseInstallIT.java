package dev.jamesreplicator.it.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.client.MailboxStatus;
import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.it.pair.Eventually;
import dev.jamesreplicator.tools.verify.MailStore;
import dev.jamesreplicator.tools.verify.PairComparison;
import jakarta.mail.Flags;

/**
 * The release as a user gets it: {@code distribution/target/james-replicator-VERSION.tar.gz}
 * unpacked, its {@code bin/install} run on two stock James 3.8.1 directories laid out as James's
 * distribution lays them out ({@code bin/}, {@code conf/}, {@code lib/}, {@code extensions-jars/};
 * made by {@code bin/james-pair layout}, without anything of james-replicator), following
 * docs/install.md's three steps (the first server, the twin's half it prints, the twin's
 * fingerprint back). Each James is then started with its own {@code bin/james}, which reads
 * {@code conf/james-replicator.env} (without the agent it names, the plugin stops James at
 * start-up, so a start proves the file was read); mail APPENDed on one appears on the other with
 * the same UID and UIDVALIDITY, both ways. Once on James's memory app, once on the project's
 * persistent James (jpa-server, embedded Derby).
 *
 * <p>Ports from {@code release.base} (15000 unless set) to 2000 above only: node a's under that
 * base (memory) or 500 above it (jpa), node b's 1000 above. Everything lives in
 * {@code target/release-it/}; both JVMs are killed whatever happens.
 */
class ReleaseInstallIT {
    private static final int BASE = Integer.getInteger("release.base", 15000);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration REPLICATION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final String DOMAIN = "example.test";
    private static final String USER = "alice@" + DOMAIN;
    private static final String PASSWORD = "release-test-secret";
    private static final String INBOX = "INBOX";
    /** The twin's half as install prints it: {@code echo 'SECRET' | bin/install OPTIONS JAMES_HOME}. */
    private static final Pattern TWINS_HALF = Pattern.compile("(?m)^\\s*echo '([^']+)' \\| bin/install (.*) JAMES_HOME$");
    private static final Pattern LAST_STEP = Pattern.compile("bin/install --twin-certificate-sha256 ([0-9A-F:]+) JAMES_HOME");

    private static Path moduleDir;
    private static Path work;
    private static Path release;

    @BeforeAll
    static void unpackTheRelease() throws Exception {
        moduleDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        Path tarball = tarball();
        System.out.println("ReleaseInstallIT: installing " + tarball);
        work = moduleDir.resolve("target/release-it");
        deleteTree(work);
        Path unpacked = Files.createDirectories(work.resolve("release"));
        run(List.of("tar", "xzf", tarball.toString(), "-C", unpacked.toString()), unpacked, "untar");
        try (Stream<Path> top = Files.list(unpacked)) {
            release = top.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(release.resolve("bin/install")).as("the release's bin/install").isExecutable();
    }

    @Test
    void memoryServersInstalledFromTheReleaseReplicateBothWays() throws Exception {
        installAndReplicate("memory", BASE, Duration.ofMinutes(3));
    }

    @Test
    void persistentServersInstalledFromTheReleaseReplicateBothWays() throws Exception {
        installAndReplicate("jpa", BASE + 500, Duration.ofMinutes(4));
    }

    private void installAndReplicate(String backend, int base, Duration startTimeout) throws Exception {
        long began = System.nanoTime();
        Path dir = Files.createDirectories(work.resolve(backend));
        InstalledJames a = new InstalledJames("a", dir.resolve("a"), base + 143, base + 80);
        InstalledJames b = new InstalledJames("b", dir.resolve("b"), base + 1143, base + 1080);
        int replicationA = base + 345;
        int replicationB = base + 1345;

        // Two stock James directories, nothing of james-replicator in them yet.
        for (InstalledJames james : List.of(a, b)) {
            run(List.of(launcher().toString(), "--backend", backend, "--base", String.valueOf(base),
                    "layout", james.name(), james.home().toString()), moduleDir, "layout " + james.name());
            assertThat(james.home().resolve("extensions-jars")).isEmptyDirectory();
            assertThat(james.home().resolve("conf/replication.xml")).doesNotExist();
        }
        step(began, backend + ": two James laid out");

        // docs/install.md: the first server; only the ports differ from the example, both on loopback.
        String first = run(List.of("bin/install", "--node-name", "a", "--bind", "127.0.0.1:" + replicationA,
                "--twin", "127.0.0.1:" + replicationB, a.home().toString()), release, "install on a");
        Matcher half = TWINS_HALF.matcher(first);
        assertThat(half.find()).as("the twin's half in install's output:\n%s", first).isTrue();
        // The twin's half as printed, on the twin's directory, with its name and its loopback address.
        String options = half.group(2).replace("--bind 0.0.0.0:", "--bind 127.0.0.1:");
        assertThat(options).contains("--twin 127.0.0.1:" + replicationA, "--bind 127.0.0.1:" + replicationB);
        String second = run(List.of("bash", "-c", "echo '" + half.group(1) + "' | bin/install " + options
                + " --node-name b '" + b.home() + "'"), release, "install on b");
        Matcher last = LAST_STEP.matcher(second);
        assertThat(last.find()).as("the last step in install's output:\n%s", second).isTrue();
        run(List.of("bin/install", "--twin-certificate-sha256", last.group(1), a.home().toString()), release,
                "install's last step on a");
        for (InstalledJames james : List.of(a, b)) {
            assertThat(james.home().resolve("extensions-jars/james-replicator-plugin.jar")).exists();
            assertThat(Files.readString(james.home().resolve("conf/james-replicator.env")))
                    .contains("JAVA_TOOL_OPTIONS=-javaagent:");
        }
        step(began, backend + ": the release installed on both");

        try {
            // C1 only and the serial collector: half the CPU a start costs, on a machine of two cores.
            String javaOptions = ("jpa".equals(backend) ? "-Xmx768m" : "-Xmx512m") + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
            a.start(javaOptions);
            b.start(javaOptions);
            long deadline = System.nanoTime() + startTimeout.toNanos();
            a.awaitUp(deadline);
            b.awaitUp(deadline);
            step(began, backend + ": both James up");
            for (InstalledJames james : List.of(a, b)) {
                // The plugin is in: its routes answer, with the names the install gave.
                assertThat(james.webAdmin("GET", "/replication/status", null))
                        .contains("\"node\":\"" + james.name() + "\"");
                james.webAdmin("PUT", "/domains/" + DOMAIN, null);
                james.webAdmin("PUT", "/users/" + USER, "{\"password\":\"" + PASSWORD + "\"}");
            }

            appendAndSeeItOnTheTwin(a, b);
            appendAndSeeItOnTheTwin(b, a);
            step(began, backend + ": replicated both ways");

            Eventually.until(USER + " the same on a and b", REPLICATION_TIMEOUT, () -> {
                MailStore onA = snapshot(a);
                MailStore onB = snapshot(b);
                List<String> problems = new ArrayList<>(PairComparison.everything().compare(onA, onB));
                if (onA.messageCount() != 2) {
                    problems.add("a holds " + onA.messageCount() + " messages, not 2");
                }
                return problems;
            });
        } catch (AssertionError | Exception e) {
            System.out.println(a.logTail());
            System.out.println(b.logTail());
            throw e;
        } finally {
            a.requestStop();
            b.requestStop();
            a.awaitStopped(STOP_GRACE);
            b.awaitStopped(STOP_GRACE);
            step(began, backend + ": both stopped");
        }
        // Passed: the copies of James's jars go (about 300 MB for the two); conf/ and logs/ stay.
        deleteTree(a.home().resolve("lib"));
        deleteTree(b.home().resolve("lib"));
    }

    /** APPEND on {@code from}; the message turns up on {@code to} under the same UID and UIDVALIDITY. */
    private static void appendAndSeeItOnTheTwin(InstalledJames from, InstalledJames to) throws Exception {
        SampleMessage message = SampleMessage.create("release " + from.name(), "bob@" + DOMAIN, USER);
        long uid;
        long uidValidity;
        try (ImapSession session = login(from)) {
            uid = session.append(INBOX, message.bytes(), new Flags(), Instant.parse("2026-12-01T10:00:00Z"));
            uidValidity = session.status(INBOX).uidValidity();
        }
        Eventually.until("the message APPENDed on " + from.name() + " (UID " + uid + ") on " + to.name(),
                REPLICATION_TIMEOUT, () -> {
                    try (ImapSession session = login(to)) {
                        MailboxStatus status = session.status(INBOX);
                        List<Long> uids = session.uidsOf(INBOX, message.messageId());
                        List<String> problems = new ArrayList<>();
                        if (!uids.equals(List.of(uid))) {
                            problems.add(to.name() + " has it under UIDs " + uids + ", " + from.name() + " under " + uid);
                        }
                        if (status.uidValidity() != uidValidity) {
                            problems.add(to.name() + "'s INBOX UIDVALIDITY " + status.uidValidity() + ", "
                                    + from.name() + "'s " + uidValidity);
                        }
                        return problems;
                    }
                });
    }

    private static ImapSession login(InstalledJames james) throws Exception {
        return ImapSession.login(james.name(), "127.0.0.1", james.imapPort(), USER, PASSWORD);
    }

    private static MailStore snapshot(InstalledJames james) throws Exception {
        try (ImapSession session = login(james)) {
            return session.snapshot();
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Made by {@code mvn package} in the distribution module; the pom passes its path. */
    private static Path tarball() throws IOException {
        String given = System.getProperty("release.tarball", "");
        if (!given.isBlank() && !given.contains("${")) {
            Path path = Path.of(given);
            assertThat(path).as("the release tarball (mvn package makes it)").exists();
            return path;
        }
        try (Stream<Path> files = Files.list(moduleDir.resolve("../distribution/target"))) {
            return files.filter(file -> file.getFileName().toString().matches("james-replicator-.*\\.tar\\.gz"))
                    .findFirst().orElseThrow(() -> new AssertionError("no release tarball in distribution/target: mvn package makes it"));
        }
    }

    private static Path launcher() {
        return Path.of(System.getProperty("jamesPair.launcher", moduleDir.resolve("../bin/james-pair").toString()))
                .toAbsolutePath().normalize();
    }

    private static void step(long began, String what) {
        System.out.printf("ReleaseInstallIT: %s after %d s%n", what, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
    }

    /** Runs a command to its end; fails unless it exits 0. Returns its output (stdout and stderr). */
    private static String run(List<String> command, Path directory, String what) throws Exception {
        Path output = Files.createTempFile(work, "command-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        // The launcher's and the install's own settings come from the command line only.
        env.keySet().removeIf(name -> name.startsWith("JAMES_PAIR_") || name.equals("JAMES_REPLICATION_SECRET")
                || name.equals("JAVA_TOOL_OPTIONS"));
        Process process = builder.start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        assertThat(finished).as("%s finished within %s:\n%s", what, COMMAND_TIMEOUT, text).isTrue();
        assertThat(process.exitValue()).as("%s exit status:\n%s", what, text).isZero();
        return text;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}

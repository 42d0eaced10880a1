package dev.jamesreplicator.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpacks the release tarball and runs its bin/install against James directories laid out like
 * bin/james-pair's nodes (conf/, lib/ with James's versioned jars, extensions-jars/ made by the
 * install), checking what it writes, that it is idempotent, that --dry-run and --uninstall keep
 * or restore every byte, and that it refuses what is not a James 3.8.1.
 */
class InstallScriptTest {
    private static final String USER_LISTENERS = "<?xml version=\"1.0\"?>\n"
        + "<listeners>\n"
        + "  <executeGroupListeners>true</executeGroupListeners>\n"
        + "  <listener>\n"
        + "    <class>org.example.MyListener</class>\n"
        + "  </listener>\n"
        + "</listeners>\n";
    private static final String USER_WEBADMIN = "enabled=true\nport=8000\nhost=127.0.0.1\n"
        + "extensions.routes=org.example.Routes\n";

    @TempDir
    static Path release;
    @TempDir
    Path work;

    static Path install;

    @BeforeAll
    static void unpackRelease() throws Exception {
        Path tarball = Path.of(System.getProperty("release.tarball", "target/release.tar.gz"));
        assertThat(tarball).as("the release tarball (mvn package makes it)").exists();
        Result untar = run(List.of("tar", "xzf", tarball.toString(), "-C", release.toString()), null);
        assertThat(untar.exit).as(untar.output).isZero();
        try (Stream<Path> top = Files.list(release)) {
            Path root = top.findFirst().orElseThrow();
            assertThat(root.getFileName().toString()).startsWith("james-replicator-");
            for (String file : List.of("lib/james-replicator-plugin.jar", "lib/james-replicator-agent.jar",
                "bin/replicator", "bin/lib/WebAdminRequest.java", "bin/install", "conf/listeners.xml", "conf/extensions.properties",
                "conf/webadmin.properties", "conf/healthcheck.properties", "conf/replication.xml", "VERSION")) {
                assertThat(root.resolve(file)).as(file).exists();
            }
            assertThat(Files.isExecutable(root.resolve("bin/install"))).isTrue();
            install = root.resolve("bin/install");
        }
    }

    @Test
    void installsTheJarsTheConfAndAFreshSecret() throws Exception {
        Path james = fakeJames("a", "3.8.1");
        Result result = install("--node-name", "a", "--twin", "192.0.2.2", james.toString());
        assertThat(result.exit).as(result.output).isZero();

        assertThat(james.resolve("extensions-jars/james-replicator-plugin.jar")).exists();
        assertThat(james.resolve("lib/james-replicator-agent.jar")).exists();
        String listeners = read(james, "conf/listeners.xml");
        assertThat(listeners).contains("<class>org.example.MyListener</class>",
            "<class>dev.jamesreplicator.capture.ChangeListener</class>",
            "<group>JamesReplicatorChangeListener</group>",
            "<class>dev.jamesreplicator.capture.JournalListener</class>",
            "<group>JamesReplicatorJournalListener</group>",
            "<class>dev.jamesreplicator.capture.AclListener</class>",
            "<group>JamesReplicatorAclListener</group>");
        assertThat(listeners.trim()).endsWith("</listeners>");
        assertThat(read(james, "conf/extensions.properties"))
            .contains("guice.extension.module=dev.jamesreplicator.ReplicationModule",
                "guice.extension.startable=dev.jamesreplicator.replicator.ReplicatorStartable");
        assertThat(read(james, "conf/webadmin.properties")).contains(
            "extensions.routes=org.example.Routes,dev.jamesreplicator.admin.ReplicationRoutes,dev.jamesreplicator.admin.SyncRoutes");
        assertThat(read(james, "conf/healthcheck.properties"))
            .contains("additional.healthchecks=dev.jamesreplicator.admin.ReplicationHealthCheck");
        assertThat(read(james, "conf/james-replicator.env"))
            .contains("JAVA_TOOL_OPTIONS=-javaagent:" + james.toRealPath().resolve("lib/james-replicator-agent.jar"));

        String replication = read(james, "conf/replication.xml");
        assertThat(xml(replication, "nodeName")).isEqualTo("a");
        assertThat(xml(replication, "twin")).isEqualTo("192.0.2.2:12345");
        assertThat(xml(replication, "bind")).isEqualTo("0.0.0.0:12345");
        assertThat(xml(replication, "tls")).isEqualTo("required");
        assertThat(xml(replication, "password")).matches("[0-9a-f]{64}");
        assertThat(xml(replication, "twinCertificateSha256")).isEqualTo("change-me");
        for (String secret : List.of("conf/replication.xml", "conf/replication.p12")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(james.resolve(secret))))
                .as(secret).isEqualTo("rw-------");
        }
        // The key opens with the password written beside it, and is the one whose fingerprint is printed.
        String fingerprint = sha256(james.resolve("conf/replication.p12"), xml(replication, "keystorePassword"));
        assertThat(result.output).contains("fingerprint: " + fingerprint);

        Path other = fakeJames("other", "3.8.1");
        assertThat(install("--node-name", "c", "--twin", "192.0.2.2", other.toString()).exit).isZero();
        assertThat(xml(read(other, "conf/replication.xml"), "password"))
            .as("every install draws its own secret").isNotEqualTo(xml(replication, "password"));
    }

    @Test
    void aSecondRunChangesNothing() throws Exception {
        Path james = fakeJames("a", "3.8.1");
        assertThat(install("--node-name", "a", "--twin", "192.0.2.2", james.toString()).exit).isZero();
        Map<String, String> installed = snapshot(james);

        Result again = install(james.toString());
        assertThat(again.exit).as(again.output).isZero();
        assertThat(again.output).contains("nothing to change");
        assertThat(snapshot(james)).isEqualTo(installed);
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        Path james = fakeJames("a", "3.8.1");
        Map<String, String> before = snapshot(james);
        Result dry = install("--dry-run", "--node-name", "a", "--twin", "192.0.2.2", james.toString());
        assertThat(dry.exit).as(dry.output).isZero();
        assertThat(dry.output).contains("would create conf/replication.xml", "would change conf/listeners.xml",
            "+extensions.routes=org.example.Routes,dev.jamesreplicator.admin.ReplicationRoutes");
        assertThat(snapshot(james)).isEqualTo(before);

        assertThat(install("--node-name", "a", "--twin", "192.0.2.2", james.toString()).exit).isZero();
        Map<String, String> installed = snapshot(james);
        Result dryAgain = install("--dry-run", "--twin-certificate-sha256", "AB".repeat(32), james.toString());
        assertThat(dryAgain.output).contains("would change conf/replication.xml");
        assertThat(dryAgain.output).as("a secret file's difference is not printed")
            .doesNotContain(xml(read(james, "conf/replication.xml"), "password"));
        Result dryUninstall = install("--uninstall", "--dry-run", james.toString());
        assertThat(dryUninstall.output).contains("would remove conf/replication.xml", "would restore conf/listeners.xml");
        assertThat(snapshot(james)).isEqualTo(installed);
    }

    @Test
    void uninstallRestoresEveryFile() throws Exception {
        Path james = fakeJames("a", "3.8.1");
        Map<String, String> before = snapshot(james);
        assertThat(install("--node-name", "a", "--twin", "192.0.2.2", james.toString()).exit).isZero();
        // A second install that changes a file it wrote: the backups stay the originals.
        assertThat(install("--twin-certificate-sha256", "AB".repeat(32), james.toString()).exit).isZero();
        assertThat(snapshot(james)).isNotEqualTo(before);

        Result uninstall = install("--uninstall", james.toString());
        assertThat(uninstall.exit).as(uninstall.output).isZero();
        assertThat(snapshot(james)).isEqualTo(before);
        assertThat(install("--uninstall", james.toString()).output).contains("not installed");
    }

    @Test
    void refusesWhatIsNotAJames381() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty"));
        Result noConf = install("--twin", "192.0.2.2", empty.toString());
        assertThat(noConf.exit).isNotZero();
        assertThat(noConf.output).contains("has no conf/ directory", "not an Apache James 3.8.1");

        Path noLib = Files.createDirectories(work.resolve("nolib/conf"));
        Result withoutLib = install("--twin", "192.0.2.2", noLib.getParent().toString());
        assertThat(withoutLib.exit).isNotZero();
        assertThat(withoutLib.output).contains("has no lib/");

        Path older = fakeJames("older", "3.7.4");
        Map<String, String> before = snapshot(older);
        Result wrongVersion = install("--twin", "192.0.2.2", older.toString());
        assertThat(wrongVersion.exit).isNotZero();
        assertThat(wrongVersion.output).contains("holds James 3.7.4", "works with James 3.8.1 only");
        assertThat(snapshot(older)).isEqualTo(before);

        Path james = fakeJames("a", "3.8.1");
        Result noTwin = install(james.toString());
        assertThat(noTwin.exit).isNotZero();
        assertThat(noTwin.output).contains("--twin HOST:PORT is required");
        assertThat(james.resolve("conf/james-replicator-install")).doesNotExist();
    }

    @Test
    void theTwinsHalfMakesAPair() throws Exception {
        Path a = fakeJames("a", "3.8.1");
        Path b = fakeJames("b", "3.8.1");
        Result first = install("--node-name", "a", "--bind", "127.0.0.1:11345", "--twin", "127.0.0.1:12345", a.toString());
        assertThat(first.exit).as(first.output).isZero();

        // The printed line, as the admin runs it on the twin (with its own path and name).
        Matcher next = Pattern.compile("(?m)^\\s*(echo '[^']+' \\| )bin/install (.*) JAMES_HOME$").matcher(first.output);
        assertThat(next.find()).as(first.output).isTrue();
        assertThat(next.group(2)).contains("--twin 127.0.0.1:11345", "--bind 0.0.0.0:12345");
        Result second = run(List.of("bash", "-c",
            next.group(1) + "'" + install + "' " + next.group(2) + " --node-name b '" + b + "'"), null);
        assertThat(second.exit).as(second.output).isZero();

        Matcher last = Pattern.compile("bin/install --twin-certificate-sha256 ([0-9A-F:]+) JAMES_HOME").matcher(second.output);
        assertThat(last.find()).as(second.output).isTrue();
        assertThat(install("--twin-certificate-sha256", last.group(1), a.toString()).exit).isZero();

        String aConf = read(a, "conf/replication.xml");
        String bConf = read(b, "conf/replication.xml");
        assertThat(xml(bConf, "password")).isEqualTo(xml(aConf, "password"));
        assertThat(xml(bConf, "twin")).isEqualTo("127.0.0.1:11345");
        assertThat(xml(aConf, "twinCertificateSha256"))
            .isEqualTo(sha256(b.resolve("conf/replication.p12"), xml(bConf, "keystorePassword")));
        assertThat(xml(bConf, "twinCertificateSha256"))
            .isEqualTo(sha256(a.resolve("conf/replication.p12"), xml(aConf, "keystorePassword")));
    }

    // ------------------------------------------------------------------------------------------

    /** A James directory as bin/james-pair assembles a node, with James's jars in lib/ (empty stand-ins). */
    private Path fakeJames(String name, String version) throws IOException {
        Path home = Files.createDirectories(work.resolve(name));
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("listeners.xml"), USER_LISTENERS);
        Files.writeString(conf.resolve("webadmin.properties"), USER_WEBADMIN);
        Files.writeString(conf.resolve("domainlist.xml"), "<domainlist><autodetect>false</autodetect></domainlist>\n");
        Path lib = Files.createDirectories(home.resolve("lib"));
        for (String jar : List.of("james-server-core", "james-server-memory-app", "apache-james-mailbox-api")) {
            Files.writeString(lib.resolve(jar + "-" + version + ".jar"), "");
        }
        return home;
    }

    private Result install(String... args) throws Exception {
        return run(Stream.concat(Stream.of(install.toString()), Stream.of(args)).collect(Collectors.toList()), null);
    }

    private static Result run(List<String> command, Path directory) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAMES_REPLICATION_SECRET");
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exit, String output) {
    }

    /** Every file and directory under home: its content's hash and its permissions. */
    private static Map<String, String> snapshot(Path home) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                String content = Files.isDirectory(path) ? "dir" : digest(Files.readAllBytes(path));
                files.put(home.relativize(path).toString(), mode + " " + content);
            }
        }
        return files;
    }

    private static String read(Path home, String file) throws IOException {
        return Files.readString(home.resolve(file));
    }

    /** The value of the first element of that name outside comments. */
    private static String xml(String document, String element) {
        String withoutComments = document.replaceAll("(?s)<!--.*?-->", "");
        Matcher matcher = Pattern.compile("<" + element + ">\\s*([^<]*?)\\s*</" + element + ">").matcher(withoutComments);
        assertThat(matcher.find()).as("<%s> in %s", element, document).isTrue();
        return matcher.group(1);
    }

    /** The fingerprint keytool prints (upper-case hex pairs, colon-separated) of the key's certificate. */
    private static String sha256(Path keystore, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        Certificate certificate = store.getCertificate("replication");
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash);
    }

    private static String digest(byte[] bytes) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}

package dev.jamesreplicator.tools.pair;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A node's conf/ written from small templates, with the JDK's real keytool. */
class NodeConfTest {
    private static final Map<String, Integer> PORTS = Map.of("IMAP", 33143, "POP3", 33110, "SMTP", 33025,
            "LMTP", 33024, "SIEVE", 33190, "WEBADMIN", 33080);

    @TempDir
    Path root;
    private Path pair;
    private Path conf;
    private Path backend;
    private Path home;

    @BeforeEach
    void templates() throws IOException {
        pair = Files.createDirectories(root.resolve("pair"));
        Files.writeString(pair.resolve("imapserver.xml"),
                "<imapserver><bind>127.0.0.1:@IMAP_PORT@</bind><secret>@KEYSTORE_SECRET@</secret></imapserver>\n");
        Files.writeString(pair.resolve("smtpserver.xml"), "<smtp>@SMTP_PORT@ @LMTP_PORT@ @POP3_PORT@ @SIEVE_PORT@</smtp>\n");
        conf = Files.createDirectories(root.resolve("conf"));
        Files.writeString(conf.resolve("webadmin.properties"), "# ours\nenabled=true\nport=8000\nextensions.routes=x\n");
        Files.writeString(conf.resolve("replication.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <replication>
                  <nodeName>a</nodeName>
                  <bind>127.0.0.1:11345</bind>
                  <twin>127.0.0.1:12345</twin>
                  <password>change-me</password>
                  <tls>required</tls>
                  <keystorePassword>change-me</keystorePassword>
                  <twinCertificateSha256>change-me</twinCertificateSha256>
                  <syncTimeout>0</syncTimeout>
                </replication>
                """);
        backend = Files.createDirectories(root.resolve("backend"));
        Files.writeString(backend.resolve("james-database.properties"), "database.url=jdbc:derby:x\n");
        home = Files.createDirectories(root.resolve("home"));
        Files.writeString(home.resolve("password"), "0123456789abcdef0123456789abcdef");
    }

    @Test
    void aReplicatingNodeGetsItsPortsKeysAndReplicationXml() throws Exception {
        Path nodeA = node("a");
        Path nodeB = node("b");

        replicating(nodeA, "a", "b").write();
        replicating(nodeB, "b", "a").write();

        Path aConf = nodeA.resolve("conf");
        assertThat(fileNames(aConf)).containsExactly("imapserver.xml", "james-database.properties", "keystore",
                "replication.p12", "replication.xml", "smtpserver.xml", "webadmin.properties");
        String imap = Files.readString(aConf.resolve("imapserver.xml"));
        assertThat(imap).startsWith("<imapserver><bind>127.0.0.1:33143</bind><secret>").doesNotContain("@");
        assertThat(Files.readString(aConf.resolve("smtpserver.xml"))).isEqualTo("<smtp>33025 33024 33110 33190</smtp>\n");
        assertThat(Files.readString(aConf.resolve("webadmin.properties")))
                .isEqualTo("# ours\nenabled=true\nport=33080\nextensions.routes=x\n");

        String replication = Files.readString(aConf.resolve("replication.xml"));
        String secret = Files.readString(home.resolve("replication-tls/secret"));
        assertThat(replication)
                .contains("<nodeName>a</nodeName>", "<bind>127.0.0.1:33345</bind>", "<twin>127.0.0.1:34345</twin>",
                        "<password>0123456789abcdef0123456789abcdef</password>", "<tls>required</tls>",
                        "<keystorePassword>" + secret + "</keystorePassword>", "<syncTimeout>2s</syncTimeout>",
                        "<twinCertificateSha256>" + keytoolFingerprint(home.resolve("replication-tls/b.p12"), secret)
                                + "</twinCertificateSha256>");
        assertThat(Files.readAllBytes(aConf.resolve("replication.p12")))
                .isEqualTo(Files.readAllBytes(home.resolve("replication-tls/a.p12")));
        assertThat(mode(aConf.resolve("replication.xml"))).isEqualTo("rw-------");
        assertThat(mode(aConf.resolve("imapserver.xml"))).isEqualTo("rw-------");
        assertThat(mode(aConf.resolve("replication.p12"))).isEqualTo("rw-------");
        assertThat(mode(aConf.resolve("keystore"))).isEqualTo("rw-------");
        assertThat(mode(home.resolve("replication-tls/secret"))).isEqualTo("rw-------");
    }

    @Test
    void reassemblingANodeKeepsThePairsReplicationKeys() throws Exception {
        Path nodeA = node("a");
        replicating(nodeA, "a", "b").write();
        byte[] key = Files.readAllBytes(home.resolve("replication-tls/b.p12"));
        Files.writeString(nodeA.resolve("conf/leftover.xml"), "<old/>");

        replicating(nodeA, "a", "b").write();

        assertThat(Files.readAllBytes(home.resolve("replication-tls/b.p12"))).isEqualTo(key);
        assertThat(nodeA.resolve("conf/leftover.xml")).doesNotExist();
    }

    @Test
    void withoutTheReplicatorANodeGetsJamesOwnWebAdmin() throws Exception {
        Path node = node("a");

        new NodeConf(node, "a", List.of(pair, backend), PORTS, Optional.empty(), new Keytool()).write();

        assertThat(fileNames(node.resolve("conf"))).containsExactly("imapserver.xml", "james-database.properties",
                "keystore", "smtpserver.xml", "webadmin.properties");
        assertThat(Files.readString(node.resolve("conf/webadmin.properties"))).isEqualTo(
                "# WebAdmin, without authentication: keep it on loopback.\nenabled=true\nhost=127.0.0.1\nport=33080\n");
        assertThat(mode(node.resolve("conf/keystore"))).isEqualTo("rw-------");
    }

    @Test
    void aPlaceholderNoOneFillsStopsTheAssembly() throws Exception {
        Files.writeString(pair.resolve("jmx.properties"), "jmx.port=@JMX_PORT@\n");
        Path node = node("a");

        assertThatThrownBy(() -> new NodeConf(node, "a", List.of(pair), PORTS, Optional.empty(), new Keytool()).write())
                .isInstanceOf(PairToolException.class)
                .hasMessageEndingWith("jmx.properties\nplaceholders left unfilled in the files above (james-conf and bin/james-pair disagree)");
    }

    private NodeConf replicating(Path node, String name, String twin) {
        int replicationPort = name.equals("a") ? 33345 : 34345;
        int twinPort = name.equals("a") ? 34345 : 33345;
        return new NodeConf(node, name, List.of(pair, conf, backend), PORTS,
                Optional.of(new NodeConf.Replication(home, twin, "127.0.0.1:" + replicationPort, "127.0.0.1:" + twinPort, "2s")),
                new Keytool());
    }

    private Path node(String name) throws IOException {
        Path node = root.resolve("nodes").resolve(name);
        Files.createDirectories(node.resolve("logs"));
        return node;
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    /** What bin/james-pair took from keytool before: the line after "SHA256:" of keytool -list -v. */
    private static String keytoolFingerprint(Path keystore, String secret) throws IOException, InterruptedException {
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-list", "-v", "-alias", "replication", "-keystore", keystore.toString(), "-storepass", secret)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).isZero();
        return output.lines().map(String::strip).filter(line -> line.startsWith("SHA256:"))
                .map(line -> line.substring("SHA256:".length()).strip()).findFirst().orElseThrow();
    }
}

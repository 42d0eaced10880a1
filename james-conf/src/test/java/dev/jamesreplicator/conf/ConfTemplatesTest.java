package dev.jamesreplicator.conf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Guards the contract between these files and bin/james-pair, which fills them in. */
class ConfTemplatesTest {
    private static final Path CONF = Paths.get("src/main/conf");
    private static final Path PAIR = Paths.get("src/main/pair");
    // The placeholders bin/james-pair knows how to fill in: keep the two lists in step.
    private static final Set<String> KNOWN_PLACEHOLDERS =
        Set.of("IMAP_PORT", "POP3_PORT", "SMTP_PORT", "LMTP_PORT", "SIEVE_PORT", "KEYSTORE_SECRET");
    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z0-9_]+)@");

    @Test
    void everyXmlFileParsesOnceFilledIn() throws Exception {
        for (Path file : files("xml")) {
            assertThat(parse(file).getDocumentElement()).as(file.toString()).isNotNull();
        }
    }

    @Test
    void templatesUseOnlyPlaceholdersTheLauncherFillsIn() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Path file : files("")) {
            Matcher matcher = PLACEHOLDER.matcher(read(file));
            while (matcher.find()) {
                used.add(matcher.group(1));
            }
        }
        assertThat(KNOWN_PLACEHOLDERS).containsAll(used);
    }

    @Test
    void everyProtocolServerListensOnLoopbackOnly() throws Exception {
        int binds = 0;
        for (Path file : files("xml")) {
            NodeList nodes = parse(file).getElementsByTagName("bind");
            for (int i = 0; i < nodes.getLength(); i++) {
                assertThat(nodes.item(i).getTextContent().trim()).as(file.toString()).startsWith("127.0.0.1:");
                binds++;
            }
        }
        // imap, pop3, smtp, lmtp, managesieve, and the replication port
        assertThat(binds).isEqualTo(6);
    }

    @Test
    void webAdminIsOnLoopbackWithTheReplicationRoutes() throws IOException {
        Properties webadmin = properties(CONF.resolve("webadmin.properties"));
        assertThat(webadmin.getProperty("enabled")).isEqualTo("true");
        assertThat(webadmin.getProperty("host")).isEqualTo("127.0.0.1");
        assertThat(webadmin.getProperty("port")).matches("[0-9]+");
        assertThat(webadmin.getProperty("extensions.routes")).isEqualTo("dev.jamesreplicator.admin.ReplicationRoutes,dev.jamesreplicator.admin.SyncRoutes");
    }

    @Test
    void extensionsNameThePluginEntryPoints() throws IOException {
        Properties extensions = properties(CONF.resolve("extensions.properties"));
        assertThat(extensions.getProperty("guice.extension.module")).isEqualTo("dev.jamesreplicator.ReplicationModule");
        assertThat(extensions.getProperty("guice.extension.startable"))
            .isEqualTo("dev.jamesreplicator.replicator.ReplicatorStartable");
    }

    @Test
    void replicationExampleHasEverySettingOnce() throws Exception {
        Document doc = parse(CONF.resolve("replication.xml"));
        for (String setting : List.of("nodeName", "bind", "twin", "password", "maxConnections",
                "idleConnections", "fullSyncInterval", "syncTimeout", "stateDirectory", "maxMessageSize")) {
            // bin/james-pair rewrites some of these in place: each must occur exactly once.
            assertThat(doc.getElementsByTagName(setting).getLength()).as(setting).isEqualTo(1);
        }
    }

    @Test
    void listenerHasAGroupAndIsSynchronous() throws Exception {
        Document doc = parse(CONF.resolve("listeners.xml"));
        assertThat(doc.getElementsByTagName("class").item(0).getTextContent())
            .isEqualTo("dev.jamesreplicator.capture.ChangeListener");
        assertThat(doc.getElementsByTagName("group").item(0).getTextContent()).isEqualTo("JamesReplicatorChangeListener");
        assertThat(doc.getElementsByTagName("async").item(0).getTextContent()).isEqualTo("false");
    }

    @Test
    void demoNodeHasNoJmapNorJmx() throws IOException {
        assertThat(properties(PAIR.resolve("jmap.properties")).getProperty("enabled")).isEqualTo("false");
        assertThat(properties(PAIR.resolve("jmx.properties")).getProperty("jmx.enabled")).isEqualTo("false");
    }

    @Test
    void imapAllowsPlainLoginOverLoopback() throws Exception {
        Document doc = parse(PAIR.resolve("imapserver.xml"));
        assertThat(doc.getElementsByTagName("plainAuthDisallowed").item(0).getTextContent()).isEqualTo("false");
        assertThat(doc.getElementsByTagName("requireSSL").item(0).getTextContent()).isEqualTo("false");
    }

    @Test
    void jamesClassPathIsRecordedAndResolvable() throws IOException {
        Path classpath = Paths.get("target/james.classpath");
        assertThat(classpath).exists();
        List<String> entries = List.of(read(classpath).trim().split(java.io.File.pathSeparator));
        assertThat(entries).anyMatch(entry -> entry.endsWith("james-server-memory-app-3.8.1.jar"));
        assertThat(entries).allMatch(entry -> Files.isRegularFile(Paths.get(entry)), "every entry is a file");
    }

    private static List<Path> files(String extension) throws IOException {
        try (Stream<Path> conf = Files.list(CONF); Stream<Path> pair = Files.list(PAIR)) {
            return Stream.concat(conf, pair)
                .filter(path -> path.getFileName().toString().endsWith(extension))
                .sorted()
                .collect(Collectors.toList());
        }
    }

    private static Document parse(Path file) throws Exception {
        String filledIn = PLACEHOLDER.matcher(read(file)).replaceAll("1");
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(filledIn)));
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(read(file)));
        return properties;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}

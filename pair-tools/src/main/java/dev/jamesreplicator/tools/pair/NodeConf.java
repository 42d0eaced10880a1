package dev.jamesreplicator.tools.pair;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A node's {@code conf/}, written afresh from the templates: James's conf for a pair node with the node's ports,
 * a new TLS keystore for its IMAP, POP3, SMTP and ManageSieve, and, with the replicator, its
 * {@code replication.xml} filled in for the pair (names, addresses, the pair's password and TLS keys).
 * Without the replicator, a WebAdmin conf of James's own, without the replicator's routes.
 */
final class NodeConf {
    private static final Pattern PLACEHOLDER = Pattern.compile("@[A-Z0-9_]+@");
    private static final Pattern WEBADMIN_PORT = Pattern.compile("(?m)^port=.*$");
    private static final String STOCK_WEBADMIN = """
            # WebAdmin, without authentication: keep it on loopback.
            enabled=true
            host=127.0.0.1
            port=8000
            """;

    /** The replicator's part of a node: what its {@code replication.xml} says. */
    record Replication(Path pairHome, String twinNode, String bind, String twin, String syncTimeout) {
    }

    private final Path dir;
    private final String node;
    private final List<Path> templates;
    private final Map<String, Integer> ports;
    private final Optional<Replication> replication;
    private final Keytool keytool;

    /**
     * @param dir       the node's directory: {@code conf/} is made in it, {@code logs/} must exist
     * @param templates directories whose files are copied into {@code conf/} in this order (a later one's file wins)
     * @param ports     {@code IMAP}, {@code POP3}, {@code SMTP}, {@code LMTP}, {@code SIEVE}: the {@code @NAME_PORT@}
     *                  placeholders; {@code WEBADMIN}: {@code webadmin.properties}' port
     */
    NodeConf(Path dir, String node, List<Path> templates, Map<String, Integer> ports, Optional<Replication> replication,
             Keytool keytool) {
        this.dir = dir;
        this.node = node;
        this.templates = List.copyOf(templates);
        this.ports = Map.copyOf(ports);
        this.replication = replication;
        this.keytool = keytool;
    }

    void write() throws PairToolException, IOException, InterruptedException {
        Path conf = dir.resolve("conf");
        deleteRecursively(conf);
        Files.createDirectory(conf);
        for (Path template : templates) {
            copyFiles(template, conf);
        }
        if (replication.isEmpty()) {
            Files.writeString(conf.resolve("webadmin.properties"), STOCK_WEBADMIN, StandardCharsets.UTF_8);
        }

        String keystoreSecret = Secrets.randomHex(16);
        Path keystore = conf.resolve("keystore");
        try {
            keytool.generateKeyPair(keystore, "james", keystoreSecret, "CN=localhost",
                    List.of("-keyalg", "RSA", "-keysize", "2048", "-ext", "SAN=dns:localhost,ip:127.0.0.1"),
                    dir.resolve("logs").resolve("keytool.log"));
        } catch (PairToolException e) {
            throw new PairToolException(e.getMessage() + "\nkeytool failed for node " + node);
        }
        fillPlaceholders(conf, keystoreSecret);
        Path webadmin = conf.resolve("webadmin.properties");
        String webadminText = Files.readString(webadmin, StandardCharsets.UTF_8);
        Files.writeString(webadmin, WEBADMIN_PORT.matcher(webadminText)
                .replaceAll(Matcher.quoteReplacement("port=" + port("WEBADMIN"))), StandardCharsets.UTF_8);
        Secrets.makePrivate(keystore);

        if (replication.isPresent()) {
            writeReplication(conf, replication.get());
        }
        checkNoPlaceholderLeft(conf);
    }

    private void writeReplication(Path conf, Replication replication)
            throws PairToolException, IOException, InterruptedException {
        ReplicationKeys keys = new ReplicationKeys(replication.pairHome(), keytool);
        keys.ensure(List.of(node, replication.twinNode()).stream().sorted().toList());
        Path keystore = conf.resolve("replication.p12");
        Files.copy(keys.keystore(node), keystore, StandardCopyOption.REPLACE_EXISTING);

        Map<String, String> values = new LinkedHashMap<>();
        values.put("nodeName", node);
        values.put("bind", replication.bind());
        values.put("twin", replication.twin());
        values.put("password", Files.readString(replication.pairHome().resolve("password"), StandardCharsets.UTF_8).strip());
        values.put("syncTimeout", replication.syncTimeout());
        values.put("tls", "required");
        values.put("keystorePassword", keys.secret());
        values.put("twinCertificateSha256", keys.certificateSha256(replication.twinNode()));
        ConfXml.setElements(conf.resolve("replication.xml"), values);

        Secrets.makePrivate(keystore);
        for (Path xml : files(conf, ".xml")) {
            Secrets.makePrivate(xml);
        }
    }

    private void fillPlaceholders(Path conf, String keystoreSecret) throws IOException, PairToolException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : List.of("IMAP", "POP3", "SMTP", "LMTP", "SIEVE")) {
            values.put("@" + name + "_PORT@", Integer.toString(port(name)));
        }
        values.put("@KEYSTORE_SECRET@", keystoreSecret);
        for (Path file : confFiles(conf)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String filled = text;
            for (Map.Entry<String, String> value : values.entrySet()) {
                filled = filled.replace(value.getKey(), value.getValue());
            }
            if (!filled.equals(text)) {
                Files.writeString(file, filled, StandardCharsets.UTF_8);
            }
        }
    }

    private static void checkNoPlaceholderLeft(Path conf) throws IOException, PairToolException {
        List<String> unfilled = new ArrayList<>();
        for (Path file : confFiles(conf)) {
            if (PLACEHOLDER.matcher(Files.readString(file, StandardCharsets.UTF_8)).find()) {
                unfilled.add(file.toString());
            }
        }
        if (!unfilled.isEmpty()) {
            throw new PairToolException(String.join("\n", unfilled)
                    + "\nplaceholders left unfilled in the files above (james-conf and bin/james-pair disagree)");
        }
    }

    private int port(String name) throws PairToolException {
        Integer port = ports.get(name);
        if (port == null) {
            throw new PairToolException("node " + node + ": no " + name + " port given");
        }
        return port;
    }

    private static List<Path> confFiles(Path conf) throws IOException {
        List<Path> files = new ArrayList<>(files(conf, ".xml"));
        files.addAll(files(conf, ".properties"));
        return files;
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    private static void copyFiles(Path from, Path to) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(from, Files::isRegularFile)) {
            for (Path file : files) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}

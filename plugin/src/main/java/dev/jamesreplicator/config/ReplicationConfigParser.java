package dev.jamesreplicator.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.util.DurationParser;
import org.apache.james.util.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableSet;
import com.google.common.io.BaseEncoding;

/**
 * Reads {@code conf/replication.xml}. Every problem stops start-up with a message that names the
 * file, the setting and the fix: a replication pair that starts half-configured loses mail.
 */
public class ReplicationConfigParser {
    public static final String FILE = "conf/replication.xml";
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplicationConfigParser.class);

    private static final Set<String> KNOWN = ImmutableSet.of("nodeName", "bind", "twin", "password", "passwordFile",
        "passwordEnv", "maxConnections", "idleConnections", "fullSyncInterval", "syncTimeout", "stateDirectory", "tls", "keystore",
        "keystorePassword", "truststore", "truststorePassword", "twinCertificateSha256", "allowFrom", "maxMessageSize", "noReplicate");

    private final Function<String, String> environment;
    private final Path workingDirectory;
    private final KeyStores keyStores;

    public ReplicationConfigParser(Function<String, String> environment, Path workingDirectory) {
        this.environment = environment;
        this.workingDirectory = workingDirectory;
        this.keyStores = new KeyStores(workingDirectory);
    }

    public static ReplicationConfigParser forThisProcess() {
        String workingDirectory = System.getProperty("working.directory", ".");
        return new ReplicationConfigParser(System::getenv, Paths.get(workingDirectory));
    }

    public ReplicationConfig parse(HierarchicalConfiguration<ImmutableNode> xml) {
        // The file James loaded: its configuration provider reads conf/ under the working directory.
        checkSecretFile(workingDirectory.resolve(FILE), "password");
        rejectUnknownSettings(xml);
        String nodeName = required(xml, "nodeName", "give this server a name distinct from its twin's, e.g. <nodeName>a</nodeName>");
        if (!NodeNames.isValid(nodeName)) {
            throw new InvalidReplicationConfigException("nodeName", "'" + nodeName + "' is not a valid name",
                "use " + NodeNames.RULE);
        }
        HostPort bind = hostPort(xml, "bind", Optional.of("0.0.0.0:" + ReplicationConfig.DEFAULT_PORT));
        HostPort twin = hostPort(xml, "twin", Optional.empty());
        String password = password(xml);
        int maxConnections = positiveInt(xml, "maxConnections", ReplicationConfig.DEFAULT_MAX_CONNECTIONS);
        int idleConnections = idleConnections(xml, maxConnections);
        Duration fullSyncInterval = duration(xml, "fullSyncInterval", ReplicationConfig.DEFAULT_FULL_SYNC_INTERVAL);
        if (fullSyncInterval.isZero()) {
            throw new InvalidReplicationConfigException("fullSyncInterval", "0 would resync every user without pause",
                "give an interval such as 1d or 12h");
        }
        Duration syncTimeout = duration(xml, "syncTimeout", Duration.ZERO);
        Path stateDirectory = workingDirectory.resolve(Optional.ofNullable(xml.getString("stateDirectory"))
            .map(String::trim).filter(s -> !s.isEmpty()).orElse("var/replication"));
        TlsSettings tls = tls(xml);
        List<AddressRange> allowFrom = allowFrom(xml);
        long maxMessageSize = maxMessageSize(xml);
        List<UserMask> noReplicate = noReplicate(xml);
        return new ReplicationConfig(nodeName, bind, twin, password, maxConnections, fullSyncInterval, syncTimeout, stateDirectory,
            tls, allowFrom, maxMessageSize, idleConnections, noReplicate);
    }

    /** A secret file every user can read stops the start; one its group can read is a warning. */
    private static void checkSecretFile(Path file, String setting) {
        SecretFiles.check(file, setting).ifPresent(LOGGER::warn);
    }

    private TlsSettings tls(HierarchicalConfiguration<ImmutableNode> xml) {
        Optional<String> keystoreName = optional(xml, "keystore");
        TlsMode mode;
        Optional<String> modeText = optional(xml, "tls");
        try {
            // A keystore means TLS: never a quiet plaintext fallback unless <tls>on</tls> asks for one.
            mode = modeText.map(TlsMode::parse).orElse(keystoreName.isPresent() ? TlsMode.REQUIRED : TlsMode.OFF);
        } catch (IllegalArgumentException e) {
            throw new InvalidReplicationConfigException("tls", "'" + modeText.get() + "' is not off, on or required",
                "write <tls>required</tls> once both servers have their certificates (on while you switch them one at a time, off for none)");
        }
        if (mode == TlsMode.OFF) {
            return TlsSettings.off();
        }
        if (mode == TlsMode.ON) {
            LOGGER.warn("<tls>on</tls> in conf/replication.xml: this server takes plaintext replication connections and falls"
                + " back to plaintext when its twin's port does not speak TLS. Meant for switching a pair to TLS one server"
                + " at a time: write <tls>required</tls> once both have their certificates.");
        }
        String keystoreFile = keystoreName.orElseThrow(() -> new InvalidReplicationConfigException("keystore",
            "missing, and <tls> is " + mode, "give this server's PKCS12 keystore, e.g. <keystore>conf/replication.p12</keystore>; "
                + KeyStores.KEYTOOL_FIX));
        char[] keystorePassword = required(xml, "keystorePassword", "give the password of " + keystoreFile).toCharArray();
        KeyStore keystore = keyStores.keystore(keystoreFile, keystorePassword);
        Optional<KeyStore> truststore = optional(xml, "truststore").map(file -> keyStores.truststore(file,
            required(xml, "truststorePassword", "give the password of " + file).toCharArray()));
        Optional<byte[]> pin = optional(xml, "twinCertificateSha256").map(this::sha256);
        if (truststore.isEmpty() && pin.isEmpty()) {
            throw new InvalidReplicationConfigException("twinCertificateSha256", "missing, and no <truststore> either: "
                + "nothing says which certificate the twin may present",
                "give the SHA-256 fingerprint of the twin's certificate (keytool -list -v -keystore twin.p12 | grep SHA256), "
                    + "or a <truststore> holding the twin's certificate or your CA");
        }
        return TlsSettings.of(mode, keystore, keystorePassword, truststore, pin);
    }

    private byte[] sha256(String text) {
        String hex = text.replace(":", "").replaceAll("\\s", "");
        try {
            if (hex.length() == 64) {
                return BaseEncoding.base16().decode(hex.toUpperCase(java.util.Locale.ROOT));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new InvalidReplicationConfigException("twinCertificateSha256", "'" + text + "' is not a SHA-256 fingerprint",
            "write the 64 hex digits (colons allowed) that keytool -list -v prints after SHA256:");
    }

    private List<AddressRange> allowFrom(HierarchicalConfiguration<ImmutableNode> xml) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String value : xml.getStringArray("allowFrom")) {
            for (String item : value.split("[,\\s]+")) {
                if (item.isEmpty()) {
                    continue;
                }
                try {
                    ranges.add(AddressRange.parse(item));
                } catch (IllegalArgumentException e) {
                    throw new InvalidReplicationConfigException("allowFrom", e.getMessage(),
                        "list IP addresses or CIDR blocks separated by commas, e.g. 192.0.2.2, 2001:db8::/64 "
                            + "(leave it out to allow only the twin's address)");
                }
            }
        }
        return ranges;
    }

    /**
     * {@code <noReplicate><user>MASK</user>...</noReplicate>}: each mask checked, since a typo
     * would leave someone out of replication, or fail to, without a word.
     */
    private static List<UserMask> noReplicate(HierarchicalConfiguration<ImmutableNode> xml) {
        String fix = "list users or masks, one per element, e.g. <noReplicate><user>archive@example.com</user>"
            + "<user>*@lists.example.com</user></noReplicate> (* any characters, ? one character)";
        for (Iterator<String> keys = xml.getKeys("noReplicate"); keys.hasNext(); ) {
            String key = keys.next();
            if (key.equals("noReplicate") && xml.getString(key, "").isBlank()) {
                continue;
            }
            if (!key.equals("noReplicate.user")) {
                throw new InvalidReplicationConfigException(key.equals("noReplicate") ? "noReplicate" : key,
                    key.equals("noReplicate") ? "holds text, not <user> elements" : "unknown setting", fix);
            }
        }
        Set<UserMask> masks = new java.util.LinkedHashSet<>();
        for (String text : userElements(xml)) {
            Optional<String> problem = UserMask.problem(text);
            if (problem.isPresent()) {
                throw new InvalidReplicationConfigException("noReplicate", problem.get(),
                    problem.get().contains("every user") ? "to stop replicating every user, pause the link "
                        + "(PUT /replication/link/paused) or remove the plugin" : fix);
            }
            masks.add(UserMask.of(text));
        }
        return List.copyOf(masks);
    }

    /** Every {@code <noReplicate><user>}'s text, an empty one too (getStringArray drops a lone empty one). */
    private static List<String> userElements(HierarchicalConfiguration<ImmutableNode> xml) {
        Object property = xml.getProperty("noReplicate.user");
        if (property == null) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        if (property instanceof java.util.Collection) {
            ((java.util.Collection<?>) property).forEach(value -> texts.add(String.valueOf(value)));
        } else {
            texts.add(String.valueOf(property));
        }
        return texts;
    }

    private static Optional<String> optional(HierarchicalConfiguration<ImmutableNode> xml, String key) {
        return Optional.ofNullable(xml.getString(key)).map(String::trim).filter(s -> !s.isEmpty());
    }

    private void rejectUnknownSettings(HierarchicalConfiguration<ImmutableNode> xml) {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> keys = xml.getKeys(); keys.hasNext(); ) {
            String key = keys.next();
            String root = key.split("[.\\[]", 2)[0];
            if (!KNOWN.contains(root)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidReplicationConfigException(unknown.get(0), "unknown setting",
                "remove it or correct its spelling; the settings are " + String.join(", ", KNOWN));
        }
    }

    private String required(HierarchicalConfiguration<ImmutableNode> xml, String key, String fix) {
        String value = xml.getString(key);
        if (value == null || value.trim().isEmpty()) {
            throw new InvalidReplicationConfigException(key, "missing", fix);
        }
        return value.trim();
    }

    private HostPort hostPort(HierarchicalConfiguration<ImmutableNode> xml, String key, Optional<String> defaultValue) {
        String value = Optional.ofNullable(xml.getString(key)).map(String::trim).filter(s -> !s.isEmpty())
            .or(() -> defaultValue)
            .orElseThrow(() -> new InvalidReplicationConfigException(key, "missing",
                "give the twin's replication address as host:port, e.g. <twin>mail2.example.com:12345</twin>"));
        try {
            return HostPort.parse(value, ReplicationConfig.DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            throw new InvalidReplicationConfigException(key, e.getMessage(), "write host:port, e.g. 192.0.2.1:12345");
        }
    }

    private String password(HierarchicalConfiguration<ImmutableNode> xml) {
        Map<String, String> sources = new java.util.LinkedHashMap<>();
        for (String key : new String[] {"password", "passwordFile", "passwordEnv"}) {
            String value = xml.getString(key);
            if (value != null && !value.trim().isEmpty()) {
                sources.put(key, value.trim());
            }
        }
        String fix = "set exactly one of <password>, <passwordFile> (a file holding it) or <passwordEnv> "
            + "(an environment variable holding it), the same secret on both servers, at least "
            + ReplicationConfig.MIN_PASSWORD_LENGTH + " characters (e.g. openssl rand -base64 32)";
        if (sources.isEmpty()) {
            throw new InvalidReplicationConfigException("password", "missing", fix);
        }
        if (sources.size() > 1) {
            throw new InvalidReplicationConfigException(String.join(">, <", sources.keySet()), "several password sources", fix);
        }
        Map.Entry<String, String> source = sources.entrySet().iterator().next();
        String password = readPassword(source.getKey(), source.getValue());
        if (password.length() < ReplicationConfig.MIN_PASSWORD_LENGTH) {
            throw new InvalidReplicationConfigException(source.getKey(),
                "the password has " + password.length() + " characters, fewer than " + ReplicationConfig.MIN_PASSWORD_LENGTH, fix);
        }
        PasswordStrength.warning(password).ifPresent(LOGGER::warn);
        return password;
    }

    private String readPassword(String key, String value) {
        switch (key) {
            case "passwordFile":
                Path file = workingDirectory.resolve(value);
                checkSecretFile(file, key);
                try {
                    return Files.readString(file, StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    throw new InvalidReplicationConfigException(key, "cannot read " + file + " (" + e.getMessage() + ")",
                        "make the file exist and readable by the James process");
                }
            case "passwordEnv":
                String fromEnvironment = environment.apply(value);
                if (fromEnvironment == null || fromEnvironment.isEmpty()) {
                    throw new InvalidReplicationConfigException(key, "the environment variable " + value + " is not set",
                        "export it in the environment that starts James");
                }
                return fromEnvironment.trim();
            default:
                return value;
        }
    }

    private int positiveInt(HierarchicalConfiguration<ImmutableNode> xml, String key, int defaultValue) {
        String value = xml.getString(key);
        if (value == null || value.trim().isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new InvalidReplicationConfigException(key, "'" + value + "' is not a positive whole number",
            "write a number such as " + defaultValue);
    }

    /** From 0 to maxConnections: the twin counts these connections against its own cap while they wait. */
    private int idleConnections(HierarchicalConfiguration<ImmutableNode> xml, int maxConnections) {
        int defaultValue = Math.min(ReplicationConfig.DEFAULT_IDLE_CONNECTIONS, maxConnections);
        String value = xml.getString("idleConnections");
        if (value == null || value.trim().isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 0 && parsed <= maxConnections) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new InvalidReplicationConfigException("idleConnections", "'" + value + "' is not a whole number from 0 to "
            + maxConnections + " (<maxConnections>)", "write a number such as " + defaultValue
            + " (0: a new connection for every sync session), at most <maxConnections>");
    }

    private Duration duration(HierarchicalConfiguration<ImmutableNode> xml, String key, Duration defaultValue) {
        String value = xml.getString(key);
        if (value == null || value.trim().isEmpty()) {
            return defaultValue;
        }
        try {
            return DurationParser.parse(value.trim(), ChronoUnit.SECONDS);
        } catch (RuntimeException e) {
            throw new InvalidReplicationConfigException(key, "'" + value + "' is not a duration",
                "write a number and a unit: 500ms, 30s, 5m, 12h, 1d (a bare number is seconds)");
        }
    }

    private static long maxMessageSize(HierarchicalConfiguration<ImmutableNode> xml) {
        String key = "maxMessageSize";
        String value = xml.getString(key);
        if (value == null || value.trim().isEmpty()) {
            return ReplicationConfig.DEFAULT_MAX_MESSAGE_SIZE;
        }
        long bytes;
        try {
            bytes = Size.parse(value.trim()).asBytes();
        } catch (RuntimeException e) {
            bytes = -1;
        }
        if (bytes < 1) {
            throw new InvalidReplicationConfigException(key, "'" + value + "' is not a size",
                "write a number of bytes, or a number and a unit K, M or G, such as 256M");
        }
        if (bytes > ReplicationConfig.MAX_MESSAGE_SIZE_LIMIT) {
            throw new InvalidReplicationConfigException(key, "'" + value + "' is above what James can store in one message ("
                + ReplicationConfig.MAX_MESSAGE_SIZE_LIMIT + " bytes)", "write at most 2047M");
        }
        return bytes;
    }
}

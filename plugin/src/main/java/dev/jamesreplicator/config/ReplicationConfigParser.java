package dev.jamesreplicator.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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

import com.google.common.collect.ImmutableSet;

/**
 * Reads {@code conf/replication.xml}. Every problem stops start-up with a message that names the
 * file, the setting and the fix: a replication pair that starts half-configured loses mail.
 */
public class ReplicationConfigParser {
    public static final String FILE = "conf/replication.xml";

    private static final Set<String> KNOWN = ImmutableSet.of("nodeName", "bind", "twin", "password", "passwordFile",
        "passwordEnv", "maxConnections", "fullSyncInterval", "syncTimeout", "stateDirectory");

    private final Function<String, String> environment;
    private final Path workingDirectory;

    public ReplicationConfigParser(Function<String, String> environment, Path workingDirectory) {
        this.environment = environment;
        this.workingDirectory = workingDirectory;
    }

    public static ReplicationConfigParser forThisProcess() {
        String workingDirectory = System.getProperty("working.directory", ".");
        return new ReplicationConfigParser(System::getenv, Paths.get(workingDirectory));
    }

    public ReplicationConfig parse(HierarchicalConfiguration<ImmutableNode> xml) {
        rejectUnknownSettings(xml);
        String nodeName = required(xml, "nodeName", "give this server a name distinct from its twin's, e.g. <nodeName>a</nodeName>");
        if (!nodeName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new InvalidReplicationConfigException("nodeName", "'" + nodeName + "' is not a valid name",
                "use 1 to 64 letters, digits, '.', '_' or '-'");
        }
        HostPort bind = hostPort(xml, "bind", Optional.of("0.0.0.0:" + ReplicationConfig.DEFAULT_PORT));
        HostPort twin = hostPort(xml, "twin", Optional.empty());
        String password = password(xml);
        int maxConnections = positiveInt(xml, "maxConnections", ReplicationConfig.DEFAULT_MAX_CONNECTIONS);
        Duration fullSyncInterval = duration(xml, "fullSyncInterval", ReplicationConfig.DEFAULT_FULL_SYNC_INTERVAL);
        if (fullSyncInterval.isZero()) {
            throw new InvalidReplicationConfigException("fullSyncInterval", "0 would resync every user without pause",
                "give an interval such as 1d or 12h");
        }
        Duration syncTimeout = duration(xml, "syncTimeout", Duration.ZERO);
        Path stateDirectory = workingDirectory.resolve(Optional.ofNullable(xml.getString("stateDirectory"))
            .map(String::trim).filter(s -> !s.isEmpty()).orElse("var/replication"));
        return new ReplicationConfig(nodeName, bind, twin, password, maxConnections, fullSyncInterval, syncTimeout, stateDirectory);
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
        return password;
    }

    private String readPassword(String key, String value) {
        switch (key) {
            case "passwordFile":
                Path file = workingDirectory.resolve(value);
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
}

package dev.jamesreplicator.jpaserver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code conf/james-database.properties}, in James's own format, turned into the properties the
 * "Global" persistence unit is created with. Pure, so the rules are tested without a database.
 * <ul>
 * <li>{@code database.driverClassName}, {@code database.url}, {@code database.username},
 * {@code database.password}: the JDBC connection;</li>
 * <li>{@code ${working.directory}} in any value: James's working directory, so the default
 * Derby store sits in the node's {@code var/} whatever the JVM's current directory;</li>
 * <li>{@code datasource.*}: the connection pool (commons-dbcp2, which OpenJPA uses when it is on
 * the class path), as James's JPA server reads them: {@code testOnBorrow}, {@code maxTotal},
 * {@code validationQuery}, {@code validationQueryTimeoutSec}, and any other key as it is (DBCP's
 * own name, e.g. {@code maxWaitMillis}); a pool of 32 connections and a wait of 30 s at most
 * unless set;</li>
 * <li>any {@code openjpa.*} key: passed to OpenJPA as it is (as James's JPA server does);</li>
 * <li>{@code openjpa.jdbc.DBDictionary}: when not given, derived from the URL, so pointing the
 * URL at PostgreSQL is enough. An unknown database is left to OpenJPA's detection.</li>
 * </ul>
 */
final class DatabaseSettings {
    static final String DRIVER = "database.driverClassName";
    static final String URL = "database.url";
    static final String USERNAME = "database.username";
    static final String PASSWORD = "database.password";
    static final String WORKING_DIRECTORY_TOKEN = "${working.directory}";
    static final String DICTIONARY = "openjpa.jdbc.DBDictionary";
    static final String DATASOURCE = "datasource.";
    /** James's JPA server runs OpenJPA multithreaded unless told otherwise: mappers share EntityManagers across Reactor threads. */
    static final String MULTITHREADED = "openjpa.Multithreaded";
    static final int DEFAULT_MAX_TOTAL = 32;
    static final int DEFAULT_MAX_WAIT_MILLIS = 30_000;

    /** JDBC subprotocol to OpenJPA dictionary alias, for the databases James documents. */
    private static final Map<String, String> DICTIONARIES = Map.of(
        "derby", "derby",
        "postgresql", "postgres",
        "mysql", "mysql",
        "mariadb", "mariadb",
        "h2", "h2",
        "hsqldb", "hsql",
        "oracle", "oracle",
        "sqlserver", "sqlserver",
        "db2", "db2");

    private DatabaseSettings() {
    }

    /**
     * @param file the keys and values of james-database.properties
     * @param workingDirectory James's working directory (the {@code working.directory} system property)
     */
    static Map<String, String> toPersistenceProperties(Map<String, String> file, String workingDirectory) {
        Map<String, String> resolved = new HashMap<>();
        file.forEach((key, value) -> resolved.put(key, value.replace(WORKING_DIRECTORY_TOKEN, workingDirectory)));

        Map<String, String> properties = new HashMap<>();
        String url = required(resolved, URL);
        // "Connection" is the pool of the transactions; "Connection2" the one OpenJPA takes id
        // blocks from (its sequence table) while a transaction holds a connection of the first:
        // from one pool, threads in flushed transactions would wait for each other's connections.
        for (String factory : List.of("Connection", "Connection2")) {
            properties.put("openjpa." + factory + "DriverName", required(resolved, DRIVER));
            properties.put("openjpa." + factory + "URL", url);
            Optional.ofNullable(resolved.get(USERNAME)).ifPresent(user -> properties.put("openjpa." + factory + "UserName", user));
            Optional.ofNullable(resolved.get(PASSWORD)).ifPresent(password -> properties.put("openjpa." + factory + "Password", password));
        }
        properties.put(MULTITHREADED, "true");
        dictionaryFor(url).ifPresent(dictionary -> properties.put(DICTIONARY, dictionary));
        properties.put("openjpa.ConnectionProperties", connectionProperties(resolved));
        resolved.forEach((key, value) -> {
            if (key.startsWith("openjpa.")) {
                properties.put(key, value);
            }
        });
        return properties;
    }

    /**
     * The datasource.* keys in OpenJPA's ConnectionProperties syntax, with two defaults of ours:
     * a pool of {@value #DEFAULT_MAX_TOTAL} connections (DBCP's own 8 is fewer than the threads
     * that can each hold one: James's IMAP and Reactor threads and the replicator's), and a
     * borrower that waits {@value #DEFAULT_MAX_WAIT_MILLIS} ms at most, then fails (DBCP's own
     * default waits for ever, so an exhausted pool would hang the server instead of failing one
     * request).
     */
    static String connectionProperties(Map<String, String> file) {
        List<String> pool = new ArrayList<>();
        file.keySet().stream().filter(key -> key.startsWith(DATASOURCE)).sorted().forEach(key -> {
            String name = key.substring(DATASOURCE.length());
            String value = file.get(key);
            switch (name) {
                case "testOnBorrow":
                    pool.add("TestOnBorrow=" + value);
                    break;
                case "maxTotal":
                    pool.add("MaxTotal=" + value);
                    break;
                case "validationQuery":
                    pool.add("ValidationSQL='" + value + "'");
                    break;
                case "validationQueryTimeoutSec":
                    pool.add("ValidationTimeout=" + Integer.parseInt(value.trim()) * 1000);
                    break;
                default:
                    pool.add(name + "=" + value);
            }
        });
        if (!file.containsKey(DATASOURCE + "maxTotal")) {
            pool.add("MaxTotal=" + DEFAULT_MAX_TOTAL);
        }
        if (!file.containsKey(DATASOURCE + "maxWaitMillis")) {
            pool.add("MaxWaitMillis=" + DEFAULT_MAX_WAIT_MILLIS);
        }
        return String.join(",", pool);
    }

    /** The OpenJPA dictionary for a JDBC URL ({@code jdbc:postgresql://...} gives {@code postgres}). */
    static Optional<String> dictionaryFor(String url) {
        String[] parts = url.split(":", 3);
        if (parts.length < 3 || !parts[0].equalsIgnoreCase("jdbc")) {
            return Optional.empty();
        }
        return Optional.ofNullable(DICTIONARIES.get(parts[1].toLowerCase(Locale.ROOT)));
    }

    private static String required(Map<String, String> file, String key) {
        String value = file.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("conf/james-database.properties: " + key + " is missing");
        }
        return value;
    }
}

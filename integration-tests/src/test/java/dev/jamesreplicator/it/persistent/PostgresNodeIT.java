package dev.jamesreplicator.it.persistent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.it.client.SynchronizingAppend;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.tools.verify.MessageState;

/**
 * {@link PersistentNodeIT}'s test on PostgreSQL ({@code bin/james-pair --backend jpa --db postgres}):
 * the launcher's private cluster under the pair's home, one database per node. A user, a domain,
 * an alias, mail by IMAP (flags, keywords, a 20 kB body) and by SMTP, SIGKILL and restart, and
 * SMTP mail held in the queue at the kill delivered once after. Its own pair on base
 * {@code jamesPair.postgresBase} (default 25000; the cluster on base + 432).
 */
class PostgresNodeIT extends PersistentNodeIT {
    private static final int BASE = Integer.getInteger("jamesPair.postgresBase", 25000);

    /**
     * Hides PersistentNodeIT's: only this one runs for this class. Skipped, saying why, where
     * PostgreSQL is not installed: {@code mvn verify} needs only Java and Maven; {@code .ci/run}
     * installs PostgreSQL, so CI runs it.
     */
    @BeforeAll
    static void startANewPersistentPair() throws IOException {
        Assumptions.assumeTrue(postgresInstalled(),
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb, no initdb on PATH): apt-get install postgresql");
        startANewPair(JamesPair.own("pair-postgres-it", BASE, "jpa", "postgres"));
    }

    /** Where bin/james-pair looks for it. */
    private static boolean postgresInstalled() throws IOException {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                if (versions.anyMatch(version -> Files.isExecutable(version.resolve("bin/initdb")))) {
                    return true;
                }
            }
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")));
    }

    /** Bodies are bytea columns: 10 MB in one APPEND, read back byte for byte (node a only: b may be stopped). */
    @Test
    void aTenMegabyteMessageComesBackByteForByte() throws Exception {
        TestUser user = pair.newUser("large");
        SampleMessage large = SampleMessage.create("large", "grace@example.org", user.address(), 10 * 1024 * 1024);
        // A synchronizing literal: James 3.8.1 never answers a LITERAL+ one over 10 MiB (SynchronizingAppend).
        long uid = SynchronizingAppend.append(pair.ports(Node.A).host(), pair.ports(Node.A).imap(), user.address(), user.password(),
            "INBOX", large.bytes(), "\\Seen", Instant.parse("2025-06-01T07:00:00Z"));
        MessageState stored = pair.snapshot(Node.A, user).mailbox("INBOX").orElseThrow().message(uid).orElseThrow();
        assertThat(stored.size()).isEqualTo(large.bytes().length);
        assertThat(stored.sha256()).isEqualTo(large.sha256());
    }

    @Test
    void theNodesKeepTheirDataInThePairsPostgreSQL() throws IOException {
        assertThat(pair.status()).contains("database: postgres on 127.0.0.1:" + (BASE + 432) + ", up");
        for (Node node : Node.values()) {
            assertThat(Files.readString(pair.nodeDirectory(node).resolve("conf/james-database.properties")))
                .contains("database.driverClassName=org.postgresql.Driver")
                .contains("database.url=jdbc:postgresql://127.0.0.1:" + (BASE + 432) + "/james_" + node.launcherName());
            assertThat(pair.nodeDirectory(node).resolve("var/store/derby")).doesNotExist();
        }
    }
}

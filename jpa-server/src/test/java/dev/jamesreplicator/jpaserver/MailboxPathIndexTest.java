package dev.jamesreplicator.jpaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.james.core.Username;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.jpa.mail.JPAMailboxMapper;
import org.apache.james.mailbox.jpa.mail.model.JPAMailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unique index on a mailbox's path, against a real embedded Derby and James's own JPA
 * mailbox mapper (no agent here, so no {@code MailboxNameGuard}): two transactions that each
 * found the name free and each create it, which James 3.8.1's schema lets both commit.
 */
class MailboxPathIndexTest {
    private static final MailboxPath WORK = MailboxPath.forUser(Username.of("index@example.test"), "Work");

    @TempDir
    Path workingDirectory;
    private EntityManagerFactory factory;

    @AfterEach
    void close() {
        if (factory != null) {
            factory.close();
        }
    }

    @Test
    void theSecondOfTwoRacingCreatesOfOnePathIsRefusedAsAnExistingMailbox() throws Exception {
        factory = open();
        MailboxPathIndex.ensure(factory);

        assertThatThrownBy(() -> createWhileAnotherCreates(factory))
            .isInstanceOf(MailboxExistsException.class);
        assertThat(rowsOf(WORK)).isEqualTo(1L);
    }

    @Test
    void withoutTheIndexBothRacingCreatesCommit() throws Exception {
        factory = open();

        createWhileAnotherCreates(factory);

        assertThat(rowsOf(WORK)).as("what James 3.8.1's schema allows").isEqualTo(2L);
    }

    @Test
    void aDatabaseThatAlreadyHoldsTwoMailboxesOfOnePathGetsNoIndexAndKeepsItsRows() throws Exception {
        factory = open();
        createWhileAnotherCreates(factory);

        MailboxPathIndex.ensure(factory);

        EntityManager manager = factory.createEntityManager();
        try {
            assertThat(MailboxPathIndex.exists(manager)).isFalse();
        } finally {
            manager.close();
        }
        assertThat(rowsOf(WORK)).isEqualTo(2L);
    }

    @Test
    void theIndexIsMadeOnceAndFoundByTheNextStart() {
        factory = open();
        MailboxPathIndex.ensure(factory);
        factory.close();

        factory = open();
        MailboxPathIndex.ensure(factory);

        EntityManager manager = factory.createEntityManager();
        try {
            assertThat(MailboxPathIndex.exists(manager)).isTrue();
        } finally {
            manager.close();
        }
    }

    /** The outer create checks the name, the inner one checks and commits, then the outer commits. */
    private static void createWhileAnotherCreates(EntityManagerFactory factory) throws Exception {
        JPAMailboxMapper first = new JPAMailboxMapper(factory);
        JPAMailboxMapper second = new JPAMailboxMapper(factory);
        try {
            first.execute(() -> {
                first.create(WORK, UidValidity.of(1)).block();
                second.execute(() -> second.create(WORK, UidValidity.of(2)).block());
                return null;
            });
        } finally {
            first.endRequest();
            second.endRequest();
        }
    }

    private long rowsOf(MailboxPath path) {
        EntityManager manager = factory.createEntityManager();
        try {
            return ((Number) manager.createQuery("SELECT COUNT(m) FROM Mailbox m WHERE m.name = :name AND m.user = :user")
                .setParameter("name", path.getName())
                .setParameter("user", path.getUser().asString())
                .getSingleResult()).longValue();
        } finally {
            manager.close();
        }
    }

    private EntityManagerFactory open() {
        Map<String, String> properties = DatabaseSettings.toPersistenceProperties(Map.of(
            "database.driverClassName", "org.apache.derby.jdbc.EmbeddedDriver",
            "database.url", "jdbc:derby:${working.directory}/var/store/derby;create=true",
            "database.username", "app",
            "database.password", "app"), workingDirectory.toString());
        return Persistence.createEntityManagerFactory(EntityManagerFactoryProvider.PERSISTENCE_UNIT, new HashMap<>(properties));
    }
}

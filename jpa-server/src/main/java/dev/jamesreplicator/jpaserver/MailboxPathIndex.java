package dev.jamesreplicator.jpaserver;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.openjpa.persistence.OpenJPAPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A unique index on a mailbox's path (user, namespace, name), which James 3.8.1's JPA schema
 * lacks. James checks a new name in the transaction that takes it, so a create racing a rename to
 * the same name can leave two rows, and every later open of that name fails with
 * {@code NonUniqueResultException} (docs/jpa-server.md). With the index the database refuses the
 * second row on any database, where the agent's {@code MailboxNameGuard} only closes the race on
 * Derby; James reports the refusal as for an existing name. Made once, at start-up, after
 * OpenJPA has built the schema; a database that already holds two mailboxes of one path gets no
 * index, and the log names them.
 */
final class MailboxPathIndex {
    static final String INDEX = "JR_MAILBOX_PATH";
    private static final String TABLE = "JAMES_MAILBOX";
    private static final Logger LOGGER = LoggerFactory.getLogger(MailboxPathIndex.class);

    private MailboxPathIndex() {
    }

    static void ensure(EntityManagerFactory factory) {
        EntityManager manager = factory.createEntityManager();
        try {
            if (exists(manager)) {
                return;
            }
            List<String> doubled = doubledPaths(manager);
            if (!doubled.isEmpty()) {
                LOGGER.error("The database holds more than one mailbox of the same path, so the unique index {} on {}"
                        + " is not made and James cannot open those mailboxes: {}. Rename or delete all but one of each"
                        + " (IMAP or WebAdmin), then restart.", INDEX, TABLE, doubled);
                return;
            }
            manager.getTransaction().begin();
            manager.createNativeQuery("CREATE UNIQUE INDEX " + INDEX + " ON " + TABLE
                + " (USER_NAME, MAILBOX_NAMESPACE, MAILBOX_NAME)").executeUpdate();
            manager.getTransaction().commit();
            LOGGER.info("Made the unique index {} on {} (user, namespace, name): the database refuses a second mailbox"
                + " of one path", INDEX, TABLE);
        } catch (PersistenceException | IllegalStateException e) {
            // A safety net, not a condition to start: James then runs as its own schema has it.
            LOGGER.error("Could not make the unique index {} on {} (user, namespace, name); James runs without it: {}",
                INDEX, TABLE, e.getMessage(), e);
        } finally {
            if (manager.getTransaction().isActive()) {
                manager.getTransaction().rollback();
            }
            manager.close();
        }
    }

    static boolean exists(EntityManager manager) {
        manager.getTransaction().begin();
        try (Connection connection = (Connection) OpenJPAPersistence.cast(manager).getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            boolean lower = metaData.storesLowerCaseIdentifiers();
            try (ResultSet indexes = metaData.getIndexInfo(null, null, lower ? TABLE.toLowerCase(Locale.ROOT) : TABLE,
                    true, true)) {
                while (indexes.next()) {
                    if (INDEX.equalsIgnoreCase(indexes.getString("INDEX_NAME"))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the indexes of " + TABLE + ": " + e.getMessage(), e);
        } finally {
            manager.getTransaction().rollback();
        }
    }

    private static List<String> doubledPaths(EntityManager manager) {
        List<?> rows = manager.createNativeQuery("SELECT USER_NAME, MAILBOX_NAMESPACE, MAILBOX_NAME FROM " + TABLE
            + " GROUP BY USER_NAME, MAILBOX_NAMESPACE, MAILBOX_NAME HAVING COUNT(*) > 1").getResultList();
        return rows.stream()
            .map(row -> (Object[]) row)
            .map(row -> row[1] + ":" + row[0] + ":" + row[2])
            .collect(Collectors.toList());
    }
}

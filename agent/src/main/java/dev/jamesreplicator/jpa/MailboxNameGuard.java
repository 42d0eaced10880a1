package dev.jamesreplicator.jpa;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import javax.persistence.EntityExistsException;
import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.jpa.mail.JPAMailboxMapper;
import org.apache.james.mailbox.jpa.mail.model.JPAMailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.openjpa.persistence.OpenJPAEntityManager;
import org.apache.openjpa.persistence.OpenJPAPersistence;

/**
 * Refuses to commit a JPA mailbox transaction that would leave two mailboxes of one name.
 * James 3.8.1 checks a new name (create, rename) in the transaction that takes it, and its schema
 * has no unique key on (name, user, namespace): a create racing a rename to the same name (only
 * the create holds James's lock on the path) both found the name free and both committed, and
 * every later open of that name failed with {@code NonUniqueResultException}. Here, just before
 * the commit, the transaction's mailbox rows are written and each name it gives a mailbox is
 * counted: Derby's reads wait for rows another transaction has written and not committed, and
 * the checks run one at a time, so of two such transactions the later sees the other's row and
 * rolls back with {@link MailboxExistsException}. (PostgreSQL's reads do not wait: there a row
 * committed at the same moment can still slip by.)
 */
public final class MailboxNameGuard {
    private static final String COUNT = "SELECT COUNT(mailbox) FROM Mailbox mailbox WHERE mailbox.name = :name"
        + " AND mailbox.user = :user AND mailbox.namespace = :namespace";

    /** Held from a naming transaction's check to the end of its commit. */
    private static final ReentrantLock NAMING = new ReentrantLock();
    private static final long NAMING_WAIT_SECONDS = 5;

    private MailboxNameGuard() {
    }

    /**
     * Called by the agent as {@code JPAMailboxMapper.commit()} begins. A transaction that gives a
     * mailbox a name is checked and committed while it holds {@link #NAMING}, released by
     * {@link #afterCommit}: two such checks at once each waited for the other's new row on Derby
     * (a deadlock, one of two unrelated creates failed after Derby's timeout).
     *
     * @return whether the transaction holds {@link #NAMING}, for {@link #afterCommit}
     */
    public static boolean beforeCommit(JPAMailboxMapper mapper) throws MailboxException {
        EntityManager entityManager = mapper.getEntityManager();
        if (!entityManager.getTransaction().isActive()) {
            return false;
        }
        OpenJPAEntityManager openJpa = OpenJPAPersistence.cast(entityManager);
        // Transactional, not only dirty: a rename's row may have been written already, by the query
        // James runs for the children after it.
        List<MailboxPath> named = new ArrayList<>();
        for (Object changed : openJpa.getTransactionalObjects()) {
            if (changed instanceof JPAMailbox && !openJpa.isRemoved(changed)) {
                named.add(((JPAMailbox) changed).toMailbox().generateAssociatedPath());
            }
        }
        if (named.isEmpty()) {
            return false;
        }
        try {
            // Bounded: a rename that wrote its row before its commit waits here while the holder's
            // check waits for that row; the rename gives up and rolls back, the holder goes on.
            if (!NAMING.tryLock(NAMING_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new MailboxException("Commit of transaction failed: another mailbox was being named");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailboxException("Commit of transaction failed: interrupted", e);
        }
        try {
            for (MailboxPath path : named) {
                assertOnlyOne(entityManager, path);
            }
            return true;
        } catch (PersistenceException e) {
            NAMING.unlock();
            if (e instanceof EntityExistsException || e.getCause() instanceof EntityExistsException) {
                // The jpa-server's unique index on the path refused this transaction's row as it was written.
                throw new MailboxExistsException(named.get(0).getName());
            }
            throw new MailboxException("Commit of transaction failed", e);
        } catch (MailboxException | RuntimeException e) {
            NAMING.unlock();
            throw e;
        }
    }

    /** Called by the agent as {@code JPAMailboxMapper.commit()} ends, however it ends. */
    public static void afterCommit(boolean holdsNaming) {
        if (holdsNaming) {
            NAMING.unlock();
        }
    }

    private static void assertOnlyOne(EntityManager entityManager, MailboxPath path) throws MailboxExistsException {
        // The query flushes this transaction's rows first (OpenJPA flushes before a query in a dirty transaction).
        long count = ((Number) entityManager.createQuery(COUNT)
            .setParameter("name", path.getName())
            .setParameter("user", path.getUser().asString())
            .setParameter("namespace", path.getNamespace())
            .getSingleResult()).longValue();
        if (count > 1) {
            throw new MailboxExistsException(path.getName());
        }
    }
}

package dev.jamesreplicator.jpa;

import java.util.List;

import javax.persistence.EntityManager;

import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.model.MessageRange;

/**
 * Expunges a JPA mailbox's messages one row at a time, in place of James 3.8.1's bulk JPQL
 * delete. OpenJPA runs that delete as {@code DELETE FROM JAMES_MAIL WHERE EXISTS (SELECT ...)}
 * after deleting the messages' properties under a lock on the whole {@code JAMES_MAIL_PROPERTY}
 * table, and Derby answers it with a scan of every row of {@code JAMES_MAIL}: an append anywhere
 * on the server that has inserted its message row and waits for the property table deadlocks with
 * it, and Derby gives up one of the two after 20 seconds (a client's EXPUNGE or APPEND, or a sync
 * session). Removing each message by its key, with its properties and flags by theirs, locks only
 * their rows.
 */
public final class MessageRowDeletion {
    private static final String MESSAGES_IN_RANGE = "SELECT message FROM MailboxMessage message"
        + " WHERE message.mailbox.mailboxId = :mailbox AND message.uid BETWEEN :from AND :to";

    private MessageRowDeletion() {
    }

    /** Removes the mailbox's messages in the range in the mapper's transaction, as James's delete would. */
    public static void deleteEach(JPAMessageMapper mapper, MessageRange range, JPAId mailboxId) {
        EntityManager entityManager = mapper.getEntityManager();
        List<?> messages = entityManager.createQuery(MESSAGES_IN_RANGE)
            .setParameter("mailbox", mailboxId.getRawId())
            .setParameter("from", range.getUidFrom().asLong())
            .setParameter("to", range.getUidTo().asLong())
            .getResultList();
        messages.forEach(entityManager::remove);
    }
}

package dev.jamesreplicator.jpa;

import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMailboxMapper;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.model.JPAMailbox;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageRange;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Removes a JPA mailbox's messages one row at a time, in place of James 3.8.1's bulk JPQL
 * deletes (its expunge's and its mailbox deletion's). OpenJPA runs those as
 * {@code DELETE FROM JAMES_MAIL WHERE EXISTS (SELECT ...)} after deleting the messages' properties
 * under a lock on the whole {@code JAMES_MAIL_PROPERTY} table, and Derby answers it with a scan of
 * every row of {@code JAMES_MAIL}: an append anywhere on the server that has inserted its message
 * row and waits for the property table deadlocks with it (Derby gives up one of the two after
 * 20 seconds), and every other user's reads wait until the deleting transaction ends. Removing
 * each message by its key, with its properties and flags by theirs, locks only their rows.
 */
public final class MessageRowDeletion {
    private static final String MESSAGES_IN_RANGE = "SELECT message FROM MailboxMessage message"
        + " WHERE message.mailbox.mailboxId = :mailbox AND message.uid BETWEEN :from AND :to";
    private static final String MESSAGES_IN_MAILBOX = "SELECT message FROM MailboxMessage message"
        + " WHERE message.mailbox.mailboxId = :mailbox";

    private MessageRowDeletion() {
    }

    /** Removes the mailbox's messages in the range in the mapper's transaction, as James's delete would. */
    public static void deleteEach(JPAMessageMapper mapper, MessageRange range, JPAId mailboxId) {
        EntityManager entityManager = mapper.getEntityManager();
        removeAll(entityManager, entityManager.createQuery(MESSAGES_IN_RANGE)
            .setParameter("mailbox", mailboxId.getRawId())
            .setParameter("from", range.getUidFrom().asLong())
            .setParameter("to", range.getUidTo().asLong())
            .getResultList());
    }

    /**
     * What {@code JPAMailboxMapper.delete(Mailbox)} does, on the same thread pool, in the mapper's
     * transaction and with the same error: the mailbox's messages, then the mailbox.
     */
    public static Mono<Void> deleteMailbox(JPAMailboxMapper mapper, Mailbox mailbox) {
        return Mono.fromRunnable(() -> {
                long rawId = ((JPAId) mailbox.getMailboxId()).getRawId();
                EntityManager entityManager = mapper.getEntityManager();
                removeAll(entityManager, entityManager.createQuery(MESSAGES_IN_MAILBOX)
                    .setParameter("mailbox", rawId)
                    .getResultList());
                entityManager.remove(entityManager.find(JPAMailbox.class, rawId));
            })
            .subscribeOn(Schedulers.boundedElastic())
            .onErrorMap(PersistenceException.class, e -> new MailboxException("Delete of mailbox " + mailbox + " failed", e))
            .then();
    }

    private static void removeAll(EntityManager entityManager, List<?> messages) {
        messages.forEach(entityManager::remove);
    }
}

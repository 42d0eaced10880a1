package dev.jamesreplicator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManager;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.jpa.mail.model.JPAMailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.jamesreplicator.deletion.DeletionFence;
import reactor.core.publisher.Mono;

/**
 * On JPA a mailbox deletion's rows go when James commits its transaction, after
 * {@code doDeleteMailbox} has returned. Until that commit, or its rollback, the mailbox is
 * neither surely gone nor visible to other sessions: the fence must count the deletion then.
 */
@Timeout(120)
class DeletionCommitFenceTest {

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    /**
     * Each public deletion is held in its commit: another transaction holds the message table
     * in share mode, which the deletion's reads may share and its deletes may not.
     */
    @Test
    void everyPublicDeletionIsUnderWayUntilItsTransactionCommits() throws Exception {
        JpaJames james = JpaJames.start();
        String owner = "fence-commit@example.test";
        MailboxManager manager = james.mailboxManager();
        MailboxSession session = james.session(owner);

        assertThat(markWhileCommitWaits(james, owner, "ByPath",
            mailbox -> manager.deleteMailbox(mailbox.getMailboxPath(), session))).isEqualTo(-1);
        assertThat(markWhileCommitWaits(james, owner, "ById",
            mailbox -> manager.deleteMailbox(mailbox.getId(), session))).isEqualTo(-1);
        assertThat(markWhileCommitWaits(james, owner, "ByPathReactive",
            mailbox -> manager.deleteMailboxReactive(mailbox.getMailboxPath(), session).block())).isEqualTo(-1);
        assertThat(markWhileCommitWaits(james, owner, "ByIdReactive",
            mailbox -> manager.deleteMailboxReactive(mailbox.getId(), session).block())).isEqualTo(-1);
        assertThat(DeletionFence.quietMark(owner)).isNotNegative();
    }

    private static long markWhileCommitWaits(JpaJames james, String owner, String name, Deletion deletion) throws Exception {
        MessageManager mailbox = james.createMailbox(owner, name);
        TestJames.append(mailbox, james.session(owner), new Date(), "to delete");
        EntityManager blocker = JpaJames.entityManager();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            blocker.getTransaction().begin();
            blocker.createNativeQuery("LOCK TABLE JAMES_MAIL IN SHARE MODE").executeUpdate();
            Future<?> deleting = thread.submit(() -> {
                deletion.run(mailbox);
                return null;
            });
            Thread.sleep(1500);
            assertThat(deleting).isNotDone();
            long mark = DeletionFence.quietMark(owner);
            blocker.getTransaction().rollback();
            deleting.get(60, TimeUnit.SECONDS);
            return mark;
        } finally {
            if (blocker.getTransaction().isActive()) {
                blocker.getTransaction().rollback();
            }
            blocker.close();
            thread.shutdownNow();
        }
    }

    private interface Deletion {
        void run(MessageManager mailbox) throws Exception;
    }

    /**
     * What another session sees of a mailbox whose deletion has reached Derby but not committed:
     * it waits. Derby at READ COMMITTED locks each row it reads, so James's existence check waits
     * for the deleting transaction (a second row of the name cannot come from an existence check
     * that skipped an uncommitted deletion: ruled out for the duplicate of ChaosIT 20261205).
     */
    @Test
    void anUncommittedDeletionMakesOtherSessionsWaitForIt() throws Exception {
        JpaJames james = JpaJames.start();
        String owner = "fence-waits@example.test";
        MailboxManager manager = james.mailboxManager();
        MailboxPath path = MailboxPath.forUser(Username.of(owner), "Old");
        james.createMailbox(owner, "Old");
        MailboxSession other = manager.createSystemSession(Username.of(owner));
        EntityManager deleting = JpaJames.entityManager();
        try {
            deleting.getTransaction().begin();
            deleting.remove(deleting.createQuery("SELECT mailbox FROM Mailbox mailbox WHERE mailbox.name = 'Old'",
                JPAMailbox.class).getSingleResult());
            deleting.flush();

            assertThat(within5s(() -> Mono.from(manager.mailboxExists(path, other)).block())).isEmpty();
            deleting.getTransaction().commit();
        } finally {
            if (deleting.getTransaction().isActive()) {
                deleting.getTransaction().rollback();
            }
            deleting.close();
        }

        assertThat(Mono.from(manager.mailboxExists(path, other)).block()).isFalse();
    }

    private static <T> Optional<T> within5s(CheckedSupplier<T> read) {
        try {
            return Optional.ofNullable(CompletableFuture.supplyAsync(() -> {
                try {
                    return read.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(5, TimeUnit.SECONDS));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private interface CheckedSupplier<T> {
        T get() throws Exception;
    }
}

package dev.jamesreplicator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.persistence.EntityManager;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two sessions give two mailboxes one name at once on JPA: one creates it, the other renames
 * another mailbox to it. James 3.8.1 checks the name in each one's own transaction and its
 * schema has no unique key on it; the create holds a lock on the path in the JVM, the rename
 * does not. Each round starts both together and counts the rows of that name.
 */
@Timeout(300)
class MailboxNameRaceTest {
    private static final String OWNER = "name-race@example.test";
    private static final int ROUNDS = 40;

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    @Test
    void aCreateRacingARenameToTheSameNameLeavesOneMailboxOfThatName() throws Exception {
        JpaJames james = JpaJames.start();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<String> doubled = new ArrayList<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String target = "Target" + round;
                for (Future<?> operation : race(james, threads, "Source" + round, target)) {
                    settle(operation);
                }
                if (JpaJames.rows("JAMES_MAILBOX WHERE MAILBOX_NAME = '" + target + "'") > 1) {
                    doubled.add(target);
                }
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(doubled).isEmpty();
    }

    /**
     * The jpa-server adds a unique index on a mailbox's path (its {@code MailboxPathIndex}), which
     * refuses a row as it is written: a rename's row as James lists the children, before the guard
     * runs. With both, one mailbox of the name still, and the loser fails as a James operation
     * fails (a {@code MailboxException}: IMAP answers NO, a sync's session ends and is retried).
     */
    @Test
    void withTheServersUniqueIndexTooOneMailboxOfTheNameRemainsAndTheLoserFailsCleanly() throws Exception {
        JpaJames james = JpaJames.start();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<String> doubled = new ArrayList<>();
        List<Throwable> refusals = new ArrayList<>();
        nativeUpdate("CREATE UNIQUE INDEX JR_TEST_MAILBOX_PATH ON JAMES_MAILBOX (USER_NAME, MAILBOX_NAMESPACE, MAILBOX_NAME)");
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String target = "IndexedTarget" + round;
                for (Future<?> operation : race(james, threads, "IndexedSource" + round, target)) {
                    refusal(operation).ifPresent(refusals::add);
                }
                if (JpaJames.rows("JAMES_MAILBOX WHERE MAILBOX_NAME = '" + target + "'") != 1) {
                    doubled.add(target);
                }
            }
        } finally {
            threads.shutdownNow();
            nativeUpdate("DROP INDEX JR_TEST_MAILBOX_PATH");
        }

        assertThat(doubled).isEmpty();
        assertThat(refusals).isNotEmpty().allSatisfy(refusal -> assertThat(refusal).isInstanceOf(MailboxException.class));
    }

    /** The check must not make creates of different names wait for each other. */
    @Test
    void createsOfDifferentNamesAtOnceAllSucceedPromptly() throws Exception {
        JpaJames james = JpaJames.start();
        MailboxManager manager = james.mailboxManager();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                MailboxSession first = james.session(OWNER);
                MailboxSession second = james.session("other-" + OWNER);
                String name = "Box" + round;
                CyclicBarrier start = new CyclicBarrier(2);
                long began = System.nanoTime();
                Future<?> one = threads.submit(() -> {
                    start.await();
                    return manager.createMailbox(path(name), first);
                });
                Future<?> two = threads.submit(() -> {
                    start.await();
                    return manager.createMailbox(MailboxPath.forUser(Username.of("other-" + OWNER), name), second);
                });
                one.get(60, TimeUnit.SECONDS);
                two.get(60, TimeUnit.SECONDS);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began)).isLessThan(1500);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(JpaJames.rows("JAMES_MAILBOX WHERE MAILBOX_NAME LIKE 'Box%'")).isEqualTo(2L * ROUNDS);
    }

    /** A mailbox {@code source} made, then renamed to {@code target} while another session creates {@code target}. */
    private static List<Future<?>> race(JpaJames james, ExecutorService threads, String source, String target)
            throws Exception {
        MailboxManager manager = james.mailboxManager();
        james.createMailbox(OWNER, source);
        MailboxSession renaming = james.session(OWNER);
        MailboxSession creating = james.session(OWNER);
        CyclicBarrier start = new CyclicBarrier(2);
        Future<?> rename = threads.submit(() -> {
            start.await();
            manager.renameMailbox(path(source), path(target), renaming);
            return null;
        });
        Future<?> create = threads.submit(() -> {
            start.await();
            manager.createMailbox(path(target), creating);
            return null;
        });
        return List.of(rename, create);
    }

    private static void settle(Future<?> operation) throws InterruptedException {
        try {
            operation.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // The loser of the race is refused: what counts is what the store holds after.
        }
    }

    private static java.util.Optional<Throwable> refusal(Future<?> operation) throws InterruptedException, TimeoutException {
        try {
            operation.get(60, TimeUnit.SECONDS);
            return java.util.Optional.empty();
        } catch (ExecutionException e) {
            return java.util.Optional.of(e.getCause());
        }
    }

    private static void nativeUpdate(String sql) {
        EntityManager entityManager = JpaJames.entityManager();
        try {
            entityManager.getTransaction().begin();
            entityManager.createNativeQuery(sql).executeUpdate();
            entityManager.getTransaction().commit();
        } finally {
            entityManager.close();
        }
    }

    private static MailboxPath path(String name) {
        return MailboxPath.forUser(Username.of(OWNER), name);
    }
}

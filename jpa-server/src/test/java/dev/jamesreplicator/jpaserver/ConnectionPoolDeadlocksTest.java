package dev.jamesreplicator.jpaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.persistence.PersistenceException;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.jpa.model.JPADomain;
import org.apache.james.mailbox.jpa.mail.model.JPAMailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads that hold a pooled connection and wait for another one, against a real Derby, each
 * with a pool of one connection so that one waiting thread is enough to show a cycle.
 * <ul>
 * <li>The hang a restarted node b showed in a full suite on jpa: a thread resolving an entity's
 * metadata at its first use held OpenJPA's repository lock while it waited for a connection to
 * read the table, and the thread holding the connection waited for that lock.</li>
 * <li>OpenJPA takes a block of ids from its sequence table on a connection of its own; from the
 * transactions' pool, a flushed transaction that needs ids would wait for its own pool.</li>
 * <li>A borrower that still finds the pool exhausted fails after maxWaitMillis, not never.</li>
 * </ul>
 */
class ConnectionPoolDeadlocksTest {
    @TempDir
    Path workingDirectory;

    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private EntityManagerFactory factory;

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        if (factory != null) {
            factory.close();
        }
    }

    @Test
    void aTransactionHoldingTheOnlyConnectionAndAFirstQueryOfAnotherEntityBothFinish() throws Exception {
        factory = factoryWithPool(Map.of("datasource.maxTotal", "1"));
        AtomicReference<Thread> waiterThread = new AtomicReference<>();
        CountDownLatch connectionHeld = new CountDownLatch(1);

        Future<?> holder = threads.submit(() -> inFlushedTransaction(manager -> {
            connectionHeld.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> waitsForAConnection(waiterThread.get()));
            manager.createQuery("SELECT u FROM JamesUser u").getResultList();
        }));
        assertThat(connectionHeld.await(30, TimeUnit.SECONDS)).isTrue();
        Future<Integer> waiter = threads.submit(() -> {
            waiterThread.set(Thread.currentThread());
            return countMaxUserStorages();
        });

        finishBoth(holder, waiter);
        assertThat(waiter.get()).isZero();
    }

    @Test
    void aFlushedTransactionTakesNewIdsWhileItHoldsTheOnlyConnection() throws Exception {
        factory = factoryWithPool(Map.of("datasource.maxTotal", "1"));

        Future<?> allocating = threads.submit(() -> inFlushedTransaction(manager -> {
            manager.persist(new JPAMailbox(MailboxPath.forUser(Username.of("bob@held.test"), "INBOX"), 1L));
            manager.flush();
        }));

        finishBoth(allocating, CompletableFuture.completedFuture(null));
        EntityManager reader = factory.createEntityManager();
        assertThat(reader.createQuery("SELECT m FROM Mailbox m").getResultList()).hasSize(1);
        reader.close();
    }

    @Test
    void aBorrowerFindingThePoolExhaustedFailsAfterTheWaitItIsGiven() throws Exception {
        factory = factoryWithPool(Map.of("datasource.maxTotal", "1", "datasource.maxWaitMillis", "500"));
        CountDownLatch connectionHeld = new CountDownLatch(1);
        CountDownLatch borrowerDone = new CountDownLatch(1);

        Future<?> holder = threads.submit(() -> inFlushedTransaction(manager -> {
            connectionHeld.countDown();
            assertThat(borrowerDone.await(30, TimeUnit.SECONDS)).isTrue();
        }));
        assertThat(connectionHeld.await(30, TimeUnit.SECONDS)).isTrue();
        Future<Integer> borrower = threads.submit(() -> {
            try {
                return countMaxUserStorages();
            } finally {
                borrowerDone.countDown();
            }
        });

        assertThatThrownBy(() -> borrower.get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(PersistenceException.class);
        holder.get(30, TimeUnit.SECONDS);
    }

    private EntityManagerFactory factoryWithPool(Map<String, String> pool) {
        Map<String, String> file = new HashMap<>(pool);
        file.put("database.driverClassName", "org.apache.derby.jdbc.EmbeddedDriver");
        file.put("database.url", "jdbc:derby:${working.directory}/var/store/derby;create=true");
        EntityManagerFactory made = Persistence.createEntityManagerFactory(EntityManagerFactoryProvider.PERSISTENCE_UNIT,
            new HashMap<>(DatabaseSettings.toPersistenceProperties(file, workingDirectory.toString())));
        made.createEntityManager().close(); // builds the schema, as the server's first request does
        return made;
    }

    /** Runs {@code work} in a transaction that has flushed a row: it keeps its connection until it ends. */
    private void inFlushedTransaction(ThrowingConsumer work) {
        EntityManager manager = factory.createEntityManager();
        try {
            manager.getTransaction().begin();
            manager.persist(new JPADomain(Domain.of("held.test")));
            manager.flush();
            work.accept(manager);
            manager.getTransaction().commit();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (manager.getTransaction().isActive()) {
                manager.getTransaction().rollback();
            }
            manager.close();
        }
    }

    private int countMaxUserStorages() {
        EntityManager manager = factory.createEntityManager();
        try {
            return manager.createQuery("SELECT q FROM MaxUserStorage q").getResultList().size();
        } finally {
            manager.close();
        }
    }

    private static void finishBoth(Future<?> one, Future<?> other) throws Exception {
        try {
            one.get(60, TimeUnit.SECONDS);
            other.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("threads wait for each other:\n" + poolThreadStacks(), e);
        }
    }

    private static boolean waitsForAConnection(Thread thread) {
        if (thread == null) {
            return false;
        }
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().startsWith("org.apache.commons.pool2")) {
                return true;
            }
        }
        return false;
    }

    private static String poolThreadStacks() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, frames) -> {
            if (thread.getName().startsWith("pool-")) {
                out.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                for (int i = 0; i < Math.min(frames.length, 25); i++) {
                    out.append("    at ").append(frames[i]).append('\n');
                }
            }
        });
        return out.toString();
    }

    @FunctionalInterface
    private interface ThrowingConsumer {
        void accept(EntityManager manager) throws Exception;
    }
}

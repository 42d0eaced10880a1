package dev.jamesreplicator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.backends.jpa.JpaTestCluster;
import org.apache.james.core.Username;
import org.apache.james.sieve.jpa.JPASieveRepository;
import org.apache.james.sieve.jpa.model.JPASieveQuota;
import org.apache.james.sieve.jpa.model.JPASieveScript;
import org.apache.james.sieverepository.api.ScriptContent;
import org.apache.james.sieverepository.api.ScriptName;
import org.apache.james.sieverepository.api.SieveRepository;
import org.apache.james.sieverepository.api.exception.DuplicateException;
import org.apache.james.sieverepository.api.exception.IsActiveException;
import org.apache.james.sieverepository.file.SieveFileRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.jamesreplicator.sieve.SieveWrites;

/**
 * The Sieve hooks fire on James's real repositories: SieveFileRepository, the one both servers
 * of the project bind, and JPASieveRepository, James's own JPA app's (over an in-memory Derby).
 */
class SieveRepositoryHookTest {
    private static final Username ALICE = Username.of("alice@example.test");
    private static final ScriptContent SCRIPT = new ScriptContent("require \"fileinto\";\r\nfileinto \"Spam\";\r\n");

    @TempDir
    Path james;

    private final List<String> reported = new CopyOnWriteArrayList<>();
    private final SieveWrites.Listener listener = (user, change) -> reported.add(user + " " + change);
    private SieveRepository repository;
    private static JpaTestCluster jpa;

    enum Repository {
        FILE("SieveFileRepositoryInstrumentation"),
        JPA("JpaSieveRepositoryInstrumentation");

        final String hook;

        Repository(String hook) {
            this.hook = hook;
        }
    }

    @BeforeEach
    void hook() {
        // The agent as -javaagent installs it, with every hook: James's classes load after it here.
        AttachedAgent.install();
        SieveWrites.listen(listener);
    }

    private void open(Repository kind) throws Exception {
        if (kind == Repository.FILE) {
            repository = new SieveFileRepository(WorkingDirectoryFileSystem.of(james.toFile()));
        } else {
            if (jpa == null) {
                jpa = JpaTestCluster.create(JPASieveScript.class, JPASieveQuota.class);
            }
            jpa.clear("JAMES_SIEVE_SCRIPT", "JAMES_SIEVE_QUOTA");
            repository = new JPASieveRepository(jpa.getEntityManagerFactory());
        }
    }

    @AfterEach
    void unhook() {
        SieveWrites.stopListening(listener);
    }

    @ParameterizedTest
    @EnumSource(Repository.class)
    void everyChangeAClientCanMakeIsReportedInOrder(Repository kind) throws Exception {
        open(kind);
        repository.putScript(ALICE, new ScriptName("main"), SCRIPT);
        repository.setActive(ALICE, new ScriptName("main"));
        repository.renameScript(ALICE, new ScriptName("main"), new ScriptName("filters"));
        repository.setActive(ALICE, new ScriptName(""));
        repository.deleteScript(ALICE, new ScriptName("filters"));

        assertThat(ReplicatorAgent.appliedHooks()).contains(kind.hook);
        assertThat(reported).containsExactly(
            "alice@example.test put main",
            "alice@example.test activate main",
            "alice@example.test rename main filters",
            "alice@example.test activate",
            "alice@example.test delete filters");
    }

    @ParameterizedTest
    @EnumSource(Repository.class)
    void aChangeJamesRefusesIsNotReportedAndReleasesTheLock(Repository kind) throws Exception {
        open(kind);
        repository.putScript(ALICE, new ScriptName("main"), SCRIPT);
        repository.putScript(ALICE, new ScriptName("other"), SCRIPT);
        repository.setActive(ALICE, new ScriptName("main"));
        reported.clear();

        assertThatThrownBy(() -> repository.deleteScript(ALICE, new ScriptName("main"))).isInstanceOf(IsActiveException.class);
        assertThatThrownBy(() -> repository.renameScript(ALICE, new ScriptName("main"), new ScriptName("other")))
            .isInstanceOf(DuplicateException.class);

        assertThat(reported).isEmpty();
        assertThat(CompletableFuture.supplyAsync(() -> call(() -> SieveWrites.locked(ALICE.asString(), () -> true)))
            .get(5, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Repository.class)
    void theReplicatorsOwnWritesAreNotReported(Repository kind) throws Exception {
        open(kind);
        SieveWrites.asReplicator(() -> {
            repository.putScript(ALICE, new ScriptName("main"), SCRIPT);
            repository.setActive(ALICE, new ScriptName("main"));
            return null;
        });
        repository.putScript(ALICE, new ScriptName("mine"), SCRIPT);

        assertThat(reported).containsExactly("alice@example.test put mine");
    }

    @Test
    void aReadUnderTheUsersLockWaitsForAChangeAndItsRecord() throws Exception {
        open(Repository.FILE);
        CountDownLatch recording = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SieveWrites.Listener slow = (user, change) -> {
            recording.countDown();
            await(release);
            reported.add(user + " " + change);
        };
        SieveWrites.listen(slow);
        try {
            CompletableFuture<Void> put = CompletableFuture.runAsync(
                () -> call(() -> {
                    repository.putScript(ALICE, new ScriptName("main"), SCRIPT);
                    return null;
                }));
            assertThat(recording.await(5, TimeUnit.SECONDS)).isTrue();
            AtomicReference<Thread> reader = new AtomicReference<>();
            CompletableFuture<List<String>> read = CompletableFuture.supplyAsync(() -> {
                reader.set(Thread.currentThread());
                return call(() -> SieveWrites.locked(ALICE.asString(), () -> List.copyOf(reported)));
            });

            awaitParked(reader);
            assertThat(read).isNotDone();
            release.countDown();

            assertThat(read.get(5, TimeUnit.SECONDS)).containsExactly("alice@example.test put main");
            put.get(5, TimeUnit.SECONDS);
        } finally {
            SieveWrites.stopListening(slow);
        }
    }

    /** Until the reading thread is parked (waiting for the user's lock), at most 5 s. */
    private static void awaitParked(AtomicReference<Thread> reader) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reader.get() == null || reader.get().getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("the read waits for the user's lock").isLessThan(deadline);
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Work<T> {
        T call() throws Exception;
    }

    private static <T> T call(Work<T> work) {
        try {
            return work.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

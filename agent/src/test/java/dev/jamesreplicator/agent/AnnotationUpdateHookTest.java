package dev.jamesreplicator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxAnnotationKey;
import org.apache.james.mailbox.model.MailboxPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.annotation.AnnotationWrites;

class AnnotationUpdateHookTest {
    private static final String ALICE = "alice@example.test";
    private static final MailboxAnnotationKey COMMENT = new MailboxAnnotationKey("/private/comment");
    private static final MailboxAnnotationKey COLOR = new MailboxAnnotationKey("/private/vendor/acme/color");

    private final List<String> reported = new CopyOnWriteArrayList<>();
    private final AnnotationWrites.Listener listener = change -> reported.add(change.owner() + " " + change);

    @BeforeEach
    void hook() {
        // The agent as -javaagent installs it, with every hook: James's classes load after it here.
        AttachedAgent.install();
        AnnotationWrites.listen(listener);
    }

    @AfterEach
    void unhook() {
        AnnotationWrites.stopListening(listener);
    }

    @OnEachBackend
    void everyUpdateIsReportedWithItsOwnerOnceItIsStored(Backend backend) throws Exception {
        TestJames james = backend.start();
        james.createMailbox(ALICE, "Work");
        MailboxSession session = james.session(ALICE);
        MailboxPath work = MailboxPath.forUser(Username.of(ALICE), "Work");

        james.mailboxManager().updateAnnotations(work, session,
            List.of(MailboxAnnotation.newInstance(COMMENT, "projects"), MailboxAnnotation.newInstance(COLOR, "red")));
        james.mailboxManager().updateAnnotations(work, session, List.of(MailboxAnnotation.nil(COLOR)));

        assertThat(ReplicatorAgent.appliedHooks()).contains("AnnotationUpdateInstrumentation");
        assertThat(reported).containsExactly(
            "alice@example.test Work set [/private/comment, /private/vendor/acme/color] removed []",
            "alice@example.test Work set [] removed [/private/vendor/acme/color]");
        assertThat(james.mailboxManager().getAllAnnotations(work, session)).containsExactly(
            MailboxAnnotation.newInstance(COMMENT, "projects"));
    }

    @OnEachBackend
    void anUpdateJamesRefusesIsNotReportedAndReleasesTheLock(Backend backend) throws Exception {
        TestJames james = backend.start();
        MailboxPath missing = MailboxPath.forUser(Username.of(ALICE), "Missing");

        assertThatThrownBy(() -> james.mailboxManager().updateAnnotations(missing, james.session(ALICE),
            List.of(MailboxAnnotation.newInstance(COMMENT, "x")))).isInstanceOf(MailboxNotFoundException.class);

        assertThat(reported).isEmpty();
        assertThat(CompletableFuture.supplyAsync(() -> call(() -> AnnotationWrites.locked(ALICE, () -> true)))
            .get(5, TimeUnit.SECONDS)).isTrue();
    }

    @OnEachBackend
    void theReplicatorsOwnUpdatesAreNotReported(Backend backend) throws Exception {
        TestJames james = backend.start();
        james.createMailbox(ALICE, "Work");
        MailboxSession session = james.session(ALICE);
        MailboxPath work = MailboxPath.forUser(Username.of(ALICE), "Work");

        AnnotationWrites.asReplicator(() -> {
            james.mailboxManager().updateAnnotations(work, session, List.of(MailboxAnnotation.newInstance(COMMENT, "theirs")));
            return null;
        });
        james.mailboxManager().updateAnnotations(work, session, List.of(MailboxAnnotation.newInstance(COLOR, "mine")));

        assertThat(reported).containsExactly("alice@example.test Work set [/private/vendor/acme/color] removed []");
    }

    @Test
    void aReadUnderTheOwnersLockWaitsForAnUpdateAndItsRecord() throws Exception {
        TestJames james = Backend.MEMORY.start();
        james.createMailbox(ALICE, "Work");
        MailboxPath work = MailboxPath.forUser(Username.of(ALICE), "Work");
        CountDownLatch recording = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AnnotationWrites.Listener slow = change -> {
            recording.countDown();
            await(release);
            reported.add(change.toString());
        };
        AnnotationWrites.listen(slow);
        try {
            CompletableFuture<Void> update = CompletableFuture.runAsync(() -> call(() -> {
                james.mailboxManager().updateAnnotations(work, james.session(ALICE),
                    List.of(MailboxAnnotation.newInstance(COMMENT, "x")));
                return null;
            }));
            assertThat(recording.await(5, TimeUnit.SECONDS)).isTrue();
            AtomicReference<Thread> reader = new AtomicReference<>();
            CompletableFuture<List<String>> read = CompletableFuture.supplyAsync(() -> {
                reader.set(Thread.currentThread());
                return call(() -> AnnotationWrites.locked(ALICE, () -> List.copyOf(reported)));
            });

            awaitParked(reader);
            assertThat(read).isNotDone();
            assertThat(update).as("the client hears OK only after the record").isNotDone();
            release.countDown();

            assertThat(read.get(5, TimeUnit.SECONDS)).containsExactly("Work set [/private/comment] removed []");
            update.get(5, TimeUnit.SECONDS);
        } finally {
            AnnotationWrites.stopListening(slow);
        }
    }

    /** Until the reading thread is parked (waiting for the owner's lock), at most 5 s. */
    private static void awaitParked(AtomicReference<Thread> reader) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reader.get() == null || reader.get().getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("the read waits for the owner's lock").isLessThan(deadline);
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

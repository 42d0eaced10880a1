package dev.jamesreplicator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.annotation.AnnotationWrites;
import dev.jamesreplicator.jpa.StoredAcls;

class AclHookTest {
    private static final String ALICE = "alice@example.test";
    private static final String BOB = "bob@example.test";

    private final Map<String, MailboxACL> stored = new ConcurrentHashMap<>();
    private final StoredAcls.Storage storage = new StoredAcls.Storage() {
        @Override
        public Optional<MailboxACL> load(String mailboxId) {
            return Optional.ofNullable(stored.get(mailboxId));
        }

        @Override
        public void store(String mailboxId, MailboxACL acl) {
            stored.put(mailboxId, acl);
        }
    };
    private final AnnotationWrites.Listener plugin = change -> { };

    @BeforeEach
    void hook() {
        AttachedAgent.install();
        AnnotationWrites.listen(plugin);
    }

    @AfterEach
    void unhook() {
        AnnotationWrites.stopListening(plugin);
        StoredAcls.stopUsing(storage);
    }

    @Test
    void jamesJpaMailboxForgetsAnAclByTheNextReadWithoutTheStorage() throws Exception {
        TestJames james = Backend.JPA.start();
        james.createMailbox(ALICE, "Work");

        grantBob(james, "lr");

        assertThat(rights(james)).doesNotContainKey(bob());
    }

    @Test
    void onJpaAnAclIsStoredAndPutBackOnEveryReadOfTheMailbox() throws Exception {
        StoredAcls.use(storage);
        TestJames james = Backend.JPA.start();
        james.createMailbox(ALICE, "Work");

        grantBob(james, "lr");
        grantBob(james, "lrw");

        assertThat(ReplicatorAgent.appliedHooks()).contains("JpaMailboxCountersInstrumentation", "JpaMailboxMapperInstrumentation");
        assertThat(rights(james)).containsEntry(bob(), MailboxACL.Rfc4314Rights.deserialize("lrw"));
        assertThat(stored.values()).singleElement()
            .satisfies(acl -> assertThat(acl.getEntries()).containsEntry(bob(), MailboxACL.Rfc4314Rights.deserialize("lrw")));

        MailboxSession session = james.session(ALICE);
        james.mailboxManager().applyRightsCommand(work(), MailboxACL.command().key(bob()).noRights().asReplacement(), session);
        assertThat(rights(james)).doesNotContainKey(bob());
    }

    @OnEachBackend
    void anAclCommandWaitsForTheOwnersLock(Backend backend) throws Exception {
        StoredAcls.use(storage);
        TestJames james = backend.start();
        james.createMailbox(ALICE, "Work");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> call(() -> AnnotationWrites.locked(ALICE, () -> {
            held.countDown();
            release.await(10, TimeUnit.SECONDS);
            return null;
        })));
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> command = CompletableFuture.runAsync(() -> call(() -> {
            grantBob(james, "lr");
            return null;
        }));

        assertThat(ReplicatorAgent.appliedHooks()).contains("RightsUpdateInstrumentation");
        // The command cannot end while the lock is held (without the hook it ends in milliseconds).
        assertThatThrownBy(() -> command.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(rights(james)).doesNotContainKey(bob());
        release.countDown();
        reader.get(5, TimeUnit.SECONDS);
        command.get(5, TimeUnit.SECONDS);
        assertThat(rights(james)).containsEntry(bob(), MailboxACL.Rfc4314Rights.deserialize("lr"));
    }

    @OnEachBackend
    void theReplicatorsOwnCommandRunsUnderTheLockItHolds(Backend backend) throws Exception {
        StoredAcls.use(storage);
        TestJames james = backend.start();
        james.createMailbox(ALICE, "Work");

        CompletableFuture<Void> command = CompletableFuture.runAsync(() -> call(() -> AnnotationWrites.locked(ALICE,
            () -> AnnotationWrites.asReplicator(() -> {
                grantBob(james, "lr");
                return null;
            }))));

        command.get(5, TimeUnit.SECONDS);
        assertThat(rights(james)).containsEntry(bob(), MailboxACL.Rfc4314Rights.deserialize("lr"));
    }

    private static void grantBob(TestJames james, String rights) throws Exception {
        james.mailboxManager().applyRightsCommand(work(),
            MailboxACL.command().key(bob()).rights(MailboxACL.Rfc4314Rights.deserialize(rights)).asReplacement(),
            james.session(ALICE));
    }

    private static Map<MailboxACL.EntryKey, MailboxACL.Rfc4314Rights> rights(TestJames james) throws Exception {
        return james.mailboxManager().listRights(work(), james.session(ALICE)).getEntries();
    }

    private static MailboxPath work() {
        return MailboxPath.forUser(Username.of(ALICE), "Work");
    }

    private static MailboxACL.EntryKey bob() {
        return MailboxACL.EntryKey.createUserEntryKey(Username.of(BOB));
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

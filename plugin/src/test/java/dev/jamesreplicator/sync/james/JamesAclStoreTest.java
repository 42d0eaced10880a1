package dev.jamesreplicator.sync.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.Username;
import org.apache.james.events.Registration;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.agent.AttachedAgent;
import dev.jamesreplicator.agent.Backend;
import dev.jamesreplicator.agent.OnEachBackend;
import dev.jamesreplicator.agent.TestJames;
import dev.jamesreplicator.annotation.AnnotationWrites;
import dev.jamesreplicator.capture.AclListener;
import dev.jamesreplicator.jpa.StoredAcls;
import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.state.AclEntries;
import dev.jamesreplicator.state.AclJournal;
import dev.jamesreplicator.state.JpaAcls;
import dev.jamesreplicator.state.OwnSessions;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.SyncException;
import reactor.core.publisher.Mono;

/**
 * {@link JamesAclStore} and {@link AclListener} against a real James 3.8.1 mailbox manager, in
 * process, with the agent, on each backend (on JPA the ACLs live in {@link JpaAcls}).
 */
class JamesAclStoreTest {
    private static final Username ALICE = Username.of("alice@example.test");
    private static final String BOB = "bob@example.test";

    @TempDir
    Path stateDirectory;

    private StateStore stateStore;
    private MailboxManager james;
    private MailboxSession session;
    private JamesAclStore store;
    private AclJournal journal;
    private JpaAcls jpaAcls;
    private AclListener listener;
    private final OwnSessions ownSessions = new OwnSessions();
    private final AnnotationWrites.Listener plugin = change -> { };
    private Registration registration;
    private long work;
    private final MailboxPath workPath = MailboxPath.forUser(ALICE, "Work");

    private void start(Backend backend) throws Exception {
        AttachedAgent.install();
        AnnotationWrites.listen(plugin);
        stateStore = new StateStore(stateDirectory);
        jpaAcls = new JpaAcls(stateStore);
        StoredAcls.use(jpaAcls);
        TestJames testJames = backend.start();
        james = testJames.mailboxManager();
        session = james.createSystemSession(ALICE);
        work = testJames.createMailbox(ALICE.asString(), "Work").getMailboxEntity().getUidValidity().asLong();
        journal = new AclJournal(stateStore);
        store = new JamesAclStore(james, journal, ownSessions, ALICE);
        listener = new AclListener(journal, ownSessions, james, jpaAcls);
        // As James's event bus calls it (listeners.xml): synchronously, within the client's command.
        registration = ((StoreMailboxManager) james).getEventBus().register(listener);
    }

    @AfterEach
    void close() {
        if (registration != null) {
            Mono.from(registration.unregister()).block();
        }
        AnnotationWrites.stopListening(plugin);
        StoredAcls.stopUsing(jpaAcls);
        if (stateStore != null) {
            stateStore.close();
        }
    }

    private void client(String key, String rights) throws Exception {
        james.applyRightsCommand(workPath, AclEntries.replacing(key, Optional.ofNullable(rights)), session);
    }

    @OnEachBackend
    void readsEachMailboxsEntriesByItsUidValidity(Backend backend) throws Exception {
        start(backend);
        client(BOB, "lr");
        client("-" + BOB, "w");

        MailboxItemState state = store.read().state();

        assertThat(state.mailbox(work)).contains(new MailboxItemState.Mailbox("Work", Map.of(BOB, "lr", "-" + BOB, "w")));
    }

    @OnEachBackend
    void writesAndRemovesWhatThePlanSawAsTheReplicator(Backend backend) throws Exception {
        start(backend);
        store.write(work, "Work", BOB, Optional.of("lrs"), Optional.empty());
        assertThat(store.read().state().value(work, BOB)).contains("lrs");

        store.write(work, "Work", BOB, Optional.empty(), Optional.of("lrs"));
        assertThat(store.read().state().value(work, BOB)).isEmpty();
        assertThat(store.read().tombstones().written()).as("recorded until a session completes").hasSize(2);
        assertThat(ownSessions.contains(session.getSessionId().getValue())).isFalse();
    }

    @OnEachBackend
    void anEntryAClientChangedSinceTheReadIsLeftAlone(Backend backend) throws Exception {
        start(backend);
        client(BOB, "l");

        assertThatThrownBy(() -> store.write(work, "Work", BOB, Optional.of("lr"), Optional.empty()))
            .isInstanceOf(SyncException.class).extracting(e -> ((SyncException) e).code()).isEqualTo(SyncException.Code.CONFLICT);
        assertThatThrownBy(() -> store.write(work + 1, "Work", BOB, Optional.of("lr"), Optional.of("l")))
            .as("another mailbox under that name").isInstanceOf(SyncException.class);
        assertThatThrownBy(() -> store.write(work, "Gone", BOB, Optional.of("lr"), Optional.empty()))
            .isInstanceOf(SyncException.class);

        assertThat(store.read().state().value(work, BOB)).contains("l");
    }

    @OnEachBackend
    void aClientsRemovalLeavesATombstoneASetClearsItTheReplicatorsLeavesNone(Backend backend) throws Exception {
        start(backend);
        client(BOB, "lr");
        client("-" + BOB, "w");
        List<String> removed = removals(() -> client(BOB, null), () -> client("-" + BOB, null));
        assertThat(removed).containsExactlyInAnyOrder(work + " " + BOB, work + " -" + BOB);

        List<String> afterSet = removals(() -> client(BOB, "l"));
        assertThat(afterSet).as("an entry set again is no longer removed").containsExactly(work + " -" + BOB);

        List<String> afterReplicator = removals(() -> store.write(work, "Work", BOB, Optional.empty(), Optional.of("l")));
        assertThat(afterReplicator).as("the replicator's own removal leaves no tombstone").containsExactly(work + " -" + BOB);
    }

    private interface Change {
        void run() throws Exception;
    }

    /** Runs the changes, and returns the tombstones after. */
    private List<String> removals(Change... changes) throws Exception {
        for (Change change : changes) {
            change.run();
        }
        return journal.tombstones(ALICE.asString()).removed().stream().map(Object::toString).collect(Collectors.toList());
    }
}

package dev.jamesreplicator.sync.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxAnnotationKey;
import org.apache.james.mailbox.model.MailboxPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.agent.Backend;
import dev.jamesreplicator.agent.OnEachBackend;
import dev.jamesreplicator.agent.TestJames;
import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.state.AnnotationJournal;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.SyncException;

/** {@link JamesAnnotationStore} against a real James 3.8.1 mailbox manager, in process, on each backend. */
class JamesAnnotationStoreTest {
    private static final Username ALICE = Username.of("alice@example.test");
    private static final MailboxAnnotationKey COMMENT = new MailboxAnnotationKey("/private/comment");

    @TempDir
    Path stateDirectory;

    private StateStore stateStore;
    private MailboxManager james;
    private MailboxSession session;
    private JamesAnnotationStore store;
    private long work;
    private final MailboxPath workPath = MailboxPath.forUser(ALICE, "Work");

    private void start(Backend backend) throws Exception {
        TestJames testJames = backend.start();
        james = testJames.mailboxManager();
        session = james.createSystemSession(ALICE);
        work = testJames.createMailbox(ALICE.asString(), "Work").getMailboxEntity().getUidValidity().asLong();
        testJames.createMailbox(ALICE.asString(), "INBOX");
        stateStore = new StateStore(stateDirectory);
        store = new JamesAnnotationStore(james, new AnnotationJournal(stateStore), ALICE);
    }

    @AfterEach
    void close() {
        if (stateStore != null) {
            stateStore.close();
        }
    }

    @OnEachBackend
    void readsEveryMailboxByItsUidValidityWithItsAnnotations(Backend backend) throws Exception {
        start(backend);
        james.updateAnnotations(workPath, session, List.of(MailboxAnnotation.newInstance(COMMENT, "projects")));

        MailboxItemState state = store.read().state();

        assertThat(state.mailbox(work)).contains(new MailboxItemState.Mailbox("Work", Map.of("/private/comment", "projects")));
        assertThat(state.mailboxes()).hasSize(2);
    }

    @OnEachBackend
    void writesAndRemovesWhatThePlanSaw(Backend backend) throws Exception {
        start(backend);
        store.write(work, "Work", "/private/comment", Optional.of("set"), Optional.empty());
        assertThat(store.read().state().value(work, "/private/comment")).contains("set");

        store.write(work, "Work", "/private/comment", Optional.empty(), Optional.of("set"));
        assertThat(store.read().state().value(work, "/private/comment")).isEmpty();
    }

    @OnEachBackend
    void aValueAClientChangedSinceTheReadIsLeftAlone(Backend backend) throws Exception {
        start(backend);
        james.updateAnnotations(workPath, session, List.of(MailboxAnnotation.newInstance(COMMENT, "client's")));

        assertThatThrownBy(() -> store.write(work, "Work", "/private/comment", Optional.of("mine"), Optional.empty()))
            .isInstanceOf(SyncException.class).extracting(e -> ((SyncException) e).code()).isEqualTo(SyncException.Code.CONFLICT);
        assertThatThrownBy(() -> store.write(work + 1, "Work", "/private/comment", Optional.of("mine"), Optional.of("client's")))
            .as("another mailbox under that name").isInstanceOf(SyncException.class);
        assertThatThrownBy(() -> store.write(work, "Gone", "/private/comment", Optional.of("mine"), Optional.empty()))
            .isInstanceOf(SyncException.class);

        assertThat(store.read().state().value(work, "/private/comment")).contains("client's");
    }
}

package dev.jamesreplicator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.inmemory.InMemoryMailboxManager;
import org.apache.james.mailbox.inmemory.manager.InMemoryIntegrationResources;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.mailbox.store.StoreSubscriptionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.state.StateStore;

/** {@link JamesMailStore} against a real James 3.8.1 in-memory mailbox manager, in process. */
class JamesMailStoreTest {
    private static final Username USER = Username.of("alice@example.test");

    @TempDir
    Path stateDirectory;

    private InMemoryMailboxManager james;
    private MailboxSession session;
    private StateStore stateStore;
    private JamesMailStore store;

    @BeforeEach
    void startJames() {
        InMemoryIntegrationResources resources = InMemoryIntegrationResources.defaultResources();
        james = resources.getMailboxManager();
        session = james.createSystemSession(USER);
        stateStore = new StateStore(stateDirectory);
        StoreSubscriptionManager subscriptions = new StoreSubscriptionManager(james.getMapperFactory(), james.getMapperFactory(),
            resources.getEventBus());
        store = new JamesMailStore(james, subscriptions, new OwnSessions(), new ContentHashes(), new Journal(stateStore),
            new MailboxIdentities(), james.getMapperFactory().getUidProvider(), james.getMapperFactory().getModSeqProvider(), USER);
    }

    @AfterEach
    void close() {
        stateStore.close();
    }

    @Test
    void jamesItselfRenamesAMailboxIntoItsOwnSubtreeWrongly() throws Exception {
        // Why JamesMailStore renames in two steps: the renamed mailbox is taken for one of its own children.
        create("Work");
        create("Work.Child");

        james.renameMailbox(MailboxPath.forUser(USER, "Work"), MailboxPath.forUser(USER, "Work.Sub"), session);

        // (3.8.1 in memory ends with Work.Sub.Sub.Sub and Work.Sub.Sub.Sub.Child.)
        assertThat(names()).doesNotContain("Work.Sub", "Work.Sub.Child").allMatch(name -> name.startsWith("Work.Sub.Sub"));
    }

    @Test
    void aRenameIntoTheMailboxsOwnSubtreeKeepsItsIdentityAndCarriesItsChildren() throws Exception {
        long work = create("Work");
        long child = create("Work.Child");

        store.renameMailbox(work, "Work", "Work.Sub");

        assertThat(names()).containsExactly("Work.Sub", "Work.Sub.Child");
        assertThat(uidValidity("Work.Sub")).isEqualTo(work);
        assertThat(uidValidity("Work.Sub.Child")).isEqualTo(child);
    }

    @Test
    void aRenameOntoAnotherMailboxIsAConflictAndChangesNothing() throws Exception {
        long work = create("Work");
        create("Jobs");

        assertThatThrownBy(() -> store.renameMailbox(work, "Work", "Jobs"))
            .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.CONFLICT));
        assertThat(names()).containsExactly("Jobs", "Work");
    }

    @Test
    void aRenameAlreadyDoneIsDone() throws Exception {
        long work = create("Work");
        store.renameMailbox(work, "Work", "Jobs");

        store.renameMailbox(work, "Work", "Jobs");

        assertThat(names()).containsExactly("Jobs");
    }

    @Test
    void anExpungeSaysWhetherTheMessageWasStillThere() throws Exception {
        long inbox = create("INBOX");
        MessageManager mailbox = james.getMailbox(MailboxPath.forUser(USER, "INBOX"), session);
        long uid = mailbox.appendMessage(MessageManager.AppendCommand.builder().build("Subject: x\r\n\r\nbody\r\n"), session)
            .getId().getUid().asLong();

        assertThat(store.expunge("INBOX", inbox, uid)).isTrue();
        assertThat(mailbox.getMessageCount(session)).isZero();
        assertThat(store.expunge("INBOX", inbox, uid)).as("a client removed it first").isFalse();
    }

    private long create(String name) throws Exception {
        MailboxPath path = MailboxPath.forUser(USER, name);
        james.createMailbox(path, session);
        return uidValidity(name);
    }

    private long uidValidity(String name) throws Exception {
        return james.getMailbox(MailboxPath.forUser(USER, name), session).getMailboxEntity().getUidValidity().asLong();
    }

    private List<String> names() {
        return james.search(MailboxQuery.privateMailboxesBuilder(session).matchesAllMailboxNames().build(), session)
            .map(metaData -> metaData.getPath().getName())
            .sort()
            .collectList()
            .block();
    }
}

package dev.jamesreplicator.sync.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.agent.Backend;
import dev.jamesreplicator.agent.TestJames;
import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.model.MailboxState;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.UserState;
import dev.jamesreplicator.state.ContentHashes;
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.state.MailboxIdentities;
import dev.jamesreplicator.state.OwnSessions;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.SyncService;

/**
 * A user's {@link JamesMailStore} on a real James 3.8.1 mailbox manager, in process, on one
 * backend (the agent tests' fixtures: memory, and JPA on an in-memory Derby), and what its tests
 * ask James directly, as a client would.
 */
abstract class StoreOnRealJames {
    static final Username USER = Username.of("alice@example.test");

    @TempDir
    Path stateDirectory;

    TestJames testJames;
    MailboxManager james;
    MailboxSession session;
    Journal journal;
    JamesMailStore store;
    private StateStore stateStore;

    void start(Backend backend) {
        testJames = backend.start();
        james = testJames.mailboxManager();
        session = james.createSystemSession(USER);
        stateStore = new StateStore(stateDirectory);
        journal = new Journal(stateStore);
        store = new JamesMailStore(james, testJames.subscriptionManager(), new OwnSessions(), new ContentHashes(),
            journal, new MailboxIdentities(), testJames.uidProvider(), testJames.modSeqProvider(),
            SyncService.pathLockerOf(james), USER);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (stateStore != null) {
            stateStore.close();
        }
    }

    long appendByClient(String mailbox, String body) throws Exception {
        MailboxSession client = james.createSystemSession(USER);
        return TestJames.append(james.getMailbox(MailboxPath.forUser(USER, mailbox), client), client, new Date(), body).asLong();
    }

    static MailboxState mailbox(UserState state, String name) {
        return state.mailboxes().stream().filter(mailbox -> mailbox.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no mailbox " + name + " in " + state));
    }

    static MessageState onlyMessage(UserState state, String name) {
        List<MessageState> messages = mailbox(state, name).messages();
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    static String read(MessageContent content) throws IOException {
        try (InputStream in = content.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    long create(String name) throws Exception {
        MailboxPath path = MailboxPath.forUser(USER, name);
        james.createMailbox(path, session);
        return uidValidity(name);
    }

    /** Read in a session of its own: on JPA a session's EntityManager keeps what it saw. */
    long uidValidity(String name) throws Exception {
        MailboxSession session = james.createSystemSession(USER);
        return james.getMailbox(MailboxPath.forUser(USER, name), session).getMailboxEntity().getUidValidity().asLong();
    }

    List<String> names() {
        MailboxSession session = james.createSystemSession(USER);
        return james.search(MailboxQuery.privateMailboxesBuilder(session).matchesAllMailboxNames().build(),
                MailboxManager.MailboxSearchFetchType.Minimal, session)
            .map(metaData -> metaData.getPath().getName())
            .sort()
            .collectList()
            .block();
    }
}

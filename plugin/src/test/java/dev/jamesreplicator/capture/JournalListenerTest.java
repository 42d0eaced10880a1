package dev.jamesreplicator.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.agent.Backend;
import dev.jamesreplicator.agent.OnEachBackend;
import dev.jamesreplicator.agent.TestJames;
import dev.jamesreplicator.content.Sha256;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.state.ContentHashes;
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.state.MailboxIdentities;
import dev.jamesreplicator.state.OwnSessions;
import dev.jamesreplicator.state.StateStore;

/** {@link JournalListener} on a real James 3.8.1 event bus, in process, on each backend. */
class JournalListenerTest {
    private static final Username USER = Username.of("alice@example.test");

    @TempDir
    Path stateDirectory;

    private StateStore stateStore;

    @AfterEach
    void close() {
        if (stateStore != null) {
            stateStore.close();
        }
    }

    @OnEachBackend
    void aMessageExpungedBeforeAnySessionReadItLeavesATombstoneWithItsHash(Backend backend) throws Exception {
        TestJames testJames = backend.start();
        MailboxManager james = testJames.mailboxManager();
        stateStore = new StateStore(stateDirectory);
        Journal journal = new Journal(stateStore);
        JournalListener listener = new JournalListener(journal, new MailboxIdentities(), new OwnSessions(),
            mock(ReplicationQueue.class), james, new ContentHashes());
        ((StoreMailboxManager) james).getEventBus().register(listener, listener.getDefaultGroup());

        MessageManager drafts = testJames.createMailbox(USER.asString(), "Drafts");
        MailboxSession client = james.createSystemSession(USER);
        String body = "appended and expunged while the link was down";
        MessageUid uid = TestJames.append(drafts, client, new Date(), body);
        drafts.setFlags(new Flags(Flags.Flag.DELETED), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uid), client);
        drafts.expunge(MessageRange.one(uid), client);

        String expected = Sha256.of(TestJames.message(body).getBytes(StandardCharsets.UTF_8));
        assertThat(journal.tombstones(USER.asString()).expunged()).singleElement()
            .extracting(Tombstones.Expunged::hash).isEqualTo(expected);
    }
}

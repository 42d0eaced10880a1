package dev.jamesreplicator.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxPath;
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
        Journal journal = journalListening(testJames);

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

    @OnEachBackend
    void aRenameOfAMailboxNotSeenSinceStartIsRecordedWithoutHoldingJamesTransactionOpen(Backend backend) throws Exception {
        TestJames testJames = backend.start();
        MailboxManager james = testJames.mailboxManager();
        // Created before the listener started: its UIDVALIDITY is not known to it (as after a restart).
        long uidValidity = testJames.createMailbox(USER.asString(), "Projects").getMailboxEntity().getUidValidity().asLong();
        Journal journal = journalListening(testJames);
        MailboxSession client = james.createSystemSession(USER);

        long started = System.nanoTime();
        james.renameMailbox(MailboxPath.forUser(USER, "Projects"), MailboxPath.forUser(USER, "Later"), client);

        // On JPA the rename's event comes inside its transaction: reading the mailbox there waited
        // for Derby's lock timeout, 60 s, while the rename held the mailbox table.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
            .until(() -> !journal.tombstones(USER.asString()).renamed().isEmpty());
        assertThat(journal.tombstones(USER.asString()).renamed()).containsExactly(new Tombstones.Renamed(uidValidity, "Projects", "Later"));
    }

    @OnEachBackend
    void aDeletedMailboxsTombstoneSaysHowManyMessagesItHeldAndNamesThem(Backend backend) throws Exception {
        TestJames testJames = backend.start();
        MailboxManager james = testJames.mailboxManager();
        Journal journal = journalListening(testJames);

        MessageManager work = testJames.createMailbox(USER.asString(), "Work");
        MailboxSession client = james.createSystemSession(USER);
        Map<Long, String> held = new TreeMap<>();
        for (int i = 0; i < 3; i++) {
            String body = "kept in Work " + i;
            MessageUid uid = TestJames.append(work, client, new Date(), body);
            held.put(uid.asLong(), Sha256.of(TestJames.message(body).getBytes(StandardCharsets.UTF_8)));
        }
        james.deleteMailbox(MailboxPath.forUser(USER, "Work"), client);

        assertThat(journal.tombstones(USER.asString()).deletedMailboxes()).singleElement()
            .extracting(Tombstones.DeletedMailbox::name, Tombstones.DeletedMailbox::held, Tombstones.DeletedMailbox::shown)
            .containsExactly("Work", 3L, held);
    }

    /** A fresh journal, written by a listener that has seen nothing yet, registered as listeners.xml registers it. */
    private Journal journalListening(TestJames testJames) {
        stateStore = new StateStore(stateDirectory);
        Journal journal = new Journal(stateStore);
        Synchronous synchronous = new Synchronous(listener(journal, testJames.mailboxManager()));
        ((StoreMailboxManager) testJames.mailboxManager()).getEventBus().register(synchronous, synchronous.getDefaultGroup());
        return journal;
    }

    /** A listener that has seen nothing yet: no UIDVALIDITY, no hash known (as after a restart). */
    private static JournalListener listener(Journal journal, MailboxManager james) {
        return new JournalListener(journal, new MailboxIdentities(), new OwnSessions(), mock(ReplicationQueue.class), james,
            new ContentHashes());
    }

    /** As listeners.xml's {@code <async>false</async>} registers it: James waits for it, inside its transaction where it dispatches there. */
    private static final class Synchronous implements EventListener.GroupEventListener {
        private static final class SynchronousGroup extends Group {
        }

        private final JournalListener listener;

        Synchronous(JournalListener listener) {
            this.listener = listener;
        }

        @Override
        public Group getDefaultGroup() {
            return new SynchronousGroup();
        }

        @Override
        public ExecutionMode getExecutionMode() {
            return ExecutionMode.SYNCHRONOUS;
        }

        @Override
        public boolean isHandling(Event event) {
            return listener.isHandling(event);
        }

        @Override
        public void event(Event event) {
            listener.event(event);
        }
    }
}

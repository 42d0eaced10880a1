package dev.jamesreplicator.sync.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.mail.Flags;

import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import dev.jamesreplicator.agent.Backend;
import dev.jamesreplicator.agent.OnEachBackend;
import dev.jamesreplicator.agent.TestJames;
import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.content.Sha256;
import dev.jamesreplicator.deletion.DeletionFence;
import dev.jamesreplicator.deletion.MailboxRetirement;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.model.UserState;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.SyncService;

/**
 * {@link JamesMailStore} against a real James 3.8.1 mailbox manager, in process, on each backend:
 * memory, and JPA on an in-memory Derby (the agent tests' fixtures). The agent is not attached:
 * nothing here depends on a pin (a write asks for what James gives anyway: the next UID); the
 * pinned writes are {@link JamesMailStoreWithAgentTest}'s.
 */
class JamesMailStoreTest extends StoreOnRealJames {
    @OnEachBackend
    void jamesItselfRenamesAMailboxIntoItsOwnSubtreeWrongly(Backend backend) throws Exception {
        start(backend);
        // Why JamesMailStore renames in two steps: the renamed mailbox is taken for one of its own children.
        create("Work");
        create("Work.Child");

        james.renameMailbox(MailboxPath.forUser(USER, "Work"), MailboxPath.forUser(USER, "Work.Sub"), session);

        // (3.8.1 ends with Work.Sub.Sub.Sub and Work.Sub.Sub.Sub.Child in memory, Work.Sub.Sub and
        // Work.Sub.Child on JPA: either way Work.Sub is missing.)
        assertThat(names()).doesNotContain("Work.Sub").anyMatch(name -> name.startsWith("Work.Sub.Sub"));
    }

    @OnEachBackend
    void aRenameIntoTheMailboxsOwnSubtreeKeepsItsIdentityAndCarriesItsChildren(Backend backend) throws Exception {
        start(backend);
        long work = create("Work");
        long child = create("Work.Child");

        store.renameMailbox(work, "Work", "Work.Sub");

        assertThat(names()).containsExactly("Work.Sub", "Work.Sub.Child");
        assertThat(uidValidity("Work.Sub")).isEqualTo(work);
        assertThat(uidValidity("Work.Sub.Child")).isEqualTo(child);
    }

    @OnEachBackend
    void aRenameOntoAnotherMailboxIsAConflictAndChangesNothing(Backend backend) throws Exception {
        start(backend);
        long work = create("Work");
        create("Jobs");

        assertThatThrownBy(() -> store.renameMailbox(work, "Work", "Jobs"))
            .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.CONFLICT));
        assertThat(names()).containsExactly("Jobs", "Work");
    }

    @OnEachBackend
    void noCreateNorRenameWhileAMailboxOfTheUserIsBeingDeleted(Backend backend) throws Exception {
        start(backend);
        long work = create("Work");
        Disposable deletion = DeletionFence.around(Mono.never(), USER.asString()).subscribe();
        try {
            assertThatThrownBy(() -> store.createMailbox("Old", 1234))
                .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.CONFLICT));
            assertThatThrownBy(() -> store.renameMailbox(work, "Work", "Jobs"))
                .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.CONFLICT));
            assertThat(names()).containsExactly("Work");
        } finally {
            deletion.dispose();
        }

        store.renameMailbox(work, "Work", "Jobs");
        assertThat(names()).containsExactly("Jobs");
    }

    @OnEachBackend
    void aRenameAlreadyDoneIsDone(Backend backend) throws Exception {
        start(backend);
        long work = create("Work");
        store.renameMailbox(work, "Work", "Jobs");

        store.renameMailbox(work, "Work", "Jobs");

        assertThat(names()).containsExactly("Jobs");
    }

    @OnEachBackend
    void aRenumberingsExpungeSaysWhetherTheMessageWasStillThere(Backend backend) throws Exception {
        start(backend);
        long inbox = create("INBOX");
        MessageManager mailbox = james.getMailbox(MailboxPath.forUser(USER, "INBOX"), session);
        long uid = mailbox.appendMessage(MessageManager.AppendCommand.builder().build("Subject: x\r\n\r\nbody\r\n"), session)
            .getId().getUid().asLong();

        assertThat(store.expungeRenumbered("INBOX", inbox, uid)).isTrue();
        assertThat(mailbox.getMessageCount(session)).isZero();
        assertThat(store.expungeRenumbered("INBOX", inbox, uid)).as("a client removed it first").isFalse();
    }

    @OnEachBackend
    void replicatedExpungesRacingAClientsExpungesAllHappen(Backend backend) throws Exception {
        start(backend);
        long inbox = create("INBOX");
        List<Long> replicated = new ArrayList<>();
        List<Long> byClient = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            replicated.add(appendByClient("INBOX", "replicated " + i));
            byClient.add(appendByClient("INBOX", "by client " + i));
        }

        // On Derby two expunging transactions can deadlock while mail comes in; Derby rolls one
        // back. A client's may fail (James's own behaviour); the store's runs again.
        MailboxSession client = james.createSystemSession(USER);
        MessageManager clientInbox = james.getMailbox(MailboxPath.forUser(USER, "INBOX"), client);
        CompletableFuture<Void> clientExpunges = CompletableFuture.runAsync(() -> {
            for (long uid : byClient) {
                // Each IMAP command is a request of its own (on JPA: a fresh EntityManager).
                james.startProcessingRequest(client);
                try {
                    clientInbox.setFlags(new Flags(Flags.Flag.DELETED), MessageManager.FlagsUpdateMode.ADD,
                        MessageRange.one(MessageUid.of(uid)), client);
                    clientInbox.expunge(MessageRange.one(MessageUid.of(uid)), client);
                } catch (MailboxException | RuntimeException e) {
                    assertThat(TransactionRollbacks.rolledBack(e)).as("a client's expunge failed otherwise: %s", e).isTrue();
                } finally {
                    james.endProcessingRequest(client);
                }
            }
        });
        CompletableFuture<Void> newMail = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 40; i++) {
                try {
                    appendByClient("INBOX", "new " + i);
                } catch (Exception e) {
                    assertThat(TransactionRollbacks.rolledBack(e)).as("an append failed otherwise: %s", e).isTrue();
                }
            }
        });
        for (long uid : replicated) {
            store.expunge("INBOX", inbox, uid);
        }
        clientExpunges.get(2, TimeUnit.MINUTES);
        newMail.get(2, TimeUnit.MINUTES);

        assertThat(mailbox(store.state(), "INBOX").messages()).noneMatch(message -> replicated.contains(message.uid()));
    }

    @OnEachBackend
    void eachStateReadSeesWhatAnotherSessionChangedSinceTheLast(Backend backend) throws Exception {
        start(backend);
        create("INBOX");
        long uid = appendByClient("INBOX", "hello");
        MessageState before = onlyMessage(store.state(), "INBOX");
        assertThat(before.flags()).doesNotContain("\\Seen");

        // A client's own session (JPA: another EntityManager) flags the message.
        MailboxSession client = james.createSystemSession(USER);
        james.getMailbox(MailboxPath.forUser(USER, "INBOX"), client)
            .setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(MessageUid.of(uid)), client);

        // On JPA this store's one long request still saw MODSEQ 1 and no \Seen.
        MessageState after = onlyMessage(store.state(), "INBOX");
        assertThat(after.flags()).contains("\\Seen");
        assertThat(after.modSeq()).isGreaterThan(before.modSeq());
        assertThat(mailbox(store.state(), "INBOX").highestModSeq()).isEqualTo(after.modSeq());
    }

    @OnEachBackend
    void aFetchedBodyStillReadsAfterLaterOperationsOfTheSession(Backend backend) throws Exception {
        start(backend);
        long uidValidity = create("INBOX");
        long uid = appendByClient("INBOX", "a body read later");

        try (MessageContent content = store.fetch("INBOX", uidValidity, uid)) {
            // The session goes on (each operation a new request) before the body is streamed.
            store.state();
            store.setSubscribed("INBOX", true);
            assertThat(read(content)).isEqualTo(TestJames.message("a body read later"));
        }
    }

    @OnEachBackend
    void aFetchSaysWhetherTheMessageBeganAThreadOfItsOwn(Backend backend) throws Exception {
        start(backend);
        long inbox = create("INBOX");
        MessageManager mailbox = james.getMailbox(MailboxPath.forUser(USER, "INBOX"), session);
        long question = mailbox.appendMessage(MessageManager.AppendCommand.builder()
            .build("Message-ID: <lunch@example.test>\r\nSubject: lunch\r\n\r\nWhere?\r\n"), session).getId().getUid().asLong();
        long answer = mailbox.appendMessage(MessageManager.AppendCommand.builder()
            .build("In-Reply-To: <lunch@example.test>\r\nSubject: Re: lunch\r\n\r\nHere.\r\n"), session).getId().getUid().asLong();

        // Memory threads by message ids (JPA has none): the question began a thread, the answer joined it.
        assertThat(startsThread(inbox, question)).isEqualTo(backend == Backend.MEMORY);
        assertThat(startsThread(inbox, answer)).isFalse();
    }

    private boolean startsThread(long inbox, long uid) {
        try (MessageContent content = store.fetch("INBOX", inbox, uid)) {
            return content.startsThread();
        }
    }

    @OnEachBackend
    void aCopyWithinTheStoreKeepsTheBody(Backend backend) throws Exception {
        start(backend);
        long inbox = create("INBOX");
        long archive = create("Archive");
        long uid = appendByClient("INBOX", "copied");
        MessageState source = onlyMessage(store.state(), "INBOX");

        // Without the agent James picks the UID: the store then reports it, whatever it is.
        try {
            store.copy("INBOX", inbox, uid, "Archive", archive, source);
        } catch (SyncException noAgent) {
            assertThat(noAgent.getMessage()).contains("agent");
        }

        MessageState copy = onlyMessage(store.state(), "Archive");
        assertThat(copy.hash()).isEqualTo(source.hash());
    }

    @OnEachBackend
    void raisesTakeTheLockJamesAppendsTake(Backend backend) throws Exception {
        start(backend);
        long uidValidity = create("INBOX");

        for (Runnable raise : List.<Runnable>of(() -> store.raiseUidNext("INBOX", uidValidity, 10),
                () -> store.raiseModSeq("INBOX", uidValidity, 0, 10, false))) {
            // An append holds the mailbox: the raise may not read and write the counter meanwhile.
            afterWaitingForTheLock(() -> {
                raise.run();
                return null;
            });
        }
    }

    @OnEachBackend
    void aStateReadWaitsForAnAppendThatHoldsTheMailbox(Backend backend) throws Exception {
        start(backend);
        create("INBOX");

        // An append between its UID (committed on JPA) and its message: UIDNEXT is not to be read now.
        assertThat(mailbox(afterWaitingForTheLock(store::state), "INBOX").messages()).isEmpty();
    }

    @OnEachBackend
    void aStateReadWhileAMailboxDeletionRunsIsAConflict(Backend backend) throws Exception {
        start(backend);
        create("INBOX");

        // As the agent counts every deletion of James's: this one never ends until disposed.
        Disposable deletion = DeletionFence.around(Mono.never(), USER.asString()).subscribe();
        try {
            assertThatThrownBy(store::state)
                .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.CONFLICT));
        } finally {
            deletion.dispose();
        }

        assertThat(mailbox(store.state(), "INBOX").messages()).isEmpty();
    }

    @OnEachBackend
    void theStateHoldsTheSubscriptionsAndTheJournalsTombstones(Backend backend) throws Exception {
        start(backend);
        create("INBOX");
        create("Archive");
        store.setSubscribed("INBOX", true);
        store.setSubscribed("Archive", true);
        store.setSubscribed("Archive", false);
        journal.recordRenamed(USER.asString(), 7, "Old", "New");

        UserState state = store.state();

        assertThat(state.subscriptions()).containsExactly("INBOX");
        assertThat(state.tombstones().renamed()).hasSize(1);
    }

    @OnEachBackend
    void anAppendIsStoredWithItsFlagsDateAndHash(Backend backend) throws Exception {
        start(backend);
        long inbox = create("INBOX");
        byte[] body = TestJames.message("appended").getBytes(StandardCharsets.UTF_8);
        String hash = Sha256.of(body);
        long internalDate = 1_700_000_000_000L;
        MessageState sent = new MessageState(1, 0, List.of("\\Seen", "urgent"), internalDate, body.length, hash);

        MessageState stored = store.append("INBOX", inbox, sent, MessageContent.of(body));

        assertThat(stored.uid()).isEqualTo(1);
        assertThat(stored.hash()).isEqualTo(hash);
        MessageState read = onlyMessage(store.state(), "INBOX");
        assertThat(read.flags()).containsExactly("\\Seen", "urgent");
        assertThat(read.internalDate()).isEqualTo(internalDate);
        assertThat(read.size()).isEqualTo(body.length);
        assertThat(read.hash()).isEqualTo(hash);
        try (MessageContent content = store.fetch("INBOX", inbox, 1)) {
            assertThat(read(content)).isEqualTo(TestJames.message("appended"));
            assertThat(content.sha256()).isEqualTo(hash);
        }
    }

    @OnEachBackend
    void aBodyDamagedOnItsWayIsRefusedAndNothingIsStored(Backend backend) throws Exception {
        start(backend);
        long inbox = create("INBOX");
        byte[] body = TestJames.message("damaged").getBytes(StandardCharsets.UTF_8);
        MessageState sent = new MessageState(1, 0, List.of(), 1_700_000_000_000L, body.length, "0".repeat(64));

        assertThatThrownBy(() -> store.append("INBOX", inbox, sent, MessageContent.of(body)))
            .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.FAILED));

        assertThat(mailbox(store.state(), "INBOX").messages()).isEmpty();
    }

    @OnEachBackend
    void aCopyWithinItsMailboxIsARenumberingRecordedUntilTheSessionCompletes(Backend backend) throws Exception {
        start(backend);
        long inbox = create("INBOX");
        long uid = appendByClient("INBOX", "renumbered");
        MessageState source = onlyMessage(store.state(), "INBOX");

        // The UID James gives next anyway: no pin needed.
        MessageState copy = store.copy("INBOX", inbox, uid, "INBOX", inbox, source.renumbered(uid + 1, 0));

        assertThat(copy.uid()).isEqualTo(uid + 1);
        assertThat(journal.tombstones(USER.asString()).renumbered())
            .singleElement().satisfies(record -> assertThat(record.from()).isEqualTo(uid));
        store.completeSync(journal.common(USER.asString()), Tombstones.NONE);
        assertThat(journal.tombstones(USER.asString()).renumbered()).as("finished with the session's plan").isEmpty();
    }

    @OnEachBackend
    void aDeletionFindingAnotherCountIsAConflictAndLeavesTheMailboxOpen(Backend backend) throws Exception {
        start(backend);
        long inbox = create("INBOX");
        appendByClient("INBOX", "arrived after the plan");
        MessageManager mailbox = james.getMailbox(MailboxPath.forUser(USER, "INBOX"), session);

        assertThatThrownBy(() -> store.deleteMailbox("INBOX", inbox, 0))
            .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.CONFLICT));
        assertThat(names()).containsExactly("INBOX");
        assertThat(MailboxRetirement.isRetired(mailbox.getId())).as("open to deliveries again").isFalse();

        store.deleteMailbox("INBOX", inbox, 1);
        assertThat(names()).isEmpty();
        assertThat(MailboxRetirement.isRetired(mailbox.getId())).as("retired for good").isTrue();
        MailboxRetirement.release(mailbox.getId());
    }

    @OnEachBackend
    void writesCountOnTheMailboxTheyWereGiven(Backend backend) throws Exception {
        start(backend);
        long inbox = create("INBOX");
        long uid = appendByClient("INBOX", "flagged");

        long other = inbox == 1 ? 2 : 1;
        assertThatThrownBy(() -> store.createMailbox("INBOX", other))
            .as("created meanwhile")
            .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.CONFLICT));
        assertThatThrownBy(() -> store.setFlags("INBOX", other, uid, List.of("\\Seen"), 0))
            .as("another UIDVALIDITY")
            .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.CONFLICT));
        assertThatThrownBy(() -> store.expunge("Gone", inbox, uid))
            .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.NOT_FOUND));

        store.setFlags("INBOX", inbox, uid, List.of("\\Flagged", "work"), 0);
        assertThat(onlyMessage(store.state(), "INBOX").flags()).containsExactly("\\Flagged", "work");
    }

    /**
     * Runs {@code work} on a thread of its own while this test holds INBOX's write lock, as an
     * append does: it must wait for the lock, and its result comes once the lock is let go.
     */
    private <T> T afterWaitingForTheLock(Callable<T> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                done.complete(work.call());
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        }, "waits-for-the-lock");
        SyncService.pathLockerOf(james).executeWithLock(MailboxPath.forUser(USER, "INBOX"), () -> {
            worker.start();
            awaitParked(worker);
            assertThat(done).as("done while the mailbox was held").isNotDone();
            return null;
        }, MailboxPathLocker.LockType.Write);
        return done.get(10, TimeUnit.SECONDS);
    }

    /** Until the thread waits (for the lock this test holds), or it ended: a condition, not a time. */
    private static void awaitParked(Thread thread) {
        await("the reader never waited").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
            .until(thread::getState, state -> state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                || state == Thread.State.TERMINATED);
    }
}

package dev.jamesreplicator.agent;

import static dev.jamesreplicator.agent.TestJames.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import dev.jamesreplicator.deletion.MailboxRetiredException;
import dev.jamesreplicator.deletion.MailboxRetirement;
import dev.jamesreplicator.hold.NewMailHold;
import dev.jamesreplicator.hold.NewMailHolds;

class NewMailHoldTest {
    private static final String USER = "hold@example.test";

    private TestJames james;
    private final ExecutorService clients = Executors.newCachedThreadPool();
    private final CompletableFuture<Void> twinHasIt = new CompletableFuture<>();
    private final List<String> holdCalls = Collections.synchronizedList(new ArrayList<>());
    private MailboxSession heldSession;
    private MessageManager inbox;
    private NewMailHold hold;

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    private void start(Backend backend) throws Exception {
        james = backend.start();
        inbox = james.createMailbox(USER, "INBOX");
        heldSession = james.session(USER);
        hold = (owner, sessionId) -> {
            holdCalls.add(owner + "/" + sessionId);
            return sessionId == heldSession.getSessionId().getValue() ? twinHasIt : null;
        };
        NewMailHolds.install(hold);
    }

    @AfterEach
    void uninstallHold() {
        if (hold != null) {
            NewMailHolds.uninstall(hold);
        }
        twinHasIt.complete(null);
        clients.shutdownNow();
    }

    @OnEachBackend
    void anAppendAnswersOnlyOnceTheHoldReleasesIt(Backend backend) throws Exception {
        start(backend);
        Future<MessageUid> held = clients.submit(() -> append(inbox, heldSession, new Date(), "held"));

        MailboxSession reader = james.session(USER);
        awaitMessages(reader, 1);
        assertThatThrownBy(() -> held.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(holdCalls).containsExactly(USER + "/" + heldSession.getSessionId().getValue());

        twinHasIt.complete(null);
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(MessageUid.of(1));
    }

    @OnEachBackend
    void aHeldAppendDoesNotKeepTheMailboxLocked(Backend backend) throws Exception {
        start(backend);
        Future<MessageUid> held = clients.submit(() -> append(inbox, heldSession, new Date(), "held"));
        MailboxSession other = james.session(USER);
        awaitMessages(other, 1);

        // A sync writing into the same mailbox while a client waits for it: must not wait for the lock.
        Future<MessageUid> meanwhile = clients.submit(() -> append(inbox, other, new Date(), "meanwhile"));
        assertThat(meanwhile.get(10, TimeUnit.SECONDS)).isEqualTo(MessageUid.of(2));
        assertThat(held.isDone()).isFalse();

        twinHasIt.complete(null);
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(MessageUid.of(1));
    }

    @OnEachBackend
    void aFailedAppendIsNotHeld(Backend backend) throws Exception {
        start(backend);
        assertThat(MailboxRetirement.retire(inbox.getId(), 5, TimeUnit.SECONDS)).isTrue();
        try {
            assertThatThrownBy(() -> append(inbox, heldSession, new Date(), "refused"))
                .isInstanceOf(MailboxRetiredException.class);
        } finally {
            MailboxRetirement.release(inbox.getId());
        }
        assertThat(holdCalls).isEmpty();
    }

    @OnEachBackend
    void withoutAHoldAnAppendAnswersAtOnce(Backend backend) throws Exception {
        start(backend);
        NewMailHolds.uninstall(hold);
        // On another thread: an append still held would time out here instead of hanging the test.
        assertThat(clients.submit(() -> append(inbox, heldSession, new Date(), "free")).get(10, TimeUnit.SECONDS))
            .isEqualTo(MessageUid.of(1));
        assertThat(holdCalls).isEmpty();
    }

    private void awaitMessages(MailboxSession session, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (inbox.getMessageCount(session) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the mailbox never held " + count + " messages");
            }
            Thread.sleep(5);
        }
    }
}

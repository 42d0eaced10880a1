package dev.jamesreplicator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Date;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.ThreadId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.pin.MessagePin;
import dev.jamesreplicator.pin.WritePins;

/**
 * MessageStoreInstrumentation and ThreadGuessInstrumentation against James 3.8.1's
 * SearchThreadIdGuessingAlgorithm (the memory app's): a pinned message that starts a thread of
 * its own skips the search; any other append is threaded by James as before.
 */
class ThreadGuessTest {
    private static final String USER = "threads@example.test";
    private static final String REPLY = "In-Reply-To: <root@example.test>\r\nSubject: Re: topic\r\n\r\nreply\r\n";

    private final InMemoryJames james = InMemoryJames.start();
    private MailboxSession session;
    private MessageManager inbox;
    private ThreadId rootThread;

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    @BeforeEach
    void startAThread() throws Exception {
        session = james.session(USER);
        inbox = james.createMailbox(USER, "INBOX");
        MessageResult root = stored(append(new Date(), "Message-ID: <root@example.test>\r\nSubject: topic\r\n\r\nroot\r\n"));
        rootThread = root.getThreadId();
        assertThat(rootThread.getBaseMessageId()).isEqualTo(root.getMessageId());
    }

    @Test
    void jamesPutsAnOrdinaryReplyInTheThreadItAnswers() throws Exception {
        assertThat(stored(append(new Date(), REPLY)).getThreadId()).isEqualTo(rootThread);
    }

    @Test
    void aPinnedReplyThatStartedItsOwnThreadOverThereStartsOneHere() throws Exception {
        MessageResult reply = stored(appendPinned(10, true));

        assertThat(reply.getUid()).isEqualTo(MessageUid.of(10));
        assertThat(reply.getThreadId().getBaseMessageId()).isEqualTo(reply.getMessageId());
        assertThat(WritePins.startsOwnThread()).isFalse();
    }

    @Test
    void aPinnedReplyNotKnownToStartAThreadIsThreadedByJames() throws Exception {
        MessageResult reply = stored(appendPinned(11, false));

        assertThat(reply.getUid()).isEqualTo(MessageUid.of(11));
        assertThat(reply.getThreadId()).isEqualTo(rootThread);
    }

    @Test
    void anOrdinaryAppendAfterAPinnedOneIsThreadedByJamesAgain() throws Exception {
        appendPinned(12, true);

        assertThat(stored(append(new Date(), REPLY)).getThreadId()).isEqualTo(rootThread);
    }

    /** The reply, as the replicator appends it: pinned to {@code uid}, told whether it began a thread over there. */
    private MessageUid appendPinned(long uid, boolean startsThread) throws MailboxException {
        try (MessagePin pin = MessagePin.take(1_600_000_000_000L, uid, 0, startsThread)) {
            return append(pin.internalDate(), REPLY);
        }
    }

    private MessageUid append(Date internalDate, String message) throws MailboxException {
        return inbox.appendMessage(MessageManager.AppendCommand.builder()
                .withInternalDate(internalDate)
                .build(message.getBytes(StandardCharsets.UTF_8)), session)
            .getId().getUid();
    }

    private MessageResult stored(MessageUid uid) throws MailboxException {
        return TestJames.fetch(inbox, session, uid);
    }
}

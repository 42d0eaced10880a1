package dev.jamesreplicator.agent;

import static dev.jamesreplicator.agent.TestJames.append;
import static dev.jamesreplicator.agent.TestJames.content;
import static dev.jamesreplicator.agent.TestJames.fetch;
import static dev.jamesreplicator.agent.TestJames.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.List;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MessageResult;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;

import dev.jamesreplicator.pin.MessagePin;
import dev.jamesreplicator.pin.PinRefusedException;

/**
 * The append pins against James 3.8.1 through MessageManager.appendMessage: on memory,
 * MessageAddInstrumentation, UidProviderInstrumentation and ModSeqProviderInstrumentation
 * (AbstractMessageMapper and the in-memory providers); on JPA, JpaMessageMapperInstrumentation and
 * JpaMailboxCountersInstrumentation (JPAMessageMapper, and JPAMailbox under JPAUidProvider and
 * JPAModSeqProvider).
 */
class PinnedAppendTest {
    private static final String USER = "append@example.test";
    private static final long INTERNAL_DATE = 1_600_000_000_123L;

    private TestJames james;
    private MailboxSession session;
    private MessageManager inbox;

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    private void start(Backend backend) throws Exception {
        james = backend.start();
        session = james.session(USER);
        inbox = james.createMailbox(USER, "INBOX");
    }

    @OnEachBackend
    void aPinnedAppendGetsItsUidAndTheNextOrdinaryAppendTheOneAfter(Backend backend) throws Exception {
        start(backend);
        MessageUid pinned;
        try (MessagePin pin = MessagePin.take(INTERNAL_DATE, 42, 0)) {
            pinned = append(inbox, session, pin.internalDate(), "pinned");
        }
        MessageUid ordinary = append(inbox, session, new Date(), "ordinary");

        assertThat(pinned).isEqualTo(MessageUid.of(42));
        assertThat(ordinary).isEqualTo(MessageUid.of(43));
        MessageResult stored = fetch(inbox, session, pinned);
        assertThat(stored.getInternalDate().getTime()).isEqualTo(INTERNAL_DATE);
        assertThat(content(stored)).isEqualTo(message("pinned"));
        assertThat(ReplicatorAgent.appliedHooks()).containsAll(backend == Backend.MEMORY
            ? List.of("MessageAddInstrumentation", "UidProviderInstrumentation", "ModSeqProviderInstrumentation")
            : List.of("JpaMessageMapperInstrumentation", "JpaMailboxCountersInstrumentation"));
    }

    @OnEachBackend
    void aDateEqualToATokenButNotTheTokenPinsNothing(Backend backend) throws Exception {
        start(backend);
        try (MessagePin pin = MessagePin.take(INTERNAL_DATE, 42, 0)) {
            MessageUid uid = append(inbox, session, new Date(pin.internalDate().getTime()), "look-alike");

            assertThat(uid).isEqualTo(MessageUid.of(1));
        }
    }

    @OnEachBackend
    void aPinnedModSeqAboveTheHighestIsTaken(Backend backend) throws Exception {
        start(backend);
        append(inbox, session, new Date(), "first");
        MessageUid uid;
        try (MessagePin pin = MessagePin.take(INTERNAL_DATE, 10, 100)) {
            uid = append(inbox, session, pin.internalDate(), "pinned");
            assertThat(pin.assignedModSeq()).isEqualTo(100);
        }

        assertThat(fetch(inbox, session, uid).getModSeq()).isEqualTo(ModSeq.of(100));
        assertThat(highestModSeq()).isEqualTo(ModSeq.of(100));
    }

    @OnEachBackend
    void aPinnedModSeqBelowTheHighestIsNotTakenAndTheStoredOneIsReported(Backend backend) throws Exception {
        start(backend);
        try (MessagePin high = MessagePin.take(INTERNAL_DATE, 1, 100)) {
            append(inbox, session, high.internalDate(), "high");
        }
        MessageUid uid;
        try (MessagePin low = MessagePin.take(INTERNAL_DATE, 2, 50)) {
            uid = append(inbox, session, low.internalDate(), "low");
            assertThat(low.assignedModSeq()).isEqualTo(101);
        }

        assertThat(fetch(inbox, session, uid).getModSeq()).isEqualTo(ModSeq.of(101));
        assertThat(highestModSeq()).isEqualTo(ModSeq.of(101));
    }

    @OnEachBackend
    void aPinnedUidNotAboveTheLastFailsTheAppendAndStoresNothing(Backend backend) throws Exception {
        start(backend);
        for (int i = 1; i <= 3; i++) {
            append(inbox, session, new Date(), "message " + i);
        }
        try (MessagePin taken = MessagePin.take(INTERNAL_DATE, 2, 0);
             MessagePin last = MessagePin.take(INTERNAL_DATE, 3, 0)) {
            assertRefused(backend, () -> append(inbox, session, taken.internalDate(), "intruder"));
            assertRefused(backend, () -> append(inbox, session, last.internalDate(), "intruder"));
        }

        assertThat(inbox.getMessageCount(session)).isEqualTo(3);
        assertThat(content(fetch(inbox, session, MessageUid.of(2)))).isEqualTo(message("message 2"));
        assertThat(append(inbox, session, new Date(), "after")).isEqualTo(MessageUid.of(4));
    }

    /**
     * Memory: Reactor's block() rethrows a RuntimeException as it is, so the caller sees the refusal
     * itself. JPA: a MailboxException caused by it, so that James's mapper rolls its transaction back
     * (the append after the refusals, in the same session, shows it did).
     */
    private static void assertRefused(Backend backend, ThrowingCallable append) {
        if (backend == Backend.MEMORY) {
            assertThatThrownBy(append).isInstanceOf(PinRefusedException.class);
        } else {
            assertThatThrownBy(append).isInstanceOf(MailboxException.class)
                .hasRootCauseInstanceOf(PinRefusedException.class);
        }
    }

    private ModSeq highestModSeq() throws Exception {
        return inbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, session,
            MessageManager.MailboxMetaData.FetchGroup.NO_COUNT).getHighestModSeq();
    }
}

package dev.jamesreplicator.agent;

import static dev.jamesreplicator.agent.InMemoryJames.append;
import static dev.jamesreplicator.agent.InMemoryJames.content;
import static dev.jamesreplicator.agent.InMemoryJames.fetch;
import static dev.jamesreplicator.agent.InMemoryJames.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.model.MessageResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.pin.MessagePin;
import dev.jamesreplicator.pin.PinRefusedException;
import dev.jamesreplicator.pin.WritePins;

/**
 * MessageAddInstrumentation, UidProviderInstrumentation and ModSeqProviderInstrumentation against
 * James 3.8.1's AbstractMessageMapper and in-memory providers, through MessageManager.appendMessage.
 */
class PinnedAppendTest {
    private static final String USER = "append@example.test";
    private static final long INTERNAL_DATE = 1_600_000_000_123L;

    private final InMemoryJames james = InMemoryJames.start();
    private MailboxSession session;
    private MessageManager inbox;

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    @BeforeEach
    void createInbox() throws Exception {
        session = james.session(USER);
        inbox = james.createMailbox(USER, "INBOX");
    }

    @Test
    void aPinnedAppendGetsItsUidAndTheNextOrdinaryAppendTheOneAfter() throws Exception {
        Date token = WritePins.pinMessage(INTERNAL_DATE, 42, 0);

        MessageUid pinned = append(inbox, session, token, "pinned");
        MessagePin pin = WritePins.unpinMessage(token);
        MessageUid ordinary = append(inbox, session, new Date(), "ordinary");

        assertThat(pinned).isEqualTo(MessageUid.of(42));
        assertThat(pin.uid()).isEqualTo(42);
        assertThat(ordinary).isEqualTo(MessageUid.of(43));
        MessageResult stored = fetch(inbox, session, pinned);
        assertThat(stored.getInternalDate().getTime()).isEqualTo(INTERNAL_DATE);
        assertThat(content(stored)).isEqualTo(message("pinned"));
        assertThat(ReplicatorAgent.appliedHooks())
            .contains("MessageAddInstrumentation", "UidProviderInstrumentation", "ModSeqProviderInstrumentation");
    }

    @Test
    void aDateEqualToATokenButNotTheTokenPinsNothing() throws Exception {
        Date token = WritePins.pinMessage(INTERNAL_DATE, 42, 0);
        try {
            MessageUid uid = append(inbox, session, new Date(token.getTime()), "look-alike");

            assertThat(uid).isEqualTo(MessageUid.of(1));
        } finally {
            WritePins.unpinMessage(token);
        }
    }

    @Test
    void aPinnedModSeqAboveTheHighestIsTaken() throws Exception {
        append(inbox, session, new Date(), "first");
        Date token = WritePins.pinMessage(INTERNAL_DATE, 10, 100);

        MessageUid uid = append(inbox, session, token, "pinned");
        MessagePin pin = WritePins.unpinMessage(token);

        assertThat(pin.assignedModSeq()).isEqualTo(100);
        assertThat(fetch(inbox, session, uid).getModSeq()).isEqualTo(ModSeq.of(100));
        assertThat(highestModSeq()).isEqualTo(ModSeq.of(100));
    }

    @Test
    void aPinnedModSeqBelowTheHighestIsNotTakenAndTheStoredOneIsReported() throws Exception {
        Date high = WritePins.pinMessage(INTERNAL_DATE, 1, 100);
        append(inbox, session, high, "high");
        WritePins.unpinMessage(high);
        Date low = WritePins.pinMessage(INTERNAL_DATE, 2, 50);

        MessageUid uid = append(inbox, session, low, "low");
        MessagePin pin = WritePins.unpinMessage(low);

        assertThat(pin.assignedModSeq()).isEqualTo(101);
        assertThat(fetch(inbox, session, uid).getModSeq()).isEqualTo(ModSeq.of(101));
        assertThat(highestModSeq()).isEqualTo(ModSeq.of(101));
    }

    @Test
    void aPinnedUidNotAboveTheLastFailsTheAppendAndStoresNothing() throws Exception {
        for (int i = 1; i <= 3; i++) {
            append(inbox, session, new Date(), "message " + i);
        }
        Date taken = WritePins.pinMessage(INTERNAL_DATE, 2, 0);
        Date last = WritePins.pinMessage(INTERNAL_DATE, 3, 0);

        try {
            // Reactor's block() rethrows a RuntimeException as it is: the caller sees the refusal itself.
            assertThatThrownBy(() -> append(inbox, session, taken, "intruder"))
                .isInstanceOf(PinRefusedException.class);
            assertThatThrownBy(() -> append(inbox, session, last, "intruder"))
                .isInstanceOf(PinRefusedException.class);
        } finally {
            WritePins.unpinMessage(taken);
            WritePins.unpinMessage(last);
        }

        assertThat(inbox.getMessageCount(session)).isEqualTo(3);
        assertThat(content(fetch(inbox, session, MessageUid.of(2)))).isEqualTo(message("message 2"));
        assertThat(append(inbox, session, new Date(), "after")).isEqualTo(MessageUid.of(4));
    }

    private ModSeq highestModSeq() throws Exception {
        return inbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, session,
            MessageManager.MailboxMetaData.FetchGroup.NO_COUNT).getHighestModSeq();
    }
}

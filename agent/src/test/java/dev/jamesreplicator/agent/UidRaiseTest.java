package dev.jamesreplicator.agent;

import static dev.jamesreplicator.agent.TestJames.append;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.EnumSet;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.junit.jupiter.api.BeforeAll;

import dev.jamesreplicator.pin.FlagUpdatePin;
import dev.jamesreplicator.pin.UidRaisePin;

class UidRaiseTest {
    private static final String USER = "uidnext@example.test";

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    @OnEachBackend
    void aPinnedRaiseMovesUidNextUpAndTheNextMessageTakesIt(Backend backend) throws Exception {
        TestJames james = backend.start();
        MessageManager inbox = james.createMailbox(USER, "INBOX");
        MailboxSession session = james.session(USER);
        append(inbox, session, new Date(), "one");

        raise(james, inbox, 6);
        assertThat(uidNext(inbox, session)).isEqualTo(7);

        raise(james, inbox, 3);
        assertThat(uidNext(inbox, session)).as("never down").isEqualTo(7);
        assertThat(append(inbox, session, new Date(), "two")).isEqualTo(MessageUid.of(7));
    }

    /** How the plugin raises HIGHESTMODSEQ alone: the provider, directly, under a flag-update pin. */
    @OnEachBackend
    void aPinnedFlagUpdateRaisesTheHighestModSeqOfAnEmptyMailboxThroughTheProvider(Backend backend) throws Exception {
        TestJames james = backend.start();
        MessageManager inbox = james.createMailbox(USER, "INBOX");
        MailboxSession session = james.session(USER);

        try (FlagUpdatePin pin = FlagUpdatePin.take(50)) {
            assertThat(james.modSeqProvider().nextModSeq(inbox.getId())).isEqualTo(ModSeq.of(50));
            assertThat(pin.assignedModSeq()).isEqualTo(50);
        }

        assertThat(highestModSeq(inbox, session)).isEqualTo(ModSeq.of(50));
        append(inbox, session, new Date(), "next");
        assertThat(highestModSeq(inbox, session)).as("counting goes on").isEqualTo(ModSeq.of(51));
    }

    private static ModSeq highestModSeq(MessageManager mailbox, MailboxSession session) throws Exception {
        return mailbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, session,
            EnumSet.of(MessageManager.MailboxMetaData.Item.HighestModSeq)).getHighestModSeq();
    }

    private static void raise(TestJames james, MessageManager mailbox, long lastUid) throws Exception {
        try (UidRaisePin pin = UidRaisePin.take(lastUid)) {
            james.uidProvider().nextUid(mailbox.getId());
        }
    }

    private static long uidNext(MessageManager mailbox, MailboxSession session) throws Exception {
        return mailbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, session,
            EnumSet.of(MessageManager.MailboxMetaData.Item.NextUid)).getUidNext().asLong();
    }
}

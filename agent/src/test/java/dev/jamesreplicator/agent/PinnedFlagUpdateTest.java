package dev.jamesreplicator.agent;

import static dev.jamesreplicator.agent.TestJames.append;
import static dev.jamesreplicator.agent.TestJames.fetch;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.EnumSet;

import javax.mail.Flags;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.model.MessageRange;
import org.junit.jupiter.api.BeforeAll;

import dev.jamesreplicator.pin.FlagUpdatePin;
import dev.jamesreplicator.pin.WritePins;

class PinnedFlagUpdateTest {
    private static final String USER = "flags@example.test";

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

    private long setSeen(MessageUid uid, long pinnedModSeq) throws Exception {
        try (FlagUpdatePin pin = FlagUpdatePin.take(pinnedModSeq)) {
            inbox.setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uid), session);
            return pin.assignedModSeq();
        }
    }

    @OnEachBackend
    void aPinnedFlagUpdateTakesItsModSeqAndOnlyTheNextUpdate(Backend backend) throws Exception {
        start(backend);
        MessageUid uid = append(inbox, session, new Date(), "flag me");

        assertThat(setSeen(uid, 500)).isEqualTo(500);
        assertThat(fetch(inbox, session, uid).getModSeq()).isEqualTo(ModSeq.of(500));

        inbox.setFlags(new Flags(Flags.Flag.FLAGGED), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uid), session);
        assertThat(fetch(inbox, session, uid).getModSeq()).as("unpinned: James's next").isEqualTo(ModSeq.of(501));
    }

    @OnEachBackend
    void aPinnedModSeqAtOrBelowTheHighestGivesTheNextOne(Backend backend) throws Exception {
        start(backend);
        MessageUid uid = append(inbox, session, new Date(), "flag me");
        setSeen(uid, 100);

        inbox.setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.REMOVE, MessageRange.one(uid), session);
        assertThat(setSeen(uid, 50)).isEqualTo(102);
    }

    @OnEachBackend
    void aForcedUpdateGivesTheMessageThePinnedModSeqWithoutChangingItsFlags(Backend backend) throws Exception {
        start(backend);
        MessageUid uid = append(inbox, session, new Date(), "raise me");
        MessageUid other = append(inbox, session, new Date(), "leave me");
        Flags before = fetch(inbox, session, uid).getFlags();

        try (FlagUpdatePin pin = FlagUpdatePin.takeForced(300)) {
            inbox.setFlags(new Flags(), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uid), session);
            assertThat(pin.assignedModSeq()).isEqualTo(300);
        }

        assertThat(fetch(inbox, session, uid).getModSeq()).isEqualTo(ModSeq.of(300));
        assertThat(fetch(inbox, session, uid).getFlags()).isEqualTo(before);
        assertThat(fetch(inbox, session, other).getModSeq()).as("another message").isEqualTo(ModSeq.of(2));
        assertThat(WritePins.isFlagUpdateForced()).as("only while pinned").isFalse();
    }

    @OnEachBackend
    void anUnforcedUpdateThatChangesNoFlagRaisesOnlyTheHighestModSeq(Backend backend) throws Exception {
        start(backend);
        MessageUid uid = append(inbox, session, new Date(), "keep my modseq");

        try (FlagUpdatePin pin = FlagUpdatePin.take(400)) {
            inbox.setFlags(new Flags(), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uid), session);
        }

        assertThat(fetch(inbox, session, uid).getModSeq()).isEqualTo(ModSeq.of(1));
        assertThat(inbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, session,
            EnumSet.of(MessageManager.MailboxMetaData.Item.HighestModSeq)).getHighestModSeq()).isEqualTo(ModSeq.of(400));
    }
}

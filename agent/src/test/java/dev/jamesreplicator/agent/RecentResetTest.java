package dev.jamesreplicator.agent;

import static dev.jamesreplicator.agent.TestJames.append;
import static dev.jamesreplicator.agent.TestJames.fetch;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.EnumSet;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageManager.MailboxMetaData;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.junit.jupiter.api.BeforeAll;

class RecentResetTest {
    private static final String USER = "recent@example.test";

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    @OnEachBackend
    void clearingRecentTakesNoModSeq(Backend backend) throws Exception {
        TestJames james = backend.start();
        MessageManager inbox = james.createMailbox(USER, "INBOX");
        MailboxSession session = james.session(USER);
        MessageUid first = append(inbox, session, new Date(), "one");
        MessageUid second = append(inbox, session, new Date(), "two");
        assertThat(meta(inbox, session, MailboxMetaData.RecentMode.RETRIEVE).getRecent()).containsExactly(first, second);

        // What a SELECT does.
        meta(inbox, session, MailboxMetaData.RecentMode.RESET);

        assertThat(meta(inbox, session, MailboxMetaData.RecentMode.RETRIEVE).getRecent()).as("cleared").isEmpty();
        // On JPA the flag is cleared on the stored row although James is told nothing changed:
        // another session (another EntityManager) reads it from the database.
        assertThat(meta(inbox, james.session(USER), MailboxMetaData.RecentMode.RETRIEVE).getRecent())
            .as("cleared where it is stored").isEmpty();
        assertThat(fetch(inbox, james.session(USER), first).getFlags().contains(javax.mail.Flags.Flag.RECENT)).isFalse();
        assertThat(fetch(inbox, session, first).getModSeq()).isEqualTo(ModSeq.of(1));
        assertThat(fetch(inbox, session, second).getModSeq()).isEqualTo(ModSeq.of(2));
        assertThat(meta(inbox, session, MailboxMetaData.RecentMode.IGNORE).getHighestModSeq()).isEqualTo(ModSeq.of(2));
        assertThat(append(inbox, session, new Date(), "three")).isEqualTo(MessageUid.of(3));
        assertThat(meta(inbox, session, MailboxMetaData.RecentMode.IGNORE).getHighestModSeq()).as("counting goes on")
            .isEqualTo(ModSeq.of(3));
    }

    private static MailboxMetaData meta(MessageManager mailbox, MailboxSession session, MailboxMetaData.RecentMode mode)
            throws Exception {
        return mailbox.getMetaData(mode, session, EnumSet.of(MailboxMetaData.Item.HighestModSeq));
    }
}

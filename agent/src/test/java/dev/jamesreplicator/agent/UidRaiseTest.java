package dev.jamesreplicator.agent;

import static dev.jamesreplicator.agent.InMemoryJames.append;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.EnumSet;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.pin.WritePins;

class UidRaiseTest {
    private static final String USER = "uidnext@example.test";

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    @Test
    void aPinnedRaiseMovesUidNextUpAndTheNextMessageTakesIt() throws Exception {
        InMemoryJames james = InMemoryJames.start();
        MessageManager inbox = james.createMailbox(USER, "INBOX");
        MailboxSession session = james.session(USER);
        append(inbox, session, new Date(), "one");

        raise(james, inbox, 6);
        assertThat(uidNext(inbox, session)).isEqualTo(7);

        raise(james, inbox, 3);
        assertThat(uidNext(inbox, session)).as("never down").isEqualTo(7);
        assertThat(append(inbox, session, new Date(), "two")).isEqualTo(MessageUid.of(7));
    }

    private static void raise(InMemoryJames james, MessageManager mailbox, long lastUid) throws Exception {
        WritePins.pinUidRaise(lastUid);
        try {
            james.mappers().getUidProvider().nextUid(mailbox.getId());
        } finally {
            WritePins.unpinUidRaise();
        }
    }

    private static long uidNext(MessageManager mailbox, MailboxSession session) throws Exception {
        return mailbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, session,
            EnumSet.of(MessageManager.MailboxMetaData.Item.NextUid)).getUidNext().asLong();
    }
}

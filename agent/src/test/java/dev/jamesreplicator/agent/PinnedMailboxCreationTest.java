package dev.jamesreplicator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.pin.WritePins;

/** MailboxCreateInstrumentation against James 3.8.1's InMemoryMailboxMapper, through MailboxManager. */
class PinnedMailboxCreationTest {
    private static final String USER = "creation@example.test";
    private static final long PINNED = 3_000_000_001L;

    private final InMemoryJames james = InMemoryJames.start();

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    @Test
    void aPinnedUidValidityIsTheCreatedMailboxs() throws Exception {
        WritePins.pinUidValidity(USER, "Pinned", PINNED);

        MessageManager mailbox = james.createMailbox(USER, "Pinned");

        assertThat(mailbox.getMailboxEntity().getUidValidity()).isEqualTo(UidValidity.of(PINNED));
        assertThat(mailbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, james.session(USER),
            MessageManager.MailboxMetaData.FetchGroup.NO_COUNT).getUidValidity()).isEqualTo(UidValidity.of(PINNED));
        assertThat(ReplicatorAgent.appliedHooks()).contains("MailboxCreateInstrumentation");
    }

    @Test
    void anUnpinnedCreationStillGetsARandomUidValidity() throws Exception {
        UidValidity first = james.createMailbox(USER, "Random1").getMailboxEntity().getUidValidity();
        UidValidity second = james.createMailbox(USER, "Random2").getMailboxEntity().getUidValidity();

        assertThat(first.isValid()).isTrue();
        assertThat(second.isValid()).isTrue();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aPinIsUsedOnce() throws Exception {
        WritePins.pinUidValidity(USER, "Once", PINNED);
        assertThat(james.createMailbox(USER, "Once").getMailboxEntity().getUidValidity()).isEqualTo(UidValidity.of(PINNED));
        james.mailboxManager().deleteMailbox(MailboxPath.forUser(Username.of(USER), "Once"), james.session(USER));

        UidValidity recreated = james.createMailbox(USER, "Once").getMailboxEntity().getUidValidity();

        assertThat(recreated).isNotEqualTo(UidValidity.of(PINNED));
    }

    @Test
    void aPinIsForItsUserAndMailboxOnly() throws Exception {
        WritePins.pinUidValidity(USER, "Sent", PINNED);

        UidValidity otherUser = james.createMailbox("someone.else@example.test", "Sent").getMailboxEntity().getUidValidity();
        UidValidity otherMailbox = james.createMailbox(USER, "Drafts").getMailboxEntity().getUidValidity();
        UidValidity pinned = james.createMailbox(USER, "Sent").getMailboxEntity().getUidValidity();

        assertThat(otherUser).isNotEqualTo(UidValidity.of(PINNED));
        assertThat(otherMailbox).isNotEqualTo(UidValidity.of(PINNED));
        assertThat(pinned).isEqualTo(UidValidity.of(PINNED));
    }
}

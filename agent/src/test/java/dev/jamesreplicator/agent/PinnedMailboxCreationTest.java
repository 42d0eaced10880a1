package dev.jamesreplicator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.junit.jupiter.api.BeforeAll;

import dev.jamesreplicator.pin.UidValidityChooser;
import dev.jamesreplicator.pin.UidValidityPin;

/**
 * MailboxCreateInstrumentation against James 3.8.1's InMemoryMailboxMapper and
 * JpaMailboxMapperInstrumentation against its JPAMailboxMapper, through MailboxManager.
 */
class PinnedMailboxCreationTest {
    private static final String USER = "creation@example.test";
    private static final long PINNED = 3_000_000_001L;


    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    @OnEachBackend
    void aPinnedUidValidityIsTheCreatedMailboxs(Backend backend) throws Exception {
        TestJames james = backend.start();
        MessageManager mailbox;
        try (UidValidityPin pin = UidValidityPin.take(USER, "Pinned", PINNED)) {
            mailbox = james.createMailbox(USER, "Pinned");
        }

        assertThat(mailbox.getMailboxEntity().getUidValidity()).isEqualTo(UidValidity.of(PINNED));
        assertThat(mailbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, james.session(USER),
            MessageManager.MailboxMetaData.FetchGroup.NO_COUNT).getUidValidity()).isEqualTo(UidValidity.of(PINNED));
        assertThat(ReplicatorAgent.appliedHooks()).contains(backend == Backend.MEMORY
            ? "MailboxCreateInstrumentation" : "JpaMailboxMapperInstrumentation");
    }

    @OnEachBackend
    void anUnpinnedCreationStillGetsARandomUidValidity(Backend backend) throws Exception {
        TestJames james = backend.start();
        UidValidity first = james.createMailbox(USER, "Random1").getMailboxEntity().getUidValidity();
        UidValidity second = james.createMailbox(USER, "Random2").getMailboxEntity().getUidValidity();

        assertThat(first.isValid()).isTrue();
        assertThat(second.isValid()).isTrue();
        assertThat(first).isNotEqualTo(second);
    }

    @OnEachBackend
    void aChoosersUidValidityIsTheCreatedMailboxsWhereNothingIsPinned(Backend backend) throws Exception {
        TestJames james = backend.start();
        UidValidityChooser chooser = (user, mailbox, pinned) -> USER.equals(user) && "Chosen".equals(mailbox) ? PINNED + 1 : 0;
        UidValidityPin.chooseUidValidities(chooser);
        try {
            assertThat(james.createMailbox(USER, "Chosen").getMailboxEntity().getUidValidity()).isEqualTo(UidValidity.of(PINNED + 1));
            assertThat(james.createMailbox(USER, "NotChosen").getMailboxEntity().getUidValidity()).isNotEqualTo(UidValidity.of(PINNED + 1));
        } finally {
            UidValidityPin.stopChoosingUidValidities(chooser);
        }
    }

    @OnEachBackend
    void aPinIsUsedOnce(Backend backend) throws Exception {
        TestJames james = backend.start();
        try (UidValidityPin pin = UidValidityPin.take(USER, "Once", PINNED)) {
            assertThat(james.createMailbox(USER, "Once").getMailboxEntity().getUidValidity()).isEqualTo(UidValidity.of(PINNED));
        }
        james.mailboxManager().deleteMailbox(MailboxPath.forUser(Username.of(USER), "Once"), james.session(USER));

        UidValidity recreated = james.createMailbox(USER, "Once").getMailboxEntity().getUidValidity();

        assertThat(recreated).isNotEqualTo(UidValidity.of(PINNED));
    }

    @OnEachBackend
    void aPinIsForItsUserAndMailboxOnly(Backend backend) throws Exception {
        TestJames james = backend.start();
        UidValidity otherUser;
        UidValidity otherMailbox;
        UidValidity pinned;
        try (UidValidityPin pin = UidValidityPin.take(USER, "Sent", PINNED)) {
            otherUser = james.createMailbox("someone.else@example.test", "Sent").getMailboxEntity().getUidValidity();
            otherMailbox = james.createMailbox(USER, "Drafts").getMailboxEntity().getUidValidity();
            pinned = james.createMailbox(USER, "Sent").getMailboxEntity().getUidValidity();
        }

        assertThat(otherUser).isNotEqualTo(UidValidity.of(PINNED));
        assertThat(otherMailbox).isNotEqualTo(UidValidity.of(PINNED));
        assertThat(pinned).isEqualTo(UidValidity.of(PINNED));
    }

    /**
     * JPA reads a mailbox through {@code JPAMailbox.toMailbox()}, which replaces a stored UIDVALIDITY
     * that is not a non-zero unsigned 32-bit number by a random one. A pinned one always is (pinning
     * refuses any other), so James keeps it, up to the largest.
     */
    @OnEachBackend
    void aPinnedUidValidityIsWhatJamesReadsBackEvenAtTheBounds(Backend backend) throws Exception {
        TestJames james = backend.start();
        try (UidValidityPin lowest = UidValidityPin.take(USER, "Lowest", 1);
             UidValidityPin highest = UidValidityPin.take(USER, "Highest", 0xFFFF_FFFFL)) {
            james.createMailbox(USER, "Lowest");
            james.createMailbox(USER, "Highest");
        }

        for (int read = 0; read < 2; read++) {
            MailboxSession fresh = james.session(USER);
            assertThat(james.mailboxManager().getMailbox(MailboxPath.forUser(Username.of(USER), "Lowest"), fresh)
                .getMailboxEntity().getUidValidity()).isEqualTo(UidValidity.of(1));
            assertThat(james.mailboxManager().getMailbox(MailboxPath.forUser(Username.of(USER), "Highest"), fresh)
                .getMailboxEntity().getUidValidity()).isEqualTo(UidValidity.of(0xFFFF_FFFFL));
        }
    }
}

package dev.jamesreplicator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.inmemory.InMemoryId;
import org.apache.james.mailbox.inmemory.mail.InMemoryModSeqProvider;
import org.apache.james.mailbox.inmemory.mail.InMemoryUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import dev.jamesreplicator.pin.MessagePin;
import dev.jamesreplicator.pin.WritePins;

/**
 * Each public overload of James 3.8.1's UID and MODSEQ providers, called directly inside a pinned add:
 * the in-memory ones, and JPAUidProvider and JPAModSeqProvider (whose every overload reaches
 * JPAMailbox.consumeUid/consumeModSeq once).
 */
class ProviderHooksTest {
    private static final Mailbox MAILBOX = new Mailbox(MailboxPath.forUser(Username.of("providers@example.test"), "INBOX"),
        UidValidity.of(1), InMemoryId.of(1));

    private MessagePin pin;
    private UidProvider uids;
    private ModSeqProvider modSeqs;
    private Mailbox mailbox;

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    /** Memory: fresh providers, as each test had; JPA: James's, over a mailbox row of its own. */
    private void start(Backend backend) throws Exception {
        if (backend == Backend.MEMORY) {
            uids = new InMemoryUidProvider();
            modSeqs = new InMemoryModSeqProvider();
            mailbox = MAILBOX;
        } else {
            TestJames james = backend.start();
            uids = james.uidProvider();
            modSeqs = james.modSeqProvider();
            mailbox = james.createMailbox("providers@example.test", "INBOX").getMailboxEntity();
        }
    }

    @AfterEach
    void endAdd() {
        WritePins.exitAdd();
        if (pin != null) {
            pin.close();
        }
    }

    @OnEachBackend
    void nextUidByMailboxDelegatesSoThePinIsClaimedOnce(Backend backend) throws Exception {
        start(backend);
        pin = MessagePin.take(0, 7, 0);

        WritePins.enterAdd(pin.internalDate());
        // Were nextUid(Mailbox) hooked too, the second claim would refuse UID 7 as taken.
        assertThat(uids.nextUid(mailbox)).isEqualTo(MessageUid.of(7));
        WritePins.exitAdd();

        assertThat(uids.nextUid(mailbox)).isEqualTo(MessageUid.of(8));
        assertThat(uids.lastUid(mailbox)).contains(MessageUid.of(8));
    }

    @OnEachBackend
    void nextUidByMailboxIdIsPinned(Backend backend) throws Exception {
        start(backend);
        pin = MessagePin.take(0, 9, 0);

        WritePins.enterAdd(pin.internalDate());

        assertThat(uids.nextUid(mailbox.getMailboxId())).isEqualTo(MessageUid.of(9));
    }

    @OnEachBackend
    void bothNextModSeqOverloadsArePinned(Backend backend) throws Exception {
        start(backend);
        pin = MessagePin.take(0, 1, 100);

        WritePins.enterAdd(pin.internalDate());
        assertThat(modSeqs.nextModSeq(mailbox)).isEqualTo(ModSeq.of(100));
        WritePins.exitAdd();
        pin.close();
        pin = MessagePin.take(0, 2, 200);
        WritePins.enterAdd(pin.internalDate());
        assertThat(modSeqs.nextModSeq(mailbox.getMailboxId())).isEqualTo(ModSeq.of(200));
        WritePins.exitAdd();

        assertThat(modSeqs.nextModSeq(mailbox)).isEqualTo(ModSeq.of(201));
        assertThat(modSeqs.highestModSeq(mailbox)).isEqualTo(ModSeq.of(201));
    }

    @OnEachBackend
    void providersAreUntouchedOutsideAPinnedAdd(Backend backend) throws Exception {
        start(backend);

        assertThat(uids.nextUid(mailbox)).isEqualTo(MessageUid.of(1));
        assertThat(uids.nextUid(mailbox)).isEqualTo(MessageUid.of(2));
        assertThat(modSeqs.nextModSeq(mailbox)).isEqualTo(ModSeq.of(1));
    }
}

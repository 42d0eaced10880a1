package dev.jamesreplicator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.inmemory.InMemoryId;
import org.apache.james.mailbox.inmemory.mail.InMemoryModSeqProvider;
import org.apache.james.mailbox.inmemory.mail.InMemoryUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.pin.WritePins;

/** Each hooked overload of James 3.8.1's in-memory providers, called directly inside a pinned add. */
class ProviderHooksTest {
    private static final Mailbox MAILBOX = new Mailbox(MailboxPath.forUser(Username.of("providers@example.test"), "INBOX"),
        UidValidity.of(1), InMemoryId.of(1));

    private Date token;

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    @AfterEach
    void endAdd() {
        WritePins.exitAdd();
        if (token != null) {
            WritePins.unpinMessage(token);
        }
    }

    @Test
    void nextUidByMailboxDelegatesSoThePinIsClaimedOnce() throws Exception {
        InMemoryUidProvider provider = new InMemoryUidProvider();
        token = WritePins.pinMessage(0, 7, 0);

        WritePins.enterAdd(token);
        // Were nextUid(Mailbox) hooked too, the second claim would refuse UID 7 as taken.
        assertThat(provider.nextUid(MAILBOX)).isEqualTo(MessageUid.of(7));
        WritePins.exitAdd();

        assertThat(provider.nextUid(MAILBOX)).isEqualTo(MessageUid.of(8));
        assertThat(provider.lastUid(MAILBOX)).contains(MessageUid.of(8));
    }

    @Test
    void nextUidByMailboxIdIsPinned() {
        InMemoryUidProvider provider = new InMemoryUidProvider();
        token = WritePins.pinMessage(0, 9, 0);

        WritePins.enterAdd(token);

        assertThat(provider.nextUid(MAILBOX.getMailboxId())).isEqualTo(MessageUid.of(9));
    }

    @Test
    void bothNextModSeqOverloadsArePinned() {
        InMemoryModSeqProvider provider = new InMemoryModSeqProvider();
        token = WritePins.pinMessage(0, 1, 100);

        WritePins.enterAdd(token);
        assertThat(provider.nextModSeq(MAILBOX)).isEqualTo(ModSeq.of(100));
        WritePins.exitAdd();
        WritePins.unpinMessage(token);
        token = WritePins.pinMessage(0, 2, 200);
        WritePins.enterAdd(token);
        assertThat(provider.nextModSeq(MAILBOX.getMailboxId())).isEqualTo(ModSeq.of(200));
        WritePins.exitAdd();

        assertThat(provider.nextModSeq(MAILBOX)).isEqualTo(ModSeq.of(201));
        assertThat(provider.highestModSeq(MAILBOX)).isEqualTo(ModSeq.of(201));
    }

    @Test
    void providersAreUntouchedOutsideAPinnedAdd() throws Exception {
        InMemoryUidProvider uids = new InMemoryUidProvider();
        InMemoryModSeqProvider modSeqs = new InMemoryModSeqProvider();

        assertThat(uids.nextUid(MAILBOX)).isEqualTo(MessageUid.of(1));
        assertThat(uids.nextUid(MAILBOX)).isEqualTo(MessageUid.of(2));
        assertThat(modSeqs.nextModSeq(MAILBOX)).isEqualTo(ModSeq.of(1));
    }
}

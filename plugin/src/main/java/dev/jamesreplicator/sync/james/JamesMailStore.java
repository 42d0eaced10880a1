package dev.jamesreplicator.sync.james;

import java.util.List;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;

import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.model.UserState;
import dev.jamesreplicator.state.ContentHashes;
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.state.MailboxIdentities;
import dev.jamesreplicator.state.OwnSessions;
import dev.jamesreplicator.sync.MailStore;

/**
 * A user's mail on this server, read and written through James's MailboxManager so that quotas,
 * search and IDLE clients see replicated changes like any other: {@link JamesMailReader} reads
 * it, {@link JamesMailWriter} writes it with the agent's pins, both through one
 * {@link JamesSession}, whose events do not replicate back.
 */
public class JamesMailStore implements MailStore, AutoCloseable {
    private final JamesSession james;
    private final JamesMailReader reader;
    private final JamesMailWriter writer;

    public JamesMailStore(MailboxManager mailboxManager, SubscriptionManager subscriptionManager, OwnSessions ownSessions,
                          ContentHashes hashes, Journal journal, MailboxIdentities identities, UidProvider uidProvider,
                          ModSeqProvider modSeqProvider, MailboxPathLocker locker, Username user) {
        this.james = new JamesSession(mailboxManager, locker, ownSessions, user);
        this.reader = new JamesMailReader(james, subscriptionManager, hashes, journal, identities);
        this.writer = new JamesMailWriter(james, subscriptionManager, hashes, journal, uidProvider, modSeqProvider);
    }

    @Override
    public UserState state() {
        return reader.state();
    }

    @Override
    public MessageContent fetch(String mailbox, long uidValidity, long uid) {
        return reader.fetch(mailbox, uidValidity, uid);
    }

    @Override
    public void createMailbox(String name, long uidValidity) {
        writer.createMailbox(name, uidValidity);
    }

    @Override
    public void replaceMailbox(String name, long oldUidValidity, int expectedMessages, long newUidValidity) {
        writer.replaceMailbox(name, oldUidValidity, expectedMessages, newUidValidity);
    }

    @Override
    public MessageState append(String mailbox, long uidValidity, MessageState message, MessageContent content) {
        return writer.append(mailbox, uidValidity, message, content);
    }

    /**
     * A copy within this server is threaded by James, which finds its original: whether that
     * original began a thread says nothing of where the copy belongs.
     */
    @Override
    public MessageState copy(String sourceMailbox, long sourceUidValidity, long sourceUid,
                             String mailbox, long uidValidity, MessageState message) {
        james.freshRequest();
        // One request for both: James reads the source while it stores the copy.
        try (MessageContent source = reader.body(sourceMailbox, sourceUidValidity, sourceUid, false)) {
            return writer.copy(source, sourceUidValidity, sourceUid, mailbox, uidValidity, message);
        }
    }

    @Override
    public boolean expunge(String mailbox, long uidValidity, long uid) {
        return writer.expunge(mailbox, uidValidity, uid);
    }

    @Override
    public boolean expungeRenumbered(String mailbox, long uidValidity, long uid) {
        return writer.expungeRenumbered(mailbox, uidValidity, uid);
    }

    @Override
    public void setFlags(String mailbox, long uidValidity, long uid, List<String> flags, long modSeq) {
        writer.setFlags(mailbox, uidValidity, uid, flags, modSeq);
    }

    @Override
    public void raiseUidNext(String mailbox, long uidValidity, long uidNext) {
        writer.raiseUidNext(mailbox, uidValidity, uidNext);
    }

    @Override
    public void raiseModSeq(String mailbox, long uidValidity, long uid, long modSeq, boolean messageToo) {
        writer.raiseModSeq(mailbox, uidValidity, uid, modSeq, messageToo);
    }

    @Override
    public void deleteMailbox(String name, long uidValidity, int expectedMessages) {
        writer.deleteMailbox(name, uidValidity, expectedMessages);
    }

    @Override
    public void renameMailbox(long uidValidity, String from, String to) {
        writer.renameMailbox(uidValidity, from, to);
    }

    @Override
    public void setSubscribed(String name, boolean subscribed) {
        writer.setSubscribed(name, subscribed);
    }

    @Override
    public void completeSync(CommonState agreed, Tombstones honoured) {
        writer.completeSync(agreed, honoured);
    }

    @Override
    public void close() {
        james.close();
    }
}

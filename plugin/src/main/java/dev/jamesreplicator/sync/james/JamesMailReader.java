package dev.jamesreplicator.sync.james;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageManager.MailboxMetaData.Item;
import org.apache.james.mailbox.MessageManager.MailboxMetaData.RecentMode;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.model.search.MailboxQuery;

import reactor.core.publisher.Flux;

import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.content.Sha256;
import dev.jamesreplicator.deletion.DeletionFence;
import dev.jamesreplicator.model.MailboxState;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.UidSet;
import dev.jamesreplicator.model.UserState;
import dev.jamesreplicator.state.ContentHashes;
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.state.MailboxIdentities;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.SyncException.Code;

/**
 * Reads a user's mail on this server as sync sees it: the mailboxes with their counters and
 * messages (each with the SHA-256 of its body, read once and then remembered), the
 * subscriptions and the journal's tombstones; and a message's body, to send or copy.
 */
final class JamesMailReader {
    private final JamesSession james;
    private final SubscriptionManager subscriptionManager;
    private final ContentHashes hashes;
    private final Journal journal;
    private final MailboxIdentities identities;
    /** Whether James gives messages ids and threads by them (memory); JPA has no message ids. */
    private final boolean threadsById;

    JamesMailReader(JamesSession james, SubscriptionManager subscriptionManager, ContentHashes hashes, Journal journal,
                    MailboxIdentities identities) {
        this.james = james;
        this.subscriptionManager = subscriptionManager;
        this.hashes = hashes;
        this.journal = journal;
        this.identities = identities;
        this.threadsById = james.mailboxManager().getSupportedMessageCapabilities()
            .contains(MailboxManager.MessageCapabilities.UniqueID);
    }

    /**
     * The user's state, read while none of the user's mailboxes was being deleted: a deletion
     * makes the mailbox invisible before its tombstone is written, and a plan made in between
     * would recreate the mailbox from the twin. Refuses with CONFLICT (the session plans again
     * shortly) when one overlapped the read.
     */
    UserState state() {
        String owner = james.owner();
        long before = DeletionFence.quietMark(owner);
        james.freshRequest();
        UserState state;
        try {
            state = readState();
        } catch (SyncException e) {
            throw noDeletionSince(owner, before) ? e : deletedMeanwhile(owner);
        }
        if (noDeletionSince(owner, before)) {
            return state;
        }
        throw deletedMeanwhile(owner);
    }

    private static boolean noDeletionSince(String owner, long quietMark) {
        return quietMark >= 0 && DeletionFence.quietMark(owner) == quietMark;
    }

    private static SyncException deletedMeanwhile(String owner) {
        return new SyncException(Code.CONFLICT, "a mailbox of " + owner + " was being deleted while its state was read");
    }

    private UserState readState() {
        MailboxManager mailboxManager = james.mailboxManager();
        try {
            // Subscriptions before mailboxes: James creates a mailbox before it subscribes it (a
            // first login's provisioning, CREATE with a subscription), so every subscription read
            // here names a mailbox the list below shows. The other order once read a new mailbox's
            // subscription without the mailbox: the twin got the subscription alone, and a client
            // there could not unsubscribe it (James raises no event for a mailbox it lacks).
            List<String> subscriptions = subscriptionManager.subscriptions(james.session()).stream()
                .map(MailboxPath::getName).collect(Collectors.toList());
            List<MailboxState> mailboxes = new ArrayList<>();
            List<org.apache.james.mailbox.model.MailboxMetaData> found = mailboxManager
                // Minimal: with counters, James counts four mailboxes at once on this session, and
                // on JPA one session's EntityManager is not for several threads ("Connection is null").
                .search(MailboxQuery.privateMailboxesBuilder(james.session()).matchesAllMailboxNames().build(),
                    MailboxManager.MailboxSearchFetchType.Minimal, james.session())
                .collectList().block();
            for (org.apache.james.mailbox.model.MailboxMetaData mailbox : found) {
                mailboxes.add(mailboxState(mailboxManager.getMailbox(mailbox.getMailbox(), james.session())));
            }
            return new UserState(mailboxes, subscriptions, journal.tombstones(james.owner()));
        } catch (MailboxException e) {
            throw james.failure("cannot read the mail store of " + james.owner(), e);
        }
    }

    private MailboxState mailboxState(MessageManager mailbox) throws MailboxException {
        // UIDNEXT and the messages read together, under the read side of the lock James's appends
        // hold while they allocate a UID and store the message: on JPA the UID is committed first,
        // in its own transaction, and a read in between saw UIDNEXT past a message it did not
        // list (counter alignment then raised the twin's UIDNEXT over it, and the next session
        // gave the client's message another UID).
        MailboxContents contents = james.withLock(mailbox, MailboxPathLocker.LockType.Read, () -> new MailboxContents(
            mailbox.getMetaData(RecentMode.IGNORE, james.session(), EnumSet.of(Item.NextUid, Item.HighestModSeq)),
            messages(mailbox, MessageRange.all(), FetchGroup.MINIMAL)));
        MessageManager.MailboxMetaData meta = contents.meta();
        String mailboxId = mailbox.getId().serialize();
        identities.remember(mailboxId, meta.getUidValidity().asLong());
        List<MessageResult> results = contents.messages();
        List<Long> unhashed = new ArrayList<>();
        for (MessageResult result : results) {
            long uid = result.getUid().asLong();
            if (hashes.known(mailboxId, uid) == null) {
                unhashed.add(uid);
            }
        }
        hash(mailbox, mailboxId, UidSet.of(unhashed));
        List<MessageState> messages = new ArrayList<>(results.size());
        for (MessageResult result : results) {
            long uid = result.getUid().asLong();
            messages.add(new MessageState(uid, result.getModSeq().asLong(), FlagNames.of(result.getFlags()),
                result.getInternalDate().getTime(), result.getSize(), hashes.known(mailboxId, uid)));
        }
        return new MailboxState(mailbox.getMailboxPath().getName(), meta.getUidValidity().asLong(),
            meta.getUidNext().asLong(), meta.getHighestModSeq().asLong(), messages, mailboxId);
    }

    /** A mailbox's counters and messages, read at one moment. */
    private static final class MailboxContents {
        private final MessageManager.MailboxMetaData meta;
        private final List<MessageResult> messages;

        MailboxContents(MessageManager.MailboxMetaData meta, List<MessageResult> messages) {
            this.meta = meta;
            this.messages = messages;
        }

        MessageManager.MailboxMetaData meta() {
            return meta;
        }

        List<MessageResult> messages() {
            return messages;
        }
    }

    /**
     * One read of the range: James's iterator reads in batches, and the memory backend copies and
     * sorts the whole mailbox for each batch, which made a state read O(n^2) in the mailbox's size.
     */
    private List<MessageResult> messages(MessageManager mailbox, MessageRange range, FetchGroup group) {
        List<MessageResult> results = Flux.from(mailbox.getMessagesReactive(range, group, james.session())).collectList().block();
        return results == null ? List.of() : results;
    }

    /** Reads and hashes the messages not seen yet: new mail comes in runs of UIDs, read one range at a time. */
    private void hash(MessageManager mailbox, String mailboxId, UidSet uids) {
        uids.forEachRange((first, last) -> {
            for (MessageResult result : messages(mailbox, MessageRange.range(MessageUid.of(first), MessageUid.of(last)),
                FetchGroup.FULL_CONTENT)) {
                long uid = result.getUid().asLong();
                try (InputStream content = result.getFullContent().getInputStream()) {
                    hashes.remember(mailboxId, uid, content);
                } catch (IOException | MailboxException e) {
                    throw james.failure("cannot read UID " + uid + " of " + mailbox.getMailboxPath().getName(), e);
                }
            }
        });
    }

    /** The message's content as James holds it, read as a stream when sent or stored. */
    MessageContent fetch(String mailboxName, long uidValidity, long uid) {
        james.freshRequest();
        return body(mailboxName, uidValidity, uid, true);
    }

    /**
     * The message's content in the session's current request (a copy stores it in that same
     * request); {@code withThread}: whether it says that the message began a thread of its own.
     */
    MessageContent body(String mailboxName, long uidValidity, long uid, boolean withThread) {
        MessageManager mailbox = james.openWithUidValidity(mailboxName, uidValidity);
        try {
            MessageResultIterator results = mailbox.getMessages(MessageRange.one(MessageUid.of(uid)), FetchGroup.FULL_CONTENT,
                james.session());
            if (!results.hasNext()) {
                throw new SyncException(Code.NOT_FOUND, "no UID " + uid + " in " + mailboxName);
            }
            MessageResult stored = results.next();
            Content content = stored.getFullContent();
            // Loads the body now: JPA reads it lazily, and after this request ends (the next
            // operation of the session) an entity whose body was never read reads as empty.
            content.getInputStream().close();
            MessageContent found = new StoredContent(content, content.size(), hashes.known(mailbox.getId().serialize(), uid));
            return withThread && startsThread(stored) ? MessageContent.startingThread(found) : found;
        } catch (MailboxException | IOException e) {
            throw james.failure("cannot read UID " + uid + " of " + mailboxName, e);
        }
    }

    /** James threads a message that answers nothing it has under the message's own id. */
    private boolean startsThread(MessageResult message) {
        // Without message ids (JPA: DefaultMessageId refuses equals) James threads nothing by id.
        return threadsById && message.getThreadId() != null && message.getThreadId().getBaseMessageId().equals(message.getMessageId());
    }

    /** A message in James's store, as sync sends or copies it. */
    private static final class StoredContent implements MessageContent {
        private final Content content;
        private final long size;
        private String hash;

        StoredContent(Content content, long size, String knownHash) {
            this.content = content;
            this.size = size;
            this.hash = knownHash;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public InputStream open() throws IOException {
            return content.getInputStream();
        }

        @Override
        public String sha256() throws IOException {
            if (hash == null) {
                try (InputStream in = open()) {
                    hash = Sha256.of(in);
                }
            }
            return hash;
        }
    }
}

package dev.jamesreplicator.sync.james;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageManager.AppendResult;
import org.apache.james.mailbox.MessageManager.MailboxMetaData.Item;
import org.apache.james.mailbox.MessageManager.MailboxMetaData.RecentMode;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;

import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.content.Sha256;
import dev.jamesreplicator.deletion.DeletionFence;
import dev.jamesreplicator.deletion.MailboxRetirement;
import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.MailboxState;
import dev.jamesreplicator.model.MessageIdentity;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.model.UidSet;
import dev.jamesreplicator.model.UserState;
import dev.jamesreplicator.pin.FlagUpdatePin;
import dev.jamesreplicator.pin.MessagePin;
import dev.jamesreplicator.pin.PinRefusedException;
import dev.jamesreplicator.pin.UidRaisePin;
import dev.jamesreplicator.pin.UidValidityPin;
import dev.jamesreplicator.state.ContentHashes;
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.state.MailboxIdentities;
import dev.jamesreplicator.state.OwnSessions;
import dev.jamesreplicator.sync.ContentCheck;
import dev.jamesreplicator.sync.MailStore;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.SyncException.Code;
import dev.jamesreplicator.sync.plan.SyncPlanner;

/**
 * A user's mail on this server, read and written through James's MailboxManager so that quotas,
 * search and IDLE clients see replicated changes like any other. The agent pins UIDs and
 * UIDVALIDITY; the session's id is registered so its events do not replicate back.
 *
 * <p>One James session serves the whole sync session, but each operation is a processing request
 * of its own: on JPA a request keeps one EntityManager, whose cache would show this store what it
 * read earlier (another session's flag change stayed unseen) and grow with every message read.
 */
public class JamesMailStore implements MailStore, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(JamesMailStore.class);
    private static final Duration RETIRE_TIMEOUT = Duration.ofSeconds(10);

    private final MailboxManager mailboxManager;
    private final OwnSessions ownSessions;
    private final UidProvider uidProvider;
    private final ModSeqProvider modSeqProvider;
    private final Username user;
    private final MailboxSession session;
    private final ContentHashes hashes;
    private final SubscriptionManager subscriptionManager;
    private final Journal journal;
    /** The renumberings this session recorded: finished once its plan has run to its end. */
    private final List<Tombstones.Renumbered> renumberedHere = new ArrayList<>();
    private final MailboxIdentities identities;
    private final MailboxPathLocker locker;
    /** Whether James gives messages ids and threads by them (memory); JPA has no message ids. */
    private final boolean threadsById;

    public JamesMailStore(MailboxManager mailboxManager, SubscriptionManager subscriptionManager, OwnSessions ownSessions,
                          ContentHashes hashes, Journal journal, MailboxIdentities identities, UidProvider uidProvider,
                          ModSeqProvider modSeqProvider, MailboxPathLocker locker, Username user) {
        this.locker = locker;
        this.threadsById = mailboxManager.getSupportedMessageCapabilities().contains(MailboxManager.MessageCapabilities.UniqueID);
        this.uidProvider = uidProvider;
        this.modSeqProvider = modSeqProvider;
        this.identities = identities;
        this.mailboxManager = mailboxManager;
        this.subscriptionManager = subscriptionManager;
        this.journal = journal;
        this.ownSessions = ownSessions;
        this.hashes = hashes;
        this.user = user;
        this.session = mailboxManager.createSystemSession(user);
        ownSessions.add(session.getSessionId().getValue());
        mailboxManager.startProcessingRequest(session);
    }

    /**
     * Ends the session's processing request and starts another: what follows reads the store as
     * it is now, not as an earlier operation of this sync session saw it (JPA's EntityManager).
     */
    private void freshRequest() {
        mailboxManager.endProcessingRequest(session);
        mailboxManager.startProcessingRequest(session);
    }

    /**
     * The user's state, read while none of the user's mailboxes was being deleted: a deletion
     * makes the mailbox invisible before its tombstone is written, and a plan made in between
     * would recreate the mailbox from the twin. Refuses with CONFLICT (the session plans again
     * shortly) when one overlapped the read.
     */
    @Override
    public UserState state() {
        String owner = user.asString();
        long before = DeletionFence.quietMark(owner);
        freshRequest();
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

    /**
     * A mailbox of the user is being deleted: until its transaction ends the name may be taken or
     * free (on JPA the rows go at the commit, and a rollback brings them back), and James's
     * existence checks cannot tell. A create or rename now could give the store two mailboxes of
     * one name; the session plans again shortly.
     */
    private void refuseWhileDeleting(String what) {
        String owner = user.asString();
        if (DeletionFence.quietMark(owner) < 0) {
            throw new SyncException(Code.CONFLICT, "cannot " + what + ": a mailbox of " + owner + " is being deleted");
        }
    }

    private static SyncException deletedMeanwhile(String owner) {
        return new SyncException(Code.CONFLICT, "a mailbox of " + owner + " was being deleted while its state was read");
    }

    private UserState readState() {
        try {
            List<MailboxState> mailboxes = new ArrayList<>();
            List<org.apache.james.mailbox.model.MailboxMetaData> found = mailboxManager
                // Minimal: with counters, James counts four mailboxes at once on this session, and
                // on JPA one session's EntityManager is not for several threads ("Connection is null").
                .search(MailboxQuery.privateMailboxesBuilder(session).matchesAllMailboxNames().build(),
                    MailboxManager.MailboxSearchFetchType.Minimal, session)
                .collectList().block();
            for (org.apache.james.mailbox.model.MailboxMetaData mailbox : found) {
                mailboxes.add(mailboxState(mailboxManager.getMailbox(mailbox.getMailbox(), session)));
            }
            List<String> subscriptions = subscriptionManager.subscriptions(session).stream()
                .map(MailboxPath::getName).collect(Collectors.toList());
            return new UserState(mailboxes, subscriptions, journal.tombstones(user.asString()));
        } catch (MailboxException e) {
            throw failure("cannot read the mail store of " + user.asString(), e);
        }
    }

    private MailboxState mailboxState(MessageManager mailbox) throws MailboxException {
        // UIDNEXT and the messages read together, under the read side of the lock James's appends
        // hold while they allocate a UID and store the message: on JPA the UID is committed first,
        // in its own transaction, and a read in between saw UIDNEXT past a message it did not
        // list (counter alignment then raised the twin's UIDNEXT over it, and the next session
        // gave the client's message another UID).
        MailboxContents contents = locker.executeWithLock(mailbox.getMailboxPath(), () -> new MailboxContents(
            mailbox.getMetaData(RecentMode.IGNORE, session, EnumSet.of(Item.NextUid, Item.HighestModSeq)),
            messages(mailbox, MessageRange.all(), FetchGroup.MINIMAL)), MailboxPathLocker.LockType.Read);
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
        List<MessageResult> results = Flux.from(mailbox.getMessagesReactive(range, group, session)).collectList().block();
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
                    throw failure("cannot read UID " + uid + " of " + mailbox.getMailboxPath().getName(), e);
                }
            }
        });
    }

    @Override
    public void createMailbox(String name, long uidValidity) {
        refuseWhileDeleting("create mailbox " + name);
        freshRequest();
        MailboxPath path = MailboxPath.forUser(user, name);
        try (UidValidityPin pin = UidValidityPin.take(user.asString(), name, uidValidity)) {
            if (mailboxManager.createMailbox(path, session).isEmpty()) {
                // James reports a concurrent creation (e.g. a client's first login) by an empty result.
                throw new SyncException(Code.CONFLICT, "mailbox " + name + " was created meanwhile");
            }
        } catch (MailboxExistsException e) {
            throw new SyncException(Code.CONFLICT, "mailbox " + name + " was created meanwhile", e);
        } catch (MailboxException e) {
            throw failure("cannot create mailbox " + name, e);
        }
        long created = uidValidity(open(name));
        if (created != uidValidity) {
            throw new SyncException(Code.FAILED, "mailbox " + name + " got UIDVALIDITY " + created + " instead of "
                + uidValidity + ": is the james-replicator agent loaded?");
        }
    }

    @Override
    public void replaceMailbox(String name, long oldUidValidity, int expectedMessages, long newUidValidity) {
        deleteMailbox(name, oldUidValidity, expectedMessages);
        createMailbox(name, newUidValidity);
    }

    /**
     * Runs a deletion while the mailbox refuses new messages (the agent's retirement), so
     * that what it counted is what it deletes: no delivery can slip in between.
     */
    private void whileRetired(MessageManager mailbox, String name, MailboxAction action) {
        MailboxId id = mailbox.getId();
        try {
            if (!MailboxRetirement.retire(id, RETIRE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SyncException(Code.CONFLICT, "mailbox " + name + " stayed busy with deliveries");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncException(Code.FAILED, "interrupted while deleting " + name, e);
        }
        boolean deleted = false;
        try {
            action.run();
            deleted = true;
        } catch (MailboxException e) {
            throw failure("cannot delete mailbox " + name, e);
        } finally {
            // A deleted mailbox stays retired for good: a writer that resolved it before the
            // delete and adds only now must fail (and retry), not store into nothing.
            if (!deleted) {
                MailboxRetirement.release(id);
            }
        }
    }

    private interface MailboxAction {
        void run() throws MailboxException;
    }

    @Override
    public MessageState append(String mailboxName, long uidValidity, MessageState message, MessageContent content) {
        freshRequest();
        return appendInRequest(mailboxName, uidValidity, message, content);
    }

    private MessageState appendInRequest(String mailboxName, long uidValidity, MessageState message, MessageContent content) {
        String hash = ContentCheck.verified(mailboxName, message, content);
        MessageManager mailbox = openWithUidValidity(mailboxName, uidValidity);
        try (MessagePin pin = MessagePin.take(message.internalDate(), message.uid(), message.modSeq(), content.startsThread())) {
            // James reads the content as a stream (more than once); the memory backend then keeps its own copy.
            AppendResult result = mailbox.appendMessage(MessageManager.AppendCommand.builder()
                .withInternalDate(pin.internalDate())
                .withFlags(FlagNames.toFlags(message.flags()))
                .recent()
                .build(new StreamedContent(content)), session);
            long uid = result.getId().getUid().asLong();
            if (uid != message.uid()) {
                throw new SyncException(Code.FAILED, "message stored as UID " + uid + " instead of " + message.uid()
                    + " in " + mailboxName + ": is the james-replicator agent loaded?");
            }
            hashes.remember(mailbox.getId().serialize(), uid, hash);
            long modSeq = pin.assignedModSeq() > 0 ? pin.assignedModSeq() : message.modSeq();
            return new MessageState(uid, modSeq, message.flags(), message.internalDate(), content.size(), hash);
        } catch (MailboxException | RuntimeException e) {
            if (e instanceof SyncException) {
                throw (SyncException) e;
            }
            if (causedByPinRefusal(e)) {
                throw new SyncException(Code.CONFLICT, "UID " + message.uid() + " is taken in " + mailboxName, e);
            }
            throw failure("cannot append UID " + message.uid() + " to " + mailboxName, e);
        }
    }

    /** The message's content as James holds it, read as a stream when sent or stored. */
    @Override
    public MessageContent fetch(String mailboxName, long uidValidity, long uid) {
        freshRequest();
        return read(mailboxName, uidValidity, uid, true);
    }

    /**
     * A copy within this server is threaded by James, which finds its original: whether that
     * original began a thread says nothing of where the copy belongs.
     */
    @Override
    public MessageState copy(String sourceMailbox, long sourceUidValidity, long sourceUid,
                             String mailbox, long uidValidity, MessageState message) {
        freshRequest();
        MessageState copied;
        // One request for both: James reads the source while it stores the copy.
        try (MessageContent content = read(sourceMailbox, sourceUidValidity, sourceUid, false)) {
            copied = appendInRequest(mailbox, uidValidity, message, content);
        }
        if (sourceUidValidity == uidValidity) {
            // A renumbering: recorded once the copy is made (a copy refused, say because a client
            // took the UID meanwhile, must leave no record), before the session goes on, so that
            // a session cut before it expunges the old UID leaves the two UIDs known as one message.
            Tombstones.Renumbered record = new Tombstones.Renumbered(uidValidity, sourceUid, message.uid(), MessageIdentity.of(message));
            journal.recordRenumbered(user.asString(), record);
            renumberedHere.add(record);
        }
        return copied;
    }

    private MessageContent read(String mailboxName, long uidValidity, long uid, boolean withThread) {
        MessageManager mailbox = openWithUidValidity(mailboxName, uidValidity);
        try {
            MessageResultIterator results = mailbox.getMessages(MessageRange.one(MessageUid.of(uid)), FetchGroup.FULL_CONTENT, session);
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
            throw failure("cannot read UID " + uid + " of " + mailboxName, e);
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

    /** A body on its way into James, which reads it as a stream (more than once). */
    private static final class StreamedContent implements Content {
        private final MessageContent content;

        StreamedContent(MessageContent content) {
            this.content = content;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return content.open();
        }

        @Override
        public long size() {
            return content.size();
        }
    }

    @Override
    public boolean expunge(String mailboxName, long uidValidity, long uid) {
        freshRequest();
        delete(openWithUidValidity(mailboxName, uidValidity), mailboxName, uid);
        // James's delete does not say what it removed, and looking costs a read each: not here.
        return true;
    }

    @Override
    public boolean expungeRenumbered(String mailboxName, long uidValidity, long uid) {
        freshRequest();
        MessageManager mailbox = openWithUidValidity(mailboxName, uidValidity);
        try {
            if (!mailbox.getMessages(MessageRange.one(MessageUid.of(uid)), FetchGroup.MINIMAL, session).hasNext()) {
                return false;
            }
        } catch (MailboxException e) {
            throw failure("cannot read UID " + uid + " of " + mailboxName, e);
        }
        delete(mailbox, mailboxName, uid);
        return true;
    }

    /**
     * On Derby an expunge racing a client's own expunge can be a deadlock's victim: Derby rolled it
     * back, and it runs again rather than failing the session.
     */
    private void delete(MessageManager mailbox, String mailboxName, long uid) {
        for (int attempt = 1; ; attempt++) {
            try {
                mailbox.delete(List.of(MessageUid.of(uid)), session);
                return;
            } catch (MailboxException e) {
                if (!runAgain(e, attempt, "expunge of UID " + uid + " in " + mailboxName)) {
                    throw failure("cannot expunge UID " + uid + " of " + mailboxName, e);
                }
            } catch (RuntimeException e) {
                if (!runAgain(e, attempt, "expunge of UID " + uid + " in " + mailboxName)) {
                    throw e;
                }
            }
        }
    }

    /** Whether a write that failed runs again: once the database rolled it back, in a fresh request. */
    private boolean runAgain(Exception failure, int attempt, String write) {
        if (attempt == TransactionRollbacks.ATTEMPTS || !TransactionRollbacks.rolledBack(failure)) {
            return false;
        }
        LOGGER.info("The database rolled back the {} of {} (attempt {}): running it again", write, user.asString(), attempt);
        freshRequest();
        return true;
    }

    @Override
    public void setFlags(String mailboxName, long uidValidity, long uid, List<String> flags, long modSeq) {
        freshRequest();
        MessageManager mailbox = openWithUidValidity(mailboxName, uidValidity);
        // No MODSEQ to pin (0): James chooses, and a null resource is not closed.
        try (FlagUpdatePin pin = modSeq > 0 ? FlagUpdatePin.take(modSeq) : null) {
            updateFlags(mailbox, FlagNames.toFlags(flags), MessageManager.FlagsUpdateMode.REPLACE, uid,
                "cannot set the flags of UID " + uid + " in " + mailboxName);
        }
    }

    private void updateFlags(MessageManager mailbox, Flags flags, MessageManager.FlagsUpdateMode mode, long uid,
                             String failure) {
        try {
            mailbox.setFlags(flags, mode, MessageRange.one(MessageUid.of(uid)), session);
        } catch (MailboxException e) {
            throw failure(failure, e);
        }
    }

    @Override
    public void raiseUidNext(String mailboxName, long uidValidity, long uidNext) {
        freshRequest();
        MessageManager mailbox = openWithUidValidity(mailboxName, uidValidity);
        try (UidRaisePin pin = UidRaisePin.take(uidNext - 1)) {
            // No message takes this UID: the provider only moves the mailbox's last UID up, under
            // the lock James's appends take (JPA's provider reads and writes the row unlocked).
            locker.executeWithLock(mailbox.getMailboxPath(), () -> uidProvider.nextUid(mailbox.getId()),
                MailboxPathLocker.LockType.Write);
        } catch (MailboxException e) {
            throw failure("cannot raise the UIDNEXT of " + mailboxName, e);
        }
    }

    @Override
    public void raiseModSeq(String mailboxName, long uidValidity, long uid, long modSeq, boolean messageToo) {
        freshRequest();
        MessageManager mailbox = openWithUidValidity(mailboxName, uidValidity);
        if (!messageToo) {
            raiseHighestModSeq(mailbox, mailboxName, modSeq);
            return;
        }
        try (FlagUpdatePin pin = FlagUpdatePin.takeForced(modSeq)) {
            // Adds no flag: forced, James still gives the message the MODSEQ it takes.
            updateFlags(mailbox, new Flags(), MessageManager.FlagsUpdateMode.ADD, uid,
                "cannot raise the MODSEQ of UID " + uid + " in " + mailboxName);
        }
    }

    /** No message takes this MODSEQ: the provider only moves the mailbox's highest up, as for an empty mailbox. */
    private void raiseHighestModSeq(MessageManager mailbox, String mailboxName, long modSeq) {
        try (FlagUpdatePin pin = FlagUpdatePin.take(modSeq)) {
            // Under the appends' lock, as the UIDNEXT raise.
            locker.executeWithLock(mailbox.getMailboxPath(), () -> modSeqProvider.nextModSeq(mailbox.getId()),
                MailboxPathLocker.LockType.Write);
        } catch (MailboxException e) {
            throw failure("cannot raise the HIGHESTMODSEQ of " + mailboxName, e);
        }
    }

    @Override
    public void deleteMailbox(String name, long uidValidity, int expectedMessages) {
        freshRequest();
        MessageManager mailbox = openWithUidValidity(name, uidValidity);
        whileRetired(mailbox, name, () -> {
            long count = mailbox.getMessageCount(session);
            if (count != expectedMessages) {
                throw new SyncException(Code.CONFLICT, "mailbox " + name + " holds " + count + " messages, not "
                    + expectedMessages + ": it changed meanwhile");
            }
            mailboxManager.deleteMailbox(mailbox.getId(), session);
        });
    }

    @Override
    public void renameMailbox(long uidValidity, String from, String to) {
        refuseWhileDeleting("rename " + from + " to " + to);
        freshRequest();
        try {
            MessageManager target = mailboxManager.getMailbox(MailboxPath.forUser(user, to), session);
            if (uidValidity(target) == uidValidity) {
                return;
            }
            throw new SyncException(Code.CONFLICT, "cannot rename " + from + " to " + to + ": another mailbox has that name");
        } catch (MailboxNotFoundException expected) {
            // the new name is free
        } catch (MailboxException e) {
            throw failure("cannot rename " + from + " to " + to, e);
        }
        MessageManager mailbox = openWithUidValidity(from, uidValidity);
        try {
            if (to.startsWith(from + SyncPlanner.HIERARCHY_DELIMITER)) {
                // Into its own subtree: James 3.8.1 renames the children after the mailbox, found
                // by the old name's prefix, and takes the renamed mailbox for one of them
                // (Work -> Work.Sub ends as Work.Sub.Sub). Two steps through a free name do not.
                mailboxManager.renameMailbox(mailbox.getId(), MailboxPath.forUser(user, subtreeRenameStep(uidValidity)), session);
            }
            mailboxManager.renameMailbox(mailbox.getId(), MailboxPath.forUser(user, to), session);
        } catch (MailboxException e) {
            throw failure("cannot rename " + from + " to " + to, e);
        }
    }

    /** A top-level name no user picks, for the first step of a rename into the mailbox's own subtree. */
    static String subtreeRenameStep(long uidValidity) {
        return "replicator-renaming-" + uidValidity;
    }

    @Override
    public void setSubscribed(String name, boolean subscribed) {
        freshRequest();
        try {
            if (subscribed) {
                subscriptionManager.subscribe(session, MailboxPath.forUser(user, name));
            } else {
                subscriptionManager.unsubscribe(session, MailboxPath.forUser(user, name));
            }
        } catch (MailboxException e) {
            throw failure("cannot " + (subscribed ? "subscribe to " : "unsubscribe from ") + name, e);
        }
    }

    @Override
    public void completeSync(CommonState agreed, Tombstones honoured) {
        // The plan ran to its end, expunges and all: its own renumberings are finished. Kept,
        // a record of a copy that was no renumbering (a user's second copy of a message in its
        // mailbox, made here from the first) would have the next session take it for a leftover.
        List<Tombstones.Renumbered> done = new ArrayList<>(honoured.renumbered());
        done.addAll(renumberedHere);
        journal.completeSync(user.asString(), agreed, honoured.withRenumbered(done));
    }

    private MessageManager openWithUidValidity(String name, long uidValidity) {
        MessageManager mailbox = open(name);
        long actual = uidValidity(mailbox);
        if (actual != uidValidity) {
            throw new SyncException(Code.CONFLICT, "mailbox " + name + " has UIDVALIDITY " + actual + ", not " + uidValidity);
        }
        return mailbox;
    }

    private MessageManager open(String name) {
        try {
            return mailboxManager.getMailbox(MailboxPath.forUser(user, name), session);
        } catch (MailboxNotFoundException e) {
            throw new SyncException(Code.NOT_FOUND, "no mailbox " + name, e);
        } catch (MailboxException e) {
            throw failure("cannot open mailbox " + name, e);
        }
    }

    private long uidValidity(MessageManager mailbox) {
        try {
            return mailbox.getMailboxEntity().getUidValidity().asLong();
        } catch (MailboxException e) {
            throw failure("cannot read the UIDVALIDITY of " + mailbox.getMailboxPath().getName(), e);
        }
    }

    private static boolean causedByPinRefusal(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PinRefusedException) {
                return true;
            }
        }
        return false;
    }

    private SyncException failure(String what, Exception cause) {
        return new SyncException(Code.FAILED, what + " (user " + user.asString() + "): " + cause.getMessage(), cause);
    }

    @Override
    public void close() {
        try {
            mailboxManager.endProcessingRequest(session);
        } finally {
            ownSessions.remove(session.getSessionId().getValue());
        }
    }
}

package dev.jamesreplicator.sync.james;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.mail.Flags;

import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageManager.AppendResult;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.deletion.DeletionFence;
import dev.jamesreplicator.deletion.MailboxRetirement;
import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.MessageIdentity;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.pin.FlagUpdatePin;
import dev.jamesreplicator.pin.MessagePin;
import dev.jamesreplicator.pin.PinRefusedException;
import dev.jamesreplicator.pin.UidRaisePin;
import dev.jamesreplicator.pin.UidValidityPin;
import dev.jamesreplicator.state.ContentHashes;
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.sync.ContentCheck;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.SyncException.Code;
import dev.jamesreplicator.sync.plan.SyncPlanner;

/**
 * Writes a plan's steps into a user's mail on this server through James's MailboxManager, each
 * under the agent's pin for the UIDVALIDITY, UID, MODSEQ or counter it must get
 * (docs/pinning.md), and each refused (CONFLICT) when the mailbox or message it counted on
 * changed meanwhile.
 */
final class JamesMailWriter {
    private static final Logger LOGGER = LoggerFactory.getLogger(JamesMailWriter.class);
    private static final Duration RETIRE_TIMEOUT = Duration.ofSeconds(10);

    private final JamesSession james;
    private final SubscriptionManager subscriptionManager;
    private final ContentHashes hashes;
    private final Journal journal;
    private final UidProvider uidProvider;
    private final ModSeqProvider modSeqProvider;
    /** The renumberings this session recorded: finished once its plan has run to its end. */
    private final List<Tombstones.Renumbered> renumberedHere = new ArrayList<>();

    JamesMailWriter(JamesSession james, SubscriptionManager subscriptionManager, ContentHashes hashes, Journal journal,
                    UidProvider uidProvider, ModSeqProvider modSeqProvider) {
        this.james = james;
        this.subscriptionManager = subscriptionManager;
        this.hashes = hashes;
        this.journal = journal;
        this.uidProvider = uidProvider;
        this.modSeqProvider = modSeqProvider;
    }

    /**
     * A mailbox of the user is being deleted: until its transaction ends the name may be taken or
     * free (on JPA the rows go at the commit, and a rollback brings them back), and James's
     * existence checks cannot tell. A create or rename now could give the store two mailboxes of
     * one name; the session plans again shortly.
     */
    private void refuseWhileDeleting(String what) {
        if (DeletionFence.quietMark(james.owner()) < 0) {
            throw new SyncException(Code.CONFLICT, "cannot " + what + ": a mailbox of " + james.owner() + " is being deleted");
        }
    }

    void createMailbox(String name, long uidValidity) {
        refuseWhileDeleting("create mailbox " + name);
        james.freshRequest();
        try (UidValidityPin pin = UidValidityPin.take(james.owner(), name, uidValidity)) {
            if (james.mailboxManager().createMailbox(james.path(name), james.session()).isEmpty()) {
                // James reports a concurrent creation (e.g. a client's first login) by an empty result.
                throw new SyncException(Code.CONFLICT, "mailbox " + name + " was created meanwhile");
            }
        } catch (MailboxExistsException e) {
            throw new SyncException(Code.CONFLICT, "mailbox " + name + " was created meanwhile", e);
        } catch (MailboxException e) {
            throw james.failure("cannot create mailbox " + name, e);
        }
        long created = james.uidValidity(james.open(name));
        if (created != uidValidity) {
            throw new SyncException(Code.FAILED, "mailbox " + name + " got UIDVALIDITY " + created + " instead of "
                + uidValidity + ": is the james-replicator agent loaded?");
        }
    }

    void replaceMailbox(String name, long oldUidValidity, int expectedMessages, long newUidValidity) {
        deleteMailbox(name, oldUidValidity, expectedMessages);
        createMailbox(name, newUidValidity);
    }

    void deleteMailbox(String name, long uidValidity, int expectedMessages) {
        james.freshRequest();
        MessageManager mailbox = james.openWithUidValidity(name, uidValidity);
        whileRetired(mailbox, name, () -> {
            long count = mailbox.getMessageCount(james.session());
            if (count != expectedMessages) {
                throw new SyncException(Code.CONFLICT, "mailbox " + name + " holds " + count + " messages, not "
                    + expectedMessages + ": it changed meanwhile");
            }
            james.mailboxManager().deleteMailbox(mailbox.getId(), james.session());
        });
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
            throw james.failure("cannot delete mailbox " + name, e);
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

    void renameMailbox(long uidValidity, String from, String to) {
        refuseWhileDeleting("rename " + from + " to " + to);
        james.freshRequest();
        try {
            MessageManager target = james.mailboxManager().getMailbox(james.path(to), james.session());
            if (james.uidValidity(target) == uidValidity) {
                return;
            }
            throw new SyncException(Code.CONFLICT, "cannot rename " + from + " to " + to + ": another mailbox has that name");
        } catch (MailboxNotFoundException expected) {
            // the new name is free
        } catch (MailboxException e) {
            throw james.failure("cannot rename " + from + " to " + to, e);
        }
        MessageManager mailbox = james.openWithUidValidity(from, uidValidity);
        try {
            if (to.startsWith(from + SyncPlanner.HIERARCHY_DELIMITER)) {
                // Into its own subtree: James 3.8.1 renames the children after the mailbox, found
                // by the old name's prefix, and takes the renamed mailbox for one of them
                // (Work -> Work.Sub ends as Work.Sub.Sub). Two steps through a free name do not.
                james.mailboxManager().renameMailbox(mailbox.getId(), james.path(subtreeRenameStep(uidValidity)), james.session());
            }
            james.mailboxManager().renameMailbox(mailbox.getId(), james.path(to), james.session());
        } catch (MailboxException e) {
            throw james.failure("cannot rename " + from + " to " + to, e);
        }
    }

    /** A top-level name no user picks, for the first step of a rename into the mailbox's own subtree. */
    static String subtreeRenameStep(long uidValidity) {
        return "replicator-renaming-" + uidValidity;
    }

    void setSubscribed(String name, boolean subscribed) {
        james.freshRequest();
        try {
            if (subscribed) {
                subscriptionManager.subscribe(james.session(), james.path(name));
            } else {
                subscriptionManager.unsubscribe(james.session(), james.path(name));
            }
        } catch (MailboxException e) {
            throw james.failure("cannot " + (subscribed ? "subscribe to " : "unsubscribe from ") + name, e);
        }
    }

    MessageState append(String mailboxName, long uidValidity, MessageState message, MessageContent content) {
        james.freshRequest();
        return appendInRequest(mailboxName, uidValidity, message, content);
    }

    /**
     * Stores {@code source}, a message of this server read in the session's current request (James
     * reads the source while it stores the copy), as {@code message}. A copy within one mailbox is
     * a renumbering, and recorded as one.
     */
    MessageState copy(MessageContent source, long sourceUidValidity, long sourceUid,
                      String mailbox, long uidValidity, MessageState message) {
        MessageState copied = appendInRequest(mailbox, uidValidity, message, source);
        if (sourceUidValidity == uidValidity) {
            // A renumbering: recorded once the copy is made (a copy refused, say because a client
            // took the UID meanwhile, must leave no record), before the session goes on, so that
            // a session cut before it expunges the old UID leaves the two UIDs known as one message.
            Tombstones.Renumbered record = new Tombstones.Renumbered(uidValidity, sourceUid, message.uid(), MessageIdentity.of(message));
            journal.recordRenumbered(james.owner(), record);
            renumberedHere.add(record);
        }
        return copied;
    }

    private MessageState appendInRequest(String mailboxName, long uidValidity, MessageState message, MessageContent content) {
        String hash = ContentCheck.verified(mailboxName, message, content);
        MessageManager mailbox = james.openWithUidValidity(mailboxName, uidValidity);
        try (MessagePin pin = MessagePin.take(message.internalDate(), message.uid(), message.modSeq(), content.startsThread())) {
            // James reads the content as a stream (more than once); the memory backend then keeps its own copy.
            AppendResult result = mailbox.appendMessage(MessageManager.AppendCommand.builder()
                .withInternalDate(pin.internalDate())
                .withFlags(FlagNames.toFlags(message.flags()))
                .recent()
                .build(new StreamedContent(content)), james.session());
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
            throw james.failure("cannot append UID " + message.uid() + " to " + mailboxName, e);
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

    boolean expunge(String mailboxName, long uidValidity, long uid) {
        james.freshRequest();
        delete(james.openWithUidValidity(mailboxName, uidValidity), mailboxName, uid);
        // James's delete does not say what it removed, and looking costs a read each: not here.
        return true;
    }

    boolean expungeRenumbered(String mailboxName, long uidValidity, long uid) {
        james.freshRequest();
        MessageManager mailbox = james.openWithUidValidity(mailboxName, uidValidity);
        try {
            if (!mailbox.getMessages(MessageRange.one(MessageUid.of(uid)), FetchGroup.MINIMAL, james.session()).hasNext()) {
                return false;
            }
        } catch (MailboxException e) {
            throw james.failure("cannot read UID " + uid + " of " + mailboxName, e);
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
                mailbox.delete(List.of(MessageUid.of(uid)), james.session());
                return;
            } catch (MailboxException e) {
                if (!runAgain(e, attempt, "expunge of UID " + uid + " in " + mailboxName)) {
                    throw james.failure("cannot expunge UID " + uid + " of " + mailboxName, e);
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
        LOGGER.info("The database rolled back the {} of {} (attempt {}): running it again", write, james.owner(), attempt);
        james.freshRequest();
        return true;
    }

    void setFlags(String mailboxName, long uidValidity, long uid, List<String> flags, long modSeq) {
        james.freshRequest();
        MessageManager mailbox = james.openWithUidValidity(mailboxName, uidValidity);
        // No MODSEQ to pin (0): James chooses, and a null resource is not closed.
        try (FlagUpdatePin pin = modSeq > 0 ? FlagUpdatePin.take(modSeq) : null) {
            updateFlags(mailbox, FlagNames.toFlags(flags), MessageManager.FlagsUpdateMode.REPLACE, uid,
                "cannot set the flags of UID " + uid + " in " + mailboxName);
        }
    }

    private void updateFlags(MessageManager mailbox, Flags flags, MessageManager.FlagsUpdateMode mode, long uid,
                             String failure) {
        try {
            mailbox.setFlags(flags, mode, MessageRange.one(MessageUid.of(uid)), james.session());
        } catch (MailboxException e) {
            throw james.failure(failure, e);
        }
    }

    void raiseUidNext(String mailboxName, long uidValidity, long uidNext) {
        james.freshRequest();
        MessageManager mailbox = james.openWithUidValidity(mailboxName, uidValidity);
        try (UidRaisePin pin = UidRaisePin.take(uidNext - 1)) {
            // No message takes this UID: the provider only moves the mailbox's last UID up, under
            // the lock James's appends take (JPA's provider reads and writes the row unlocked).
            raiseUnderLock(mailbox, () -> uidProvider.nextUid(mailbox.getId()), "the UIDNEXT of " + mailboxName);
        }
    }

    void raiseModSeq(String mailboxName, long uidValidity, long uid, long modSeq, boolean messageToo) {
        james.freshRequest();
        MessageManager mailbox = james.openWithUidValidity(mailboxName, uidValidity);
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
            raiseUnderLock(mailbox, () -> modSeqProvider.nextModSeq(mailbox.getId()), "the HIGHESTMODSEQ of " + mailboxName);
        }
    }

    /** A counter's raise through its provider, under the write side of the lock James's appends take. */
    private void raiseUnderLock(MessageManager mailbox, MailboxPathLocker.LockAwareExecution<?> raise, String counter) {
        try {
            james.withLock(mailbox, MailboxPathLocker.LockType.Write, raise);
        } catch (MailboxException e) {
            throw james.failure("cannot raise " + counter, e);
        }
    }

    /** The plan ran through: the journal keeps what both sides agreed on, and drops the tombstones honoured. */
    void completeSync(CommonState agreed, Tombstones honoured) {
        // The plan ran to its end, expunges and all: its own renumberings are finished. Kept,
        // a record of a copy that was no renumbering (a user's second copy of a message in its
        // mailbox, made here from the first) would have the next session take it for a leftover.
        List<Tombstones.Renumbered> done = new ArrayList<>(honoured.renumbered());
        done.addAll(renumberedHere);
        journal.completeSync(james.owner(), agreed, honoured.withRenumbered(done));
    }
}

package dev.jamesreplicator.sync;

import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.model.UserState;

/**
 * One side of a sync session: this server's James, or the twin's over the wire. The applier
 * drives both through this interface, so local and remote steps are the same code. Message
 * bodies pass as {@link MessageContent}: streamed, never held whole in memory.
 */
public interface MailStore extends AutoCloseable {
    UserState state();

    /** Creates the mailbox with exactly this UIDVALIDITY. */
    void createMailbox(String name, long uidValidity);

    /**
     * Deletes the mailbox {@code name} if it still has {@code oldUidValidity} and holds exactly
     * {@code expectedMessages} messages (no add can slip in between the count and the delete),
     * then creates it again with {@code newUidValidity}. Refuses with CONFLICT otherwise.
     */
    void replaceMailbox(String name, long oldUidValidity, int expectedMessages, long newUidValidity);

    /**
     * Stores a message with exactly its UID (and its MODSEQ when still possible), flags and
     * internal date, into the mailbox if its UIDVALIDITY is still {@code uidValidity}. The side
     * that stores it checks first that {@code content} has the size and SHA-256 of
     * {@code message}: a body cut short or damaged on its way is refused (FAILED) and nothing is
     * stored. The caller keeps and closes {@code content}.
     *
     * @return the message as stored (its MODSEQ may be higher than asked)
     */
    MessageState append(String mailbox, long uidValidity, MessageState message, MessageContent content);

    /** The raw bytes of a message, for the caller to read and then close. */
    MessageContent fetch(String mailbox, long uidValidity, long uid);

    /**
     * Stores, as {@code message} in {@code mailbox}, a copy of a message this same side holds
     * (under another UID, or in another mailbox): the body stays on this side, never crosses the
     * wire. Checked and refused like {@link #append}.
     */
    default MessageState copy(String sourceMailbox, long sourceUidValidity, long sourceUid,
                              String mailbox, long uidValidity, MessageState message) {
        try (MessageContent content = fetch(sourceMailbox, sourceUidValidity, sourceUid)) {
            return append(mailbox, uidValidity, message, content);
        }
    }

    /** Removes one message, if it is still there; false when it says it was not (a store may not look). */
    boolean expunge(String mailbox, long uidValidity, long uid);

    /**
     * Removes a renumbering's old UID, whose message the plan has just copied to a new one.
     * Returns false when it was no longer there: within a session only a client of this server
     * removes a message the plan counted on, and the applier then removes the copy too. Unlike
     * {@link #expunge}, it must look, which may cost a read.
     */
    default boolean expungeRenumbered(String mailbox, long uidValidity, long uid) {
        return expunge(mailbox, uidValidity, uid);
    }

    /** Sets a message's flags and keywords to exactly these, with this MODSEQ when it is still above the mailbox's highest. */
    void setFlags(String mailbox, long uidValidity, long uid, java.util.List<String> flags, long modSeq);

    /** Raises the mailbox's UIDNEXT to {@code uidNext} (UIDs are never reused); one already there or above stays. */
    void raiseUidNext(String mailbox, long uidValidity, long uidNext);

    /**
     * Raises MODSEQs without changing flags: message {@code uid} and the HIGHESTMODSEQ take
     * {@code modSeq} ({@code messageToo}), or only the HIGHESTMODSEQ does, no message taking it
     * ({@code uid} unused: an empty mailbox is raised too). A value at or below the HIGHESTMODSEQ
     * gets the next one instead; a message that is gone is no error.
     */
    void raiseModSeq(String mailbox, long uidValidity, long uid, long modSeq, boolean messageToo);

    /** Deletes the mailbox if it still has this UIDVALIDITY and exactly {@code expectedMessages} messages. */
    void deleteMailbox(String name, long uidValidity, int expectedMessages);

    /** Renames the mailbox with this UIDVALIDITY from {@code from} to {@code to}; done already is fine. */
    void renameMailbox(long uidValidity, String from, String to);

    void setSubscribed(String name, boolean subscribed);

    /** The sync succeeded: remember the agreed state as the next base and drop the honoured tombstones. */
    void completeSync(CommonState agreed, Tombstones honoured);

    /** The largest message this store sends or takes over the wire ({@code <maxMessageSize>}); unlimited when local. */
    default long maxMessageBytes() {
        return Long.MAX_VALUE;
    }

    /** This side's part of the session is over. */
    @Override
    default void close() {
    }
}

package dev.jamesreplicator.sync.plan;

import java.util.List;

import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Side;

/**
 * One typed step of a {@link SyncPlan}, applied to its target side. Plain data: the planner
 * makes them without I/O, the applier carries them out.
 *
 * <p>Whatever acts on each kind of operation does it through a {@link Visitor}, so a new kind
 * does not compile until every such place says what it does with it. The constructor is
 * package-private: the kinds below are all there are.
 */
public abstract class SyncOperation {
    private final Side target;

    SyncOperation(Side target) {
        this.target = target;
    }

    public Side target() {
        return target;
    }

    /** Calls the {@code visitor}'s method for this kind of operation and returns what it returns. */
    public abstract <R> R accept(Visitor<R> visitor);

    /** One method per kind of operation. */
    public interface Visitor<R> {
        R visit(CreateMailbox create);

        R visit(ReplaceMailbox replace);

        R visit(CopyMessage copy);

        R visit(ExpungeMessage expunge);

        R visit(SetFlags set);

        R visit(DeleteMailbox delete);

        R visit(RenameMailbox rename);

        R visit(Subscribe subscribe);

        R visit(RaiseModSeq raise);

        R visit(RaiseUidNext raise);
    }

    /** Create a mailbox that only the other side has, with the other side's UIDVALIDITY. */
    public static final class CreateMailbox extends SyncOperation {
        private final String name;
        private final long uidValidity;

        public CreateMailbox(Side target, String name, long uidValidity) {
            super(target);
            this.name = name;
            this.uidValidity = uidValidity;
        }

        public String name() {
            return name;
        }

        public long uidValidity() {
            return uidValidity;
        }

        @Override
        public String toString() {
            return "create " + name + " (uidvalidity " + uidValidity + ") on " + target();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /**
     * Replace a mailbox that lost a UIDVALIDITY conflict, once its messages are safe on the
     * winner's side, by an empty one with the winner's UIDVALIDITY.
     */
    public static final class ReplaceMailbox extends SyncOperation {
        private final String name;
        private final long oldUidValidity;
        private final int expectedMessages;
        private final long newUidValidity;

        public ReplaceMailbox(Side target, String name, long oldUidValidity, int expectedMessages, long newUidValidity) {
            super(target);
            this.name = name;
            this.oldUidValidity = oldUidValidity;
            this.expectedMessages = expectedMessages;
            this.newUidValidity = newUidValidity;
        }

        public String name() {
            return name;
        }

        public long oldUidValidity() {
            return oldUidValidity;
        }

        public int expectedMessages() {
            return expectedMessages;
        }

        public long newUidValidity() {
            return newUidValidity;
        }

        @Override
        public String toString() {
            return "replace " + name + " (uidvalidity " + oldUidValidity + ", " + expectedMessages
                + " messages) by uidvalidity " + newUidValidity + " on " + target();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /**
     * Copy a message into the target. Usually from the other side under the same UID, into a
     * mailbox of the same UIDVALIDITY; a message merged out of a mailbox that lost a
     * UIDVALIDITY conflict comes from the loser's UIDVALIDITY and UID, and a message moved away
     * from a UID both sides used for different messages comes from the target side itself.
     */
    public static final class CopyMessage extends SyncOperation {
        private final Side source;
        private final String sourceMailbox;
        private final String mailbox;
        private final long sourceUidValidity;
        private final long sourceUid;
        private final long uidValidity;
        private final MessageState message;

        public CopyMessage(Side target, String mailbox, long uidValidity, MessageState message) {
            this(target.other(), target, mailbox, uidValidity, message.uid(), uidValidity, message);
        }

        public CopyMessage(Side source, Side target, String mailbox, long sourceUidValidity, long sourceUid,
                           long uidValidity, MessageState message) {
            this(source, mailbox, sourceUidValidity, sourceUid, target, mailbox, uidValidity, message);
        }

        public CopyMessage(Side source, String sourceMailbox, long sourceUidValidity, long sourceUid,
                           Side target, String mailbox, long uidValidity, MessageState message) {
            super(target);
            this.source = source;
            this.sourceMailbox = sourceMailbox;
            this.mailbox = mailbox;
            this.sourceUidValidity = sourceUidValidity;
            this.sourceUid = sourceUid;
            this.uidValidity = uidValidity;
            this.message = message;
        }

        /** The same copy, but from a message with the same content the target side already holds: no body on the wire. */
        public CopyMessage fromTargetSide(String localMailbox, long localUidValidity, long localUid) {
            return new CopyMessage(target(), localMailbox, localUidValidity, localUid, target(), mailbox, uidValidity, message);
        }

        public String sourceMailbox() {
            return sourceMailbox;
        }

        public Side source() {
            return source;
        }

        public String mailbox() {
            return mailbox;
        }

        public long sourceUidValidity() {
            return sourceUidValidity;
        }

        public long sourceUid() {
            return sourceUid;
        }

        /** The target mailbox's UIDVALIDITY. */
        public long uidValidity() {
            return uidValidity;
        }

        /** The message as the target must store it (its UID is the target UID). */
        public MessageState message() {
            return message;
        }

        @Override
        public String toString() {
            boolean plain = source == target().other() && sourceMailbox.equals(mailbox) && sourceUidValidity == uidValidity
                && sourceUid == message.uid();
            String from = plain ? "" : " (from " + source + (sourceMailbox.equals(mailbox) ? "" : " " + sourceMailbox)
                + " uidvalidity " + sourceUidValidity + " uid " + sourceUid + ")";
            return "copy " + mailbox + " " + message + from + " to " + target();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** Remove one message; only ever planned once its content is safe under another UID on both sides. */
    public static final class ExpungeMessage extends SyncOperation {
        private final String mailbox;
        private final long uidValidity;
        private final long uid;
        private final long renumberedTo;

        public ExpungeMessage(Side target, String mailbox, long uidValidity, long uid) {
            this(target, mailbox, uidValidity, uid, 0);
        }

        /** The old UID of a renumbering, whose message this plan copied to {@code renumberedTo} on both sides. */
        public ExpungeMessage(Side target, String mailbox, long uidValidity, long uid, long renumberedTo) {
            super(target);
            this.mailbox = mailbox;
            this.uidValidity = uidValidity;
            this.uid = uid;
            this.renumberedTo = renumberedTo;
        }

        /** The UID this plan gave the message on both sides, or 0 when the expunge is no renumbering's. */
        public long renumberedTo() {
            return renumberedTo;
        }

        public String mailbox() {
            return mailbox;
        }

        public long uidValidity() {
            return uidValidity;
        }

        public long uid() {
            return uid;
        }

        @Override
        public String toString() {
            return "expunge " + mailbox + " uid " + uid + " on " + target();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** Set a message's flags and keywords to exactly these (the three-way merge's result). */
    public static final class SetFlags extends SyncOperation {
        private final String mailbox;
        private final long uidValidity;
        private final long uid;
        private final List<String> flags;
        private final long modSeq;

        public SetFlags(Side target, String mailbox, long uidValidity, long uid, List<String> flags, long modSeq) {
            super(target);
            this.modSeq = modSeq;
            this.mailbox = mailbox;
            this.uidValidity = uidValidity;
            this.uid = uid;
            this.flags = flags;
        }

        public String mailbox() {
            return mailbox;
        }

        public long uidValidity() {
            return uidValidity;
        }

        public long uid() {
            return uid;
        }

        public List<String> flags() {
            return flags;
        }

        /** The MODSEQ the change should get on both sides (above both HIGHESTMODSEQs). */
        public long modSeq() {
            return modSeq;
        }

        @Override
        public String toString() {
            return "set flags of " + mailbox + " uid " + uid + " to " + flags + " on " + target();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** Delete a mailbox the other side's user deleted, if it still holds exactly the messages planned. */
    public static final class DeleteMailbox extends SyncOperation {
        private final String name;
        private final long uidValidity;
        private final int expectedMessages;

        public DeleteMailbox(Side target, String name, long uidValidity, int expectedMessages) {
            super(target);
            this.name = name;
            this.uidValidity = uidValidity;
            this.expectedMessages = expectedMessages;
        }

        public String name() {
            return name;
        }

        public long uidValidity() {
            return uidValidity;
        }

        public int expectedMessages() {
            return expectedMessages;
        }

        @Override
        public String toString() {
            return "delete " + name + " (uidvalidity " + uidValidity + ") on " + target();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** Rename the mailbox with this UIDVALIDITY (its children follow, as in IMAP). */
    public static final class RenameMailbox extends SyncOperation {
        private final long uidValidity;
        private final String from;
        private final String to;

        public RenameMailbox(Side target, long uidValidity, String from, String to) {
            super(target);
            this.uidValidity = uidValidity;
            this.from = from;
            this.to = to;
        }

        public long uidValidity() {
            return uidValidity;
        }

        public String from() {
            return from;
        }

        public String to() {
            return to;
        }

        @Override
        public String toString() {
            return "rename " + from + " to " + to + " (uidvalidity " + uidValidity + ") on " + target();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** Subscribe to, or unsubscribe from, a mailbox name. */
    public static final class Subscribe extends SyncOperation {
        private final String name;
        private final boolean subscribed;

        public Subscribe(Side target, String name, boolean subscribed) {
            super(target);
            this.name = name;
            this.subscribed = subscribed;
        }

        public String name() {
            return name;
        }

        public boolean subscribed() {
            return subscribed;
        }

        @Override
        public String toString() {
            return (subscribed ? "subscribe " : "unsubscribe ") + name + " on " + target();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /**
     * Raise a MODSEQ on the side whose value is lower, without changing any flag: the message's
     * own MODSEQ and the mailbox's HIGHESTMODSEQ ({@code messageToo}), or the HIGHESTMODSEQ
     * alone, which James raises through a flag update of one of the mailbox's messages
     * ({@code uid}) that changes nothing.
     */
    public static final class RaiseModSeq extends SyncOperation {
        private final String mailbox;
        private final long uidValidity;
        private final long uid;
        private final long modSeq;
        private final boolean messageToo;

        public RaiseModSeq(Side target, String mailbox, long uidValidity, long uid, long modSeq, boolean messageToo) {
            super(target);
            this.mailbox = mailbox;
            this.uidValidity = uidValidity;
            this.uid = uid;
            this.modSeq = modSeq;
            this.messageToo = messageToo;
        }

        public String mailbox() {
            return mailbox;
        }

        public long uidValidity() {
            return uidValidity;
        }

        public long uid() {
            return uid;
        }

        public long modSeq() {
            return modSeq;
        }

        /** True: message {@code uid} takes {@code modSeq}; false: only the HIGHESTMODSEQ does ({@code uid} unused). */
        public boolean messageToo() {
            return messageToo;
        }

        @Override
        public String toString() {
            return "raise " + (messageToo ? "the MODSEQ of " + mailbox + " uid " + uid : "the HIGHESTMODSEQ of " + mailbox)
                + " to " + modSeq + " on " + target();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** Raise the mailbox's UIDNEXT on the side where it is lower: no message takes the UIDs skipped. */
    public static final class RaiseUidNext extends SyncOperation {
        private final String mailbox;
        private final long uidValidity;
        private final long uidNext;

        public RaiseUidNext(Side target, String mailbox, long uidValidity, long uidNext) {
            super(target);
            this.mailbox = mailbox;
            this.uidValidity = uidValidity;
            this.uidNext = uidNext;
        }

        public String mailbox() {
            return mailbox;
        }

        public long uidValidity() {
            return uidValidity;
        }

        public long uidNext() {
            return uidNext;
        }

        @Override
        public String toString() {
            return "raise the UIDNEXT of " + mailbox + " to " + uidNext + " on " + target();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }
}

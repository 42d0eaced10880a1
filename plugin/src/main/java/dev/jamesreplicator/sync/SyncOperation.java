package dev.jamesreplicator.sync;

/**
 * One typed step of a {@link SyncPlan}, applied to its target side. Plain data: the planner
 * makes them without I/O, the applier carries them out.
 */
public abstract class SyncOperation {
    private final Side target;

    SyncOperation(Side target) {
        this.target = target;
    }

    public Side target() {
        return target;
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
    }

    /**
     * Copy a message into the target. Usually from the other side under the same UID, into a
     * mailbox of the same UIDVALIDITY; a message merged out of a mailbox that lost a
     * UIDVALIDITY conflict comes from the loser's UIDVALIDITY and UID, and a message moved away
     * from a UID both sides used for different messages comes from the target side itself.
     */
    public static final class CopyMessage extends SyncOperation {
        private final Side source;
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
            super(target);
            this.source = source;
            this.mailbox = mailbox;
            this.sourceUidValidity = sourceUidValidity;
            this.sourceUid = sourceUid;
            this.uidValidity = uidValidity;
            this.message = message;
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
            String from = source == target().other() && sourceUidValidity == uidValidity && sourceUid == message.uid() ? ""
                : " (from " + source + " uidvalidity " + sourceUidValidity + " uid " + sourceUid + ")";
            return "copy " + mailbox + " " + message + from + " to " + target();
        }
    }

    /** Remove one message; only ever planned once its content is safe under another UID on both sides. */
    public static final class ExpungeMessage extends SyncOperation {
        private final String mailbox;
        private final long uidValidity;
        private final long uid;

        public ExpungeMessage(Side target, String mailbox, long uidValidity, long uid) {
            super(target);
            this.mailbox = mailbox;
            this.uidValidity = uidValidity;
            this.uid = uid;
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
    }
}

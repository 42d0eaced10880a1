package dev.jamesreplicator.sync;

import dev.jamesreplicator.model.Side;

/**
 * What one sync session exchanged with the twin, for logs, status and metrics: the traffic on
 * the replication connection (frames and bytes each way, handshake included), the message
 * bodies that crossed it, the message entries of the twin's state it received, and how the
 * twin's mailboxes were read (incrementally or whole).
 */
public final class SyncStats {
    private boolean full;
    private int mailboxesCreated;
    private int messagesSent;
    private int messagesReceived;
    private long bytesSent;
    private long bytesReceived;
    private long framesSent;
    private long framesReceived;
    private long wireBytesSent;
    private long wireBytesReceived;
    private long stateEntriesReceived;
    private long mailboxesWhole;
    private long mailboxesIncremental;
    private long mailboxesResent;
    private long commonEntriesSent;
    private boolean followUpNeeded;

    void full(boolean full) {
        this.full = full;
    }

    void mailboxCreated() {
        mailboxesCreated++;
    }

    void messageCopied(Side source, Side target, long bytes) {
        if (source == target) {
            return;
        }
        if (target == Side.REMOTE) {
            messagesSent++;
            bytesSent += bytes;
        } else {
            messagesReceived++;
            bytesReceived += bytes;
        }
    }

    public void stateRead(long entries, long whole, long incremental) {
        stateEntriesReceived += entries;
        mailboxesWhole += whole;
        mailboxesIncremental += incremental;
    }

    public void mailboxesResent(long count) {
        mailboxesResent += count;
    }

    public void commonEntriesSent(long entries) {
        commonEntriesSent += entries;
    }

    void wire(long framesOut, long bytesOut, long framesIn, long bytesIn) {
        framesSent = framesOut;
        wireBytesSent = bytesOut;
        framesReceived = framesIn;
        wireBytesReceived = bytesIn;
    }

    public void followUpNeeded() {
        followUpNeeded = true;
    }

    /** The session left work only another session can do (a mailbox under two names): sync the user again. */
    public boolean isFollowUpNeeded() {
        return followUpNeeded;
    }

    /** A full session: every mailbox checked against the twin's digest of it. */
    public boolean full() {
        return full;
    }

    public int mailboxesCreated() {
        return mailboxesCreated;
    }

    /** Message bodies sent to the twin. */
    public int messagesSent() {
        return messagesSent;
    }

    /** Message bodies received from the twin. */
    public int messagesReceived() {
        return messagesReceived;
    }

    /** Bytes of the message bodies sent. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Bytes of the message bodies received. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** Frames sent on the replication connection, as on the wire (a body is its chunks and end). */
    public long framesSent() {
        return framesSent;
    }

    public long framesReceived() {
        return framesReceived;
    }

    /** Everything sent on the replication connection (frame headers and payloads, before TLS). */
    public long wireBytesSent() {
        return wireBytesSent;
    }

    public long wireBytesReceived() {
        return wireBytesReceived;
    }

    /** Message entries (UID, MODSEQ, flags, ...) in the twin's answers to STATE. */
    public long stateEntriesReceived() {
        return stateEntriesReceived;
    }

    /** The twin's mailboxes that came whole (no usable common state, a full fallback, a new mailbox). */
    public long mailboxesWhole() {
        return mailboxesWhole;
    }

    /** The twin's mailboxes that came as changes since the common state. */
    public long mailboxesIncremental() {
        return mailboxesIncremental;
    }

    /** Mailboxes asked for again, whole, because their changes did not add up. */
    public long mailboxesResent() {
        return mailboxesResent;
    }

    /** Entries of the new common state sent to the twin at the end (its changes, or all of it). */
    public long commonEntriesSent() {
        return commonEntriesSent;
    }

    @Override
    public String toString() {
        return (full ? "full" : "incremental") + ": " + mailboxesCreated + " mailboxes created, "
            + messagesSent + " messages sent (" + bytesSent + " bytes), "
            + messagesReceived + " received (" + bytesReceived + " bytes); state: " + stateEntriesReceived + " entries received, "
            + mailboxesIncremental + " mailboxes incremental, " + mailboxesWhole + " whole, " + mailboxesResent + " resent; "
            + commonEntriesSent + " common-state entries sent; wire: " + framesSent + " frames (" + wireBytesSent + " bytes) sent, "
            + framesReceived + " frames (" + wireBytesReceived + " bytes) received";
    }
}

package dev.jamesreplicator.sync;

/** What one sync session moved, for logs, status and the incremental-sync counters. */
public final class SyncStats {
    private int mailboxesCreated;
    private int messagesSent;
    private int messagesReceived;
    private long bytesSent;
    private long bytesReceived;

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

    public int mailboxesCreated() {
        return mailboxesCreated;
    }

    public int messagesSent() {
        return messagesSent;
    }

    public int messagesReceived() {
        return messagesReceived;
    }

    public long bytesSent() {
        return bytesSent;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public String toString() {
        return mailboxesCreated + " mailboxes created, " + messagesSent + " messages sent (" + bytesSent + " bytes), "
            + messagesReceived + " received (" + bytesReceived + " bytes)";
    }
}

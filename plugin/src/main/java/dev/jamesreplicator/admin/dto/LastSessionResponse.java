package dev.jamesreplicator.admin.dto;

import dev.jamesreplicator.replicator.LastSessions;
import dev.jamesreplicator.sync.SyncStats;

/** What a user's last successful session exchanged with the twin ({@code SyncStats}). */
public final class LastSessionResponse {
    public final String type;
    public final String finishedAt;
    public final long millis;
    public final long framesSent;
    public final long framesReceived;
    public final long wireBytesSent;
    public final long wireBytesReceived;
    public final long stateEntriesReceived;
    public final long mailboxesIncremental;
    public final long mailboxesWhole;
    public final long mailboxesResent;
    public final long commonEntriesSent;
    public final int messagesSent;
    public final int messagesReceived;
    public final long bytesSent;
    public final long bytesReceived;
    public final int mailboxesCreated;

    public LastSessionResponse(String type, String finishedAt, long millis, long framesSent, long framesReceived,
            long wireBytesSent, long wireBytesReceived, long stateEntriesReceived, long mailboxesIncremental,
            long mailboxesWhole, long mailboxesResent, long commonEntriesSent, int messagesSent, int messagesReceived,
            long bytesSent, long bytesReceived, int mailboxesCreated) {
        this.type = type;
        this.finishedAt = finishedAt;
        this.millis = millis;
        this.framesSent = framesSent;
        this.framesReceived = framesReceived;
        this.wireBytesSent = wireBytesSent;
        this.wireBytesReceived = wireBytesReceived;
        this.stateEntriesReceived = stateEntriesReceived;
        this.mailboxesIncremental = mailboxesIncremental;
        this.mailboxesWhole = mailboxesWhole;
        this.mailboxesResent = mailboxesResent;
        this.commonEntriesSent = commonEntriesSent;
        this.messagesSent = messagesSent;
        this.messagesReceived = messagesReceived;
        this.bytesSent = bytesSent;
        this.bytesReceived = bytesReceived;
        this.mailboxesCreated = mailboxesCreated;
    }

    public static LastSessionResponse of(LastSessions.Report report) {
        SyncStats stats = report.stats();
        return new LastSessionResponse(stats.full() ? "full" : "incremental", report.finishedAt().toString(),
            report.took().toMillis(), stats.framesSent(), stats.framesReceived(), stats.wireBytesSent(),
            stats.wireBytesReceived(), stats.stateEntriesReceived(), stats.mailboxesIncremental(), stats.mailboxesWhole(),
            stats.mailboxesResent(), stats.commonEntriesSent(), stats.messagesSent(), stats.messagesReceived(),
            stats.bytesSent(), stats.bytesReceived(), stats.mailboxesCreated());
    }
}

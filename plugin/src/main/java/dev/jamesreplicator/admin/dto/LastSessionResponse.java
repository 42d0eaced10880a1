package dev.jamesreplicator.admin.dto;

import dev.jamesreplicator.replicator.LastSessions;
import dev.jamesreplicator.sync.SyncStats;

/** What a user's last successful session exchanged with the twin ({@link SyncStats}). */
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

    public LastSessionResponse(LastSessions.Report report) {
        SyncStats stats = report.stats();
        this.type = stats.full() ? "full" : "incremental";
        this.finishedAt = report.finishedAt().toString();
        this.millis = report.took().toMillis();
        this.framesSent = stats.framesSent();
        this.framesReceived = stats.framesReceived();
        this.wireBytesSent = stats.wireBytesSent();
        this.wireBytesReceived = stats.wireBytesReceived();
        this.stateEntriesReceived = stats.stateEntriesReceived();
        this.mailboxesIncremental = stats.mailboxesIncremental();
        this.mailboxesWhole = stats.mailboxesWhole();
        this.mailboxesResent = stats.mailboxesResent();
        this.commonEntriesSent = stats.commonEntriesSent();
        this.messagesSent = stats.messagesSent();
        this.messagesReceived = stats.messagesReceived();
        this.bytesSent = stats.bytesSent();
        this.bytesReceived = stats.bytesReceived();
        this.mailboxesCreated = stats.mailboxesCreated();
    }
}

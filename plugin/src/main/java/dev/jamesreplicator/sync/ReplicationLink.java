package dev.jamesreplicator.sync;

import javax.inject.Singleton;

/**
 * An administrator's switch for this server's side of the replication link: while paused, no
 * sync session starts from here or is served here; changes keep being recorded and queued, and
 * replicate once it is resumed. For maintenance, and for testing conflicts with the link cut.
 */
@Singleton
public class ReplicationLink {
    private volatile boolean paused;

    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    public boolean isPaused() {
        return paused;
    }

    public void refuseIfPaused() {
        if (paused) {
            throw new SyncException(SyncException.Code.BUSY, "the replication link is paused by an administrator");
        }
    }
}

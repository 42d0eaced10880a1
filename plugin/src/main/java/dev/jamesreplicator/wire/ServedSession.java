package dev.jamesreplicator.wire;

import java.util.List;

/** What the replica server runs for one authenticated connection of the twin. */
public interface ServedSession {
    /**
     * Handles one frame from the twin and returns the frames to answer with (maybe none). A BODY
     * received is released when this returns; a BODY answered is streamed, then closed.
     */
    List<Frame> onFrame(Frame frame);

    /**
     * The connection ended, normally or not, or the twin ended the session (END) to run another
     * on the same connection: release whatever the session holds.
     */
    void close();

    /** Opens a session for a twin that has authenticated as {@code peerNode}, at authentication and after each END. */
    interface Factory {
        ServedSession open(String peerNode);
    }
}

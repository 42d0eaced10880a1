package dev.jamesreplicator.hold;

import java.util.concurrent.CompletionStage;

/**
 * What the plugin tells the agent about new mail: whether an append that has just been stored
 * must wait for the twin before its client hears OK (synchronous replication).
 */
@FunctionalInterface
public interface NewMailHold {

    /**
     * Called once per appended message, after James has stored it, dispatched its event and
     * released the mailbox lock. Must not block.
     *
     * @param owner the owner of the mailbox, as {@code Username.asString()}
     * @param sessionId the id of the mailbox session that appended
     * @return a stage that completes when the client may hear OK, or null to answer at once
     */
    CompletionStage<?> afterAppend(String owner, long sessionId);
}

package dev.jamesreplicator.sync;

import java.io.IOException;

import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.sync.SyncException.Code;

/**
 * What a store checks before it stores a body: the size and SHA-256 the plan saw on the source
 * side. A body cut short or damaged on its way is refused, and nothing is stored.
 */
public final class ContentCheck {
    private ContentCheck() {
    }

    /** The content's SHA-256, once it matches {@code expected}; else a FAILED refusal. */
    public static String verified(String mailbox, MessageState expected, MessageContent content) {
        String hash;
        try {
            hash = content.sha256();
        } catch (IOException e) {
            throw new SyncException(Code.FAILED, "cannot read the body of UID " + expected.uid() + " for " + mailbox + ": "
                + e.getMessage(), e);
        }
        boolean sizeDiffers = content.size() != expected.size();
        boolean hashDiffers = expected.hash() != null && !expected.hash().equals(hash);
        if (sizeDiffers || hashDiffers) {
            throw new SyncException(Code.FAILED, "the body of UID " + expected.uid() + " for " + mailbox + " came as "
                + content.size() + " bytes with SHA-256 " + hash + ", not the " + expected.size() + " bytes with SHA-256 "
                + expected.hash() + " the source holds; not stored");
        }
        return hash;
    }
}

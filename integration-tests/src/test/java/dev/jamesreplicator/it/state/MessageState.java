package dev.jamesreplicator.it.state;

import java.time.Instant;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One message as an IMAP client sees it. {@code \Recent} is left out of the flags: it is
 * per-session and each server resets it on its own SELECT.
 *
 * @param messageId the Message-ID header, or null when the message has none
 */
public record MessageState(long uid, SortedSet<String> flags, Instant internalDate, long size,
                           String sha256, String bodySha256, String messageId) {

    public MessageState {
        flags = Collections.unmodifiableSortedSet(new TreeSet<>(flags));
    }

    /** A short description for difference lines: hash, size, date and Message-ID. */
    public String describe() {
        return "sha256 " + ContentHash.abbreviate(sha256) + ", " + size + " bytes, internal date "
                + internalDate + (messageId == null ? "" : ", Message-ID " + messageId);
    }
}

package dev.jamesreplicator.tools.verify;

import java.time.Instant;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One message as an IMAP client sees it. {@code \Recent} is left out of the flags: it is
 * per-session and each server resets it on its own SELECT.
 *
 * @param modSeq    the message's MODSEQ, {@link #UNKNOWN_MODSEQ} when the server does not give it
 * @param messageId the Message-ID header, or null when the message has none
 */
public record MessageState(long uid, SortedSet<String> flags, Instant internalDate, long size,
                           String sha256, String bodySha256, String messageId, long modSeq) {

    /** The server did not say (no CONDSTORE). James gives 0 as an empty mailbox's HIGHESTMODSEQ. */
    public static final long UNKNOWN_MODSEQ = -1;

    public MessageState {
        flags = Collections.unmodifiableSortedSet(new TreeSet<>(flags));
    }

    /** A message whose MODSEQ is not known. */
    public MessageState(long uid, SortedSet<String> flags, Instant internalDate, long size,
                        String sha256, String bodySha256, String messageId) {
        this(uid, flags, internalDate, size, sha256, bodySha256, messageId, UNKNOWN_MODSEQ);
    }

    /** A short description for difference lines: hash, size, date and Message-ID. */
    public String describe() {
        return "sha256 " + ContentHash.abbreviate(sha256) + ", " + size + " bytes, internal date "
                + internalDate + (messageId == null ? "" : ", Message-ID " + messageId);
    }
}

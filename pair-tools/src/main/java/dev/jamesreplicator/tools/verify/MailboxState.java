package dev.jamesreplicator.tools.verify;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A mailbox as an IMAP client sees it: identity (UIDVALIDITY), UIDNEXT, HIGHESTMODSEQ and
 * messages by UID.
 *
 * @param highestModSeq {@link MessageState#UNKNOWN_MODSEQ} when the server does not give it (no CONDSTORE)
 */
public record MailboxState(String name, long uidValidity, long uidNext, long highestModSeq,
                           SortedMap<Long, MessageState> messages) {

    public MailboxState {
        messages = Collections.unmodifiableSortedMap(new TreeMap<>(messages));
    }

    /** A mailbox whose HIGHESTMODSEQ is not known. */
    public MailboxState(String name, long uidValidity, long uidNext, SortedMap<Long, MessageState> messages) {
        this(name, uidValidity, uidNext, MessageState.UNKNOWN_MODSEQ, messages);
    }

    public Optional<MessageState> message(long uid) {
        return Optional.ofNullable(messages.get(uid));
    }

    public Optional<MessageState> withSha256(String sha256) {
        return messages.values().stream().filter(m -> m.sha256().equals(sha256)).findFirst();
    }

    public Optional<MessageState> withBodySha256(String bodySha256) {
        return messages.values().stream().filter(m -> m.bodySha256().equals(bodySha256)).findFirst();
    }
}

package dev.jamesreplicator.capture;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.mailbox.model.MessageMetaData;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import dev.jamesreplicator.model.Tombstones;

/**
 * Tells the source half of a MOVE from a plain expunge. James dispatches a MOVE as an Added
 * event in the target, then an Expunged event in the source, one after the other on the same
 * session; the Expunged event says nothing of the move. So the last messages a user session
 * added are remembered, and an expunge on that session of a message with the same size and
 * internal date is taken as moved there (a COPY then EXPUNGE on one session is a move too).
 */
final class MoveTargets {
    /** One Added event's messages; a MOVE's Expunged follows its Added at once, so one per session is enough. */
    private final Cache<String, List<Added>> lastAddedBySession = CacheBuilder.newBuilder()
        .maximumSize(10_000)
        .build();

    private static final class Added {
        final long size;
        final long internalDate;
        final Tombstones.MovedTo place;

        Added(long size, long internalDate, Tombstones.MovedTo place) {
            this.size = size;
            this.internalDate = internalDate;
            this.place = place;
        }
    }

    synchronized void added(String session, long uidValidity, Collection<MessageMetaData> messages) {
        List<Added> added = new ArrayList<>();
        messages.forEach(meta -> added.add(new Added(meta.getSize(), meta.getInternalDate().getTime(),
            new Tombstones.MovedTo(uidValidity, meta.getUid().asLong()))));
        lastAddedBySession.put(session, added);
    }

    /** Where this session just added the expunged message, if it did: then the expunge is a move's. */
    synchronized Optional<Tombstones.MovedTo> takeTarget(String session, long size, long internalDate) {
        List<Added> added = lastAddedBySession.getIfPresent(session);
        if (added == null) {
            return Optional.empty();
        }
        for (Added candidate : added) {
            if (candidate.size == size && candidate.internalDate == internalDate) {
                added.remove(candidate);
                return Optional.of(candidate.place);
            }
        }
        return Optional.empty();
    }
}

package dev.jamesreplicator.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import java.util.Optional;

import javax.mail.Flags;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.inmemory.InMemoryMessageId;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.ThreadId;

import org.junit.jupiter.api.Test;

import dev.jamesreplicator.model.Tombstones;

class MoveTargetsTest {
    private final MoveTargets targets = new MoveTargets();

    /** What James's Added event says of one message. */
    private static MessageMetaData meta(long uid, long size, long internalDate) {
        return new MessageMetaData(MessageUid.of(uid), ModSeq.of(1), new Flags(), size, new Date(internalDate), Optional.empty(),
            InMemoryMessageId.of(uid), ThreadId.fromBaseMessageId(InMemoryMessageId.of(uid)));
    }

    @Test
    void anExpungeOfWhatTheSameSessionJustAddedElsewhereIsAMove() {
        targets.added("7", 42, List.of(meta(12, 500, 1_000L), meta(13, 600, 2_000L)));

        assertThat(targets.takeTarget("7", 600, 2_000L)).contains(new Tombstones.MovedTo(42, 13));
        assertThat(targets.takeTarget("7", 500, 1_000L)).contains(new Tombstones.MovedTo(42, 12));
    }

    @Test
    void eachAddedMessageAccountsForOneExpungeOnly() {
        targets.added("7", 42, List.of(meta(12, 500, 1_000L)));
        targets.takeTarget("7", 500, 1_000L);

        assertThat(targets.takeTarget("7", 500, 1_000L)).isEmpty();
    }

    @Test
    void anExpungeOnAnotherSessionOrOfAnotherMessageIsAPlainExpunge() {
        targets.added("7", 42, List.of(meta(12, 500, 1_000L)));

        assertThat(targets.takeTarget("8", 500, 1_000L)).isEmpty();
        assertThat(targets.takeTarget("7", 501, 1_000L)).isEmpty();
    }

    @Test
    void onlyTheSessionsLastAddsCount() {
        targets.added("7", 42, List.of(meta(12, 500, 1_000L)));
        targets.added("7", 43, List.of(meta(3, 900, 9_000L)));

        assertThat(targets.takeTarget("7", 500, 1_000L)).isEmpty();
    }
}

package dev.jamesreplicator.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.jamesreplicator.model.MailboxState;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.UserState;

class CounterAlignmentTest {
    private final CounterAlignment alignment = new CounterAlignment();

    private static MessageState message(long uid, long modSeq, String... flags) {
        return new MessageState(uid, modSeq, List.of(flags), 1000L, 10, "hash" + uid);
    }

    private static UserState inbox(long highestModSeq, MessageState... messages) {
        return inbox(10, highestModSeq, messages);
    }

    private static UserState inbox(long uidNext, long highestModSeq, MessageState... messages) {
        return new UserState(List.of(new MailboxState("INBOX", 7, uidNext, highestModSeq, List.of(messages))));
    }

    private List<String> plan(UserState local, UserState remote) {
        return alignment.plan(local, remote).stream().map(Object::toString).collect(Collectors.toList());
    }

    @Test
    void equalModSeqsNeedNothing() {
        assertThat(alignment.plan(inbox(5, message(1, 3), message(2, 5)), inbox(5, message(1, 3), message(2, 5)))).isEmpty();
    }

    @Test
    void theLowerSideTakesTheHigherValueWhenItCan() {
        assertThat(plan(inbox(5, message(1, 3), message(2, 5)), inbox(8, message(1, 3), message(2, 8))))
            .containsExactly("raise the MODSEQ of INBOX uid 2 to 8 on LOCAL");
    }

    @Test
    void whenTheLowerSideIsAlreadyPastTheValueBothTakeTheNextAboveBoth() {
        // Local's HIGHESTMODSEQ (9) is above the remote's MODSEQ of uid 1 (6): local cannot take 6.
        assertThat(plan(inbox(9, message(1, 4), message(2, 9)), inbox(9, message(1, 6), message(2, 9))))
            .containsExactly("raise the MODSEQ of INBOX uid 1 to 10 on LOCAL", "raise the MODSEQ of INBOX uid 1 to 10 on REMOTE");
    }

    @Test
    void aLowerHighestModSeqAloneIsRaisedThroughTheFirstMessage() {
        assertThat(plan(inbox(12, message(1, 3), message(2, 5)), inbox(5, message(1, 3), message(2, 5))))
            .containsExactly("raise the HIGHESTMODSEQ of INBOX to 12 on REMOTE");
    }

    @Test
    void highestModSeqsFollowTheMessagesRaised() {
        assertThat(plan(inbox(5, message(1, 5)), inbox(7, message(1, 7))))
            .as("raising uid 1 to 7 raises local's HIGHESTMODSEQ to 7 as well")
            .containsExactly("raise the MODSEQ of INBOX uid 1 to 7 on LOCAL");
    }

    @Test
    void mailboxesThatStillDifferAreLeftToTheNextSync() {
        assertThat(alignment.plan(inbox(5, message(1, 3, "\\Seen")), inbox(8, message(1, 8)))).as("flags differ").isEmpty();
        assertThat(alignment.plan(inbox(5, message(1, 3)), inbox(8, message(1, 3), message(2, 8)))).as("messages differ").isEmpty();
    }

    @Test
    void anEmptyMailboxHasItsLowerHighestModSeqRaisedWithNoMessage() {
        assertThat(plan(inbox(5), inbox(8))).containsExactly("raise the HIGHESTMODSEQ of INBOX to 8 on LOCAL");
    }

    @Test
    void theLowerUidNextIsRaised() {
        assertThat(plan(inbox(12, 5, message(1, 5)), inbox(10, 5, message(1, 5))))
            .containsExactly("raise the UIDNEXT of INBOX to 12 on REMOTE");
        assertThat(plan(inbox(3, 5), inbox(9, 5))).as("empty mailboxes too").containsExactly("raise the UIDNEXT of INBOX to 9 on LOCAL");
    }
}

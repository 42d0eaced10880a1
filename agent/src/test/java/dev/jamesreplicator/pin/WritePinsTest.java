package dev.jamesreplicator.pin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pinning logic alone, with plain maps standing for James's providers. */
class WritePinsTest {
    private static final Object MAILBOX = "mailbox-1";

    private final ConcurrentMap<Object, AtomicLong> lastUids = new ConcurrentHashMap<>();
    private final ConcurrentMap<Object, AtomicLong> highestModSeqs = new ConcurrentHashMap<>();

    @AfterEach
    void leaveNoAddOnThisThread() {
        WritePins.exitAdd();
    }

    @Test
    void aUidValidityPinIsClaimedOnce() {
        WritePins.pinUidValidity("pins@example.test", "Once", 77);

        assertThat(WritePins.claimUidValidity("pins@example.test", "Once")).isEqualTo(77);
        assertThat(WritePins.claimUidValidity("pins@example.test", "Once")).isZero();
    }

    @Test
    void theChooserGivesAnUnpinnedCreationItsUidValidityAndIsToldOfPinnedOnes() {
        List<String> told = new ArrayList<>();
        UidValidityChooser chooser = (user, mailbox, pinned) -> {
            told.add(mailbox + "=" + pinned);
            return 4242;
        };
        WritePins.chooseUidValidities(chooser);
        try {
            WritePins.pinUidValidity("pins@example.test", "Pinned", 79);

            assertThat(WritePins.claimUidValidity("pins@example.test", "Pinned")).isEqualTo(79);
            assertThat(WritePins.claimUidValidity("pins@example.test", "Chosen")).isEqualTo(4242);
            assertThat(told).containsExactly("Pinned=79", "Chosen=0");
        } finally {
            WritePins.stopChoosingUidValidities(chooser);
        }
        assertThat(WritePins.claimUidValidity("pins@example.test", "Chosen")).isZero();
    }

    @Test
    void aChooserThatFailsOrAnswersOutOfRangeLeavesTheChoiceToJames() {
        UidValidityChooser failing = (user, mailbox, pinned) -> {
            throw new IllegalStateException("state store closed");
        };
        WritePins.chooseUidValidities(failing);
        try {
            assertThat(WritePins.claimUidValidity("pins@example.test", "Failed")).isZero();
        } finally {
            WritePins.stopChoosingUidValidities(failing);
        }
        UidValidityChooser tooLarge = (user, mailbox, pinned) -> 1L << 32;
        WritePins.chooseUidValidities(tooLarge);
        try {
            assertThat(WritePins.claimUidValidity("pins@example.test", "TooLarge")).isZero();
        } finally {
            WritePins.stopChoosingUidValidities(tooLarge);
        }
    }

    @Test
    void aUidValidityPinBelongsToOneUserAndMailbox() {
        WritePins.pinUidValidity("pins@example.test", "Mine", 78);

        assertThat(WritePins.claimUidValidity("other@example.test", "Mine")).isZero();
        assertThat(WritePins.claimUidValidity("pins@example.test", "Other")).isZero();
        assertThat(WritePins.claimUidValidity("pins@example.test", "Mine")).isEqualTo(78);
    }

    @Test
    void anUnpinnedUidValidityIsNotClaimed() {
        WritePins.pinUidValidity("pins@example.test", "Dropped", 79);
        WritePins.unpinUidValidity("pins@example.test", "Dropped");

        assertThat(WritePins.claimUidValidity("pins@example.test", "Dropped")).isZero();
    }

    @Test
    void uidValidityMustBeANonZeroUnsigned32BitNumber() {
        assertThatThrownBy(() -> WritePins.pinUidValidity("pins@example.test", "Bad", 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WritePins.pinUidValidity("pins@example.test", "Bad", 1L << 32))
            .isInstanceOf(IllegalArgumentException.class);

        WritePins.pinUidValidity("pins@example.test", "Largest", (1L << 32) - 1);
        assertThat(WritePins.claimUidValidity("pins@example.test", "Largest")).isEqualTo((1L << 32) - 1);
    }

    @Test
    void aMessagePinNeedsAPositiveUidAndANonNegativeModSeq() {
        assertThatThrownBy(() -> WritePins.pinMessage(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WritePins.pinMessage(0, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nothingIsClaimedOutsideAPinnedAdd() {
        assertThat(WritePins.claimUid(lastUids, MAILBOX)).isEqualTo(-1);
        assertThat(WritePins.claimModSeq(highestModSeqs, MAILBOX)).isEqualTo(-1);
        assertThat(lastUids).isEmpty();
        assertThat(highestModSeqs).isEmpty();
    }

    @Test
    void anAddWithoutAPinnedTokenClaimsNothing() {
        Date token = WritePins.pinMessage(1000, 5, 0);
        try {
            WritePins.enterAdd(new Date(token.getTime()));

            assertThat(WritePins.claimUid(lastUids, MAILBOX)).isEqualTo(-1);
        } finally {
            WritePins.unpinMessage(token);
        }
    }

    @Test
    void aPinnedAddTakesItsUidAndMovesTheLastUid() {
        lastUids.put(MAILBOX, new AtomicLong(3));
        Date token = WritePins.pinMessage(1000, 10, 0);

        WritePins.enterAdd(token);
        assertThat(WritePins.claimUid(lastUids, MAILBOX)).isEqualTo(10);
        WritePins.exitAdd();

        assertThat(lastUids.get(MAILBOX).get()).isEqualTo(10);
        assertThat(WritePins.claimUid(lastUids, MAILBOX)).isEqualTo(-1);
        assertThat(WritePins.unpinMessage(token).uid()).isEqualTo(10);
        assertThat(WritePins.unpinMessage(token)).isNull();
    }

    @Test
    void aPinnedUidInAnEmptyMailboxIsTaken() {
        Date token = WritePins.pinMessage(1000, 1, 0);
        try {
            WritePins.enterAdd(token);

            assertThat(WritePins.claimUid(lastUids, MAILBOX)).isEqualTo(1);
            assertThat(lastUids.get(MAILBOX).get()).isEqualTo(1);
        } finally {
            WritePins.unpinMessage(token);
        }
    }

    @Test
    void aPinnedUidNotAboveTheLastIsRefusedAndMovesNothing() {
        lastUids.put(MAILBOX, new AtomicLong(10));
        Date equal = WritePins.pinMessage(1000, 10, 0);
        Date below = WritePins.pinMessage(1000, 9, 0);
        try {
            WritePins.enterAdd(equal);
            assertThatThrownBy(() -> WritePins.claimUid(lastUids, MAILBOX)).isInstanceOf(PinRefusedException.class);
            WritePins.enterAdd(below);
            assertThatThrownBy(() -> WritePins.claimUid(lastUids, MAILBOX)).isInstanceOf(PinRefusedException.class);

            assertThat(lastUids.get(MAILBOX).get()).isEqualTo(10);
        } finally {
            WritePins.unpinMessage(equal);
            WritePins.unpinMessage(below);
        }
    }

    @Test
    void aPinnedModSeqAboveTheHighestIsTaken() {
        highestModSeqs.put(MAILBOX, new AtomicLong(5));
        Date token = WritePins.pinMessage(1000, 1, 50);

        WritePins.enterAdd(token);
        assertThat(WritePins.claimModSeq(highestModSeqs, MAILBOX)).isEqualTo(50);
        WritePins.exitAdd();

        assertThat(highestModSeqs.get(MAILBOX).get()).isEqualTo(50);
        assertThat(WritePins.unpinMessage(token).assignedModSeq()).isEqualTo(50);
    }

    @Test
    void aPinnedModSeqNotAboveTheHighestGivesTheNextOne() {
        highestModSeqs.put(MAILBOX, new AtomicLong(50));
        Date token = WritePins.pinMessage(1000, 1, 50);

        WritePins.enterAdd(token);
        assertThat(WritePins.claimModSeq(highestModSeqs, MAILBOX)).isEqualTo(51);
        WritePins.exitAdd();

        assertThat(WritePins.unpinMessage(token).assignedModSeq()).isEqualTo(51);
    }

    @Test
    void aZeroModSeqLetsJamesChoose() {
        highestModSeqs.put(MAILBOX, new AtomicLong(7));
        Date token = WritePins.pinMessage(1000, 1, 0);

        WritePins.enterAdd(token);
        assertThat(WritePins.claimModSeq(highestModSeqs, MAILBOX)).isEqualTo(8);
        WritePins.exitAdd();

        assertThat(WritePins.unpinMessage(token).assignedModSeq()).isEqualTo(8);
    }

    /** A backend's counter that is a plain field, as a JPA entity's is within its transaction. */
    private static final class FieldCounter implements MailboxCounter {
        long value;
        int writes;

        @Override
        public long get() {
            return value;
        }

        @Override
        public long updateAndGet(java.util.function.LongUnaryOperator update) {
            value = update.applyAsLong(value);
            writes++;
            return value;
        }
    }

    @Test
    void anyBackendsCounterTakesTheSameRules() {
        FieldCounter lastUid = new FieldCounter();
        FieldCounter highestModSeq = new FieldCounter();
        lastUid.value = 4;
        highestModSeq.value = 9;
        Date token = WritePins.pinMessage(1000, 6, 30);
        Date taken = WritePins.pinMessage(1000, 6, 0);
        try {
            WritePins.enterAdd(token);
            assertThat(WritePins.claimUid(lastUid)).isEqualTo(6);
            assertThat(WritePins.claimModSeq(highestModSeq)).isEqualTo(30);
            WritePins.enterAdd(taken);
            assertThatThrownBy(() -> WritePins.claimUid(lastUid)).isInstanceOf(PinRefusedException.class);
            assertThat(lastUid.value).as("a refusal writes nothing").isEqualTo(6);
            assertThat(lastUid.writes).isEqualTo(1);
            WritePins.exitAdd();

            WritePins.pinUidRaise(3);
            assertThat(WritePins.claimUid(lastUid)).as("never down").isEqualTo(6);
            assertThat(WritePins.claimUid(lastUid)).as("one raise per pin").isEqualTo(-1);
        } finally {
            WritePins.unpinUidRaise();
            WritePins.unpinMessage(token);
            WritePins.unpinMessage(taken);
        }
    }
}

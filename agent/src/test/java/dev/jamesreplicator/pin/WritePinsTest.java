package dev.jamesreplicator.pin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    void aMessagePinNeedsAPositiveUidAndANonNegativeModSeq() {
        assertThatThrownBy(() -> MessagePin.take(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessagePin.take(0, 1, -1)).isInstanceOf(IllegalArgumentException.class);
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
        try (MessagePin pin = MessagePin.take(1000, 5, 0)) {
            WritePins.enterAdd(new Date(pin.internalDate().getTime()));

            assertThat(WritePins.claimUid(lastUids, MAILBOX)).isEqualTo(-1);
        }
    }

    @Test
    void aPinnedAddTakesItsUidAndMovesTheLastUid() {
        lastUids.put(MAILBOX, new AtomicLong(3));
        MessagePin pin = MessagePin.take(1000, 10, 0);

        WritePins.enterAdd(pin.internalDate());
        assertThat(WritePins.claimUid(lastUids, MAILBOX)).isEqualTo(10);
        WritePins.exitAdd();

        assertThat(lastUids.get(MAILBOX).get()).isEqualTo(10);
        assertThat(WritePins.claimUid(lastUids, MAILBOX)).isEqualTo(-1);
        pin.close();
        WritePins.enterAdd(pin.internalDate());
        assertThat(WritePins.claimUid(lastUids, MAILBOX)).as("closed").isEqualTo(-1);
    }

    @Test
    void aPinnedUidInAnEmptyMailboxIsTaken() {
        try (MessagePin pin = MessagePin.take(1000, 1, 0)) {
            WritePins.enterAdd(pin.internalDate());

            assertThat(WritePins.claimUid(lastUids, MAILBOX)).isEqualTo(1);
            assertThat(lastUids.get(MAILBOX).get()).isEqualTo(1);
        }
    }

    @Test
    void aPinnedUidNotAboveTheLastIsRefusedAndMovesNothing() {
        lastUids.put(MAILBOX, new AtomicLong(10));
        try (MessagePin equal = MessagePin.take(1000, 10, 0);
             MessagePin below = MessagePin.take(1000, 9, 0)) {
            WritePins.enterAdd(equal.internalDate());
            assertThatThrownBy(() -> WritePins.claimUid(lastUids, MAILBOX)).isInstanceOf(PinRefusedException.class);
            WritePins.enterAdd(below.internalDate());
            assertThatThrownBy(() -> WritePins.claimUid(lastUids, MAILBOX)).isInstanceOf(PinRefusedException.class);

            assertThat(lastUids.get(MAILBOX).get()).isEqualTo(10);
        }
    }

    /** Above the highest, the pinned MODSEQ is taken; at or below it, the next one (MODSEQs never go back); 0, James's next. */
    @ParameterizedTest(name = "highest {0}, pinned {1}: {2}")
    @CsvSource({"5, 50, 50", "50, 50, 51", "7, 0, 8"})
    void anAddTakesThePinnedModSeqOrTheNextOne(long highest, long pinned, long taken) {
        highestModSeqs.put(MAILBOX, new AtomicLong(highest));
        try (MessagePin pin = MessagePin.take(1000, 1, pinned)) {
            WritePins.enterAdd(pin.internalDate());
            assertThat(WritePins.claimModSeq(highestModSeqs, MAILBOX)).isEqualTo(taken);
            WritePins.exitAdd();

            assertThat(pin.assignedModSeq()).isEqualTo(taken);
        }
        assertThat(highestModSeqs.get(MAILBOX).get()).isEqualTo(taken);
    }

    @Test
    void aFlagUpdatePinIsClaimedOnceOnItsThreadAndForcedOnlyWhenTakenForced() throws Exception {
        highestModSeqs.put(MAILBOX, new AtomicLong(7));
        try (FlagUpdatePin pin = FlagUpdatePin.take(20)) {
            assertThat(WritePins.isFlagUpdateForced()).isFalse();
            AtomicLong elsewhere = new AtomicLong();
            Thread other = new Thread(() -> elsewhere.set(WritePins.claimModSeq(highestModSeqs, MAILBOX)));
            other.start();
            other.join();
            assertThat(elsewhere.get()).as("another thread").isEqualTo(-1);

            assertThat(WritePins.claimModSeq(highestModSeqs, MAILBOX)).isEqualTo(20);
            assertThat(WritePins.claimModSeq(highestModSeqs, MAILBOX)).as("once").isEqualTo(-1);
            assertThat(pin.assignedModSeq()).isEqualTo(20);
        }
        try (FlagUpdatePin pin = FlagUpdatePin.takeForced(30)) {
            assertThat(WritePins.isFlagUpdateForced()).isTrue();
        }
        assertThat(WritePins.isFlagUpdateForced()).as("closed").isFalse();
        assertThat(WritePins.claimModSeq(highestModSeqs, MAILBOX)).isEqualTo(-1);
        assertThatThrownBy(() -> FlagUpdatePin.take(0)).isInstanceOf(IllegalArgumentException.class);
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
        try (MessagePin pin = MessagePin.take(1000, 6, 30);
             MessagePin taken = MessagePin.take(1000, 6, 0)) {
            WritePins.enterAdd(pin.internalDate());
            assertThat(WritePins.claimUid(lastUid)).isEqualTo(6);
            assertThat(WritePins.claimModSeq(highestModSeq)).isEqualTo(30);
            WritePins.enterAdd(taken.internalDate());
            assertThatThrownBy(() -> WritePins.claimUid(lastUid)).isInstanceOf(PinRefusedException.class);
            assertThat(lastUid.value).as("a refusal writes nothing").isEqualTo(6);
            assertThat(lastUid.writes).isEqualTo(1);
            WritePins.exitAdd();

            try (UidRaisePin raise = UidRaisePin.take(3)) {
                assertThat(WritePins.claimUid(lastUid)).as("never down").isEqualTo(6);
                assertThat(WritePins.claimUid(lastUid)).as("one raise per pin").isEqualTo(-1);
            }
        }
    }
}

package dev.jamesreplicator.pin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** UIDVALIDITY pins and the chooser, claimed as the agent's creation hooks claim them. */
class UidValidityPinTest {

    @Test
    void aUidValidityPinIsClaimedOnce() {
        try (UidValidityPin pin = UidValidityPin.take("pins@example.test", "Once", 77)) {
            assertThat(WritePins.claimUidValidity("pins@example.test", "Once")).isEqualTo(77);
            assertThat(WritePins.claimUidValidity("pins@example.test", "Once")).isZero();
        }
    }

    @Test
    void theChooserGivesAnUnpinnedCreationItsUidValidityAndIsToldOfPinnedOnes() {
        List<String> told = new ArrayList<>();
        UidValidityChooser chooser = (user, mailbox, pinned) -> {
            told.add(mailbox + "=" + pinned);
            return 4242;
        };
        UidValidityPin.chooseUidValidities(chooser);
        try (UidValidityPin pin = UidValidityPin.take("pins@example.test", "Pinned", 79)) {
            assertThat(WritePins.claimUidValidity("pins@example.test", "Pinned")).isEqualTo(79);
            assertThat(WritePins.claimUidValidity("pins@example.test", "Chosen")).isEqualTo(4242);
            assertThat(told).containsExactly("Pinned=79", "Chosen=0");
        } finally {
            UidValidityPin.stopChoosingUidValidities(chooser);
        }
        assertThat(WritePins.claimUidValidity("pins@example.test", "Chosen")).isZero();
    }

    @Test
    void aChooserThatFailsOrAnswersOutOfRangeLeavesTheChoiceToJames() {
        UidValidityChooser failing = (user, mailbox, pinned) -> {
            throw new IllegalStateException("state store closed");
        };
        UidValidityPin.chooseUidValidities(failing);
        try {
            assertThat(WritePins.claimUidValidity("pins@example.test", "Failed")).isZero();
        } finally {
            UidValidityPin.stopChoosingUidValidities(failing);
        }
        UidValidityChooser tooLarge = (user, mailbox, pinned) -> 1L << 32;
        UidValidityPin.chooseUidValidities(tooLarge);
        try {
            assertThat(WritePins.claimUidValidity("pins@example.test", "TooLarge")).isZero();
        } finally {
            UidValidityPin.stopChoosingUidValidities(tooLarge);
        }
    }

    @Test
    void aUidValidityPinBelongsToOneUserAndMailbox() {
        try (UidValidityPin pin = UidValidityPin.take("pins@example.test", "Mine", 78)) {
            assertThat(WritePins.claimUidValidity("other@example.test", "Mine")).isZero();
            assertThat(WritePins.claimUidValidity("pins@example.test", "Other")).isZero();
            assertThat(WritePins.claimUidValidity("pins@example.test", "Mine")).isEqualTo(78);
        }
    }

    @Test
    void aClosedPinIsNotClaimed() {
        UidValidityPin.take("pins@example.test", "Dropped", 79).close();

        assertThat(WritePins.claimUidValidity("pins@example.test", "Dropped")).isZero();
    }

    @Test
    void uidValidityMustBeANonZeroUnsigned32BitNumber() {
        assertThatThrownBy(() -> UidValidityPin.take("pins@example.test", "Bad", 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UidValidityPin.take("pins@example.test", "Bad", 1L << 32))
            .isInstanceOf(IllegalArgumentException.class);

        try (UidValidityPin pin = UidValidityPin.take("pins@example.test", "Largest", (1L << 32) - 1)) {
            assertThat(WritePins.claimUidValidity("pins@example.test", "Largest")).isEqualTo((1L << 32) - 1);
        }
    }
}

package dev.jamesreplicator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class UidSetTest {
    @Test
    void consecutiveUidsBecomeRanges() {
        UidSet set = UidSet.of(List.of(7L, 1L, 2L, 3L, 5L, 9L, 8L));

        assertThat(set).hasToString("1:3,5,7:9");
        assertThat(set.size()).isEqualTo(7);
        assertThat(set.contains(2)).isTrue();
        assertThat(set.contains(4)).isFalse();
        assertThat(set.contains(9)).isTrue();
        assertThat(set.contains(10)).isFalse();
        assertThat(set.toList()).containsExactly(1L, 2L, 3L, 5L, 7L, 8L, 9L);
    }

    @Test
    void itParsesWhatItWritesAndNothingElse() {
        assertThat(UidSet.parse("1:3,5,7:9")).isEqualTo(UidSet.of(List.of(1L, 2L, 3L, 5L, 7L, 8L, 9L)));
        assertThat(UidSet.parse("")).isEqualTo(UidSet.EMPTY);
        assertThat(UidSet.parse(null).isEmpty()).isTrue();
        for (String bad : List.of("3:1", "5,2", "1:3,4", "1:3,3", "0", "x", "1,,2", "1:")) {
            assertThatThrownBy(() -> UidSet.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aHugeRangeCostsNothingUntilListed() {
        UidSet set = UidSet.parse("1:4000000000");

        assertThat(set.size()).isEqualTo(4_000_000_000L);
        assertThat(set.contains(3_999_999_999L)).isTrue();
    }

    @Test
    void itTravelsAsAString() {
        assertThat(Json.write(UidSet.of(List.of(4L, 5L)))).isEqualTo("\"4:5\"");
        assertThat(Json.read("\"4:5,9\"", UidSet.class)).hasToString("4:5,9");
    }
}

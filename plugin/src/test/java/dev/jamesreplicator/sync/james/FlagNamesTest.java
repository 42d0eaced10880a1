package dev.jamesreplicator.sync.james;

import static org.assertj.core.api.Assertions.assertThat;

import javax.mail.Flags;

import org.junit.jupiter.api.Test;

class FlagNamesTest {
    @Test
    void systemFlagsAndKeywordsRoundTripWithoutRecent() {
        Flags flags = new Flags();
        flags.add(Flags.Flag.SEEN);
        flags.add(Flags.Flag.FLAGGED);
        flags.add(Flags.Flag.RECENT);
        flags.add("$Forwarded");

        assertThat(FlagNames.of(flags)).containsExactly("$Forwarded", "\\Flagged", "\\Seen");

        Flags back = FlagNames.toFlags(FlagNames.of(flags));
        assertThat(back.contains(Flags.Flag.SEEN)).isTrue();
        assertThat(back.contains(Flags.Flag.FLAGGED)).isTrue();
        assertThat(back.contains("$Forwarded")).isTrue();
        assertThat(back.contains(Flags.Flag.RECENT)).isFalse();
        assertThat(back.getUserFlags()).containsExactly("$Forwarded");
    }
}

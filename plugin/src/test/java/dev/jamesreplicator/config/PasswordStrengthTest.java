package dev.jamesreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordStrengthTest {
    @Test
    void aRandomSecretOf32HexDigitsIs128Bits() {
        assertThat(PasswordStrength.bits("0f1e2d3c4b5a69788796a5b4c3d2e1f0")).isEqualTo(128);
        assertThat(PasswordStrength.warning("0f1e2d3c4b5a69788796a5b4c3d2e1f0")).isEmpty();
        // what bin/james-pair writes: 32 random bytes in hex
        assertThat(PasswordStrength.bits("0f1e2d3c4b5a69788796a5b4c3d2e1f0".repeat(2))).isEqualTo(256);
        // openssl rand -base64 32
        assertThat(PasswordStrength.bits("q7mR0n3v+Xb2Yw9LkP4sT1uZcE8aHdGfJiOoN6lQ5rU=")).isGreaterThanOrEqualTo(256);
    }

    @Test
    void aWeakPasswordIsWarnedAboutWithItsEstimatedStrength() {
        assertThat(PasswordStrength.bits("correct-horse1")).isEqualTo(85);
        assertThat(PasswordStrength.warning("correct-horse1")).hasValueSatisfying(warning -> assertThat(warning)
            .contains("about 85 bits").contains("below the 128 bits").contains("openssl rand -hex 16"));
        assertThat(PasswordStrength.bits("passwordpassword")).isEqualTo(75);
    }
}

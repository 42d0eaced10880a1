package dev.jamesreplicator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DoveadmTextTest {
    @Test
    void clockIsHoursMinutesSecondsWithUnboundedHours() {
        assertThat(DoveadmText.clock(Duration.ZERO)).isEqualTo("00:00:00");
        assertThat(DoveadmText.clock(Duration.ofSeconds(2 * 3600 + 5 * 60 + 28))).isEqualTo("02:05:28");
        assertThat(DoveadmText.clock(Duration.ofDays(5))).isEqualTo("120:00:00");
        assertThat(DoveadmText.clock(Duration.ofSeconds(-3))).as("clock skew never prints negative").isEqualTo("00:00:00");
    }

    @Test
    void masksMatchLikeDoveadm() {
        assertThat(UserMask.of("*@example.test").test("alice@example.test")).isTrue();
        assertThat(UserMask.of("*@example.test").test("alice@example.org")).isFalse();
        assertThat(UserMask.of("?ob@*").test("bob@x")).isTrue();
        assertThat(UserMask.of("?ob@*").test("bbob@x")).isFalse();
        assertThat(UserMask.of("a.b+c@x").test("a.b+c@x")).as("regex characters are literal").isTrue();
        assertThat(UserMask.of("a.b+c@x").test("aXb+c@x")).isFalse();
        assertThat(UserMask.of("Alice@Example.test").test("alice@example.test")).isTrue();
        assertThat(UserMask.of("alice@example.test").isLiteral()).isTrue();
        assertThat(UserMask.of("alice*").isLiteral()).isFalse();
    }
}

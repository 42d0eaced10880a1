package dev.jamesreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserMaskTest {
    @Test
    void masksMatchLikeDoveadm() {
        assertThat(UserMask.of("*@example.test").test("alice@example.test")).isTrue();
        assertThat(UserMask.of("*@example.test").test("alice@example.org")).isFalse();
        assertThat(UserMask.of("?ob@*").test("bob@x")).isTrue();
        assertThat(UserMask.of("?ob@*").test("bbob@x")).isFalse();
        assertThat(UserMask.of("?ob@*").test("ob@x")).as("? is exactly one character").isFalse();
        assertThat(UserMask.of("a.b+c@x").test("a.b+c@x")).as("regex characters are literal").isTrue();
        assertThat(UserMask.of("a.b+c@x").test("aXb+c@x")).isFalse();
        assertThat(UserMask.of("Alice@Example.test").test("alice@example.test")).isTrue();
        assertThat(UserMask.of("*@lists.example.com").test("dev@lists.example.com")).isTrue();
        assertThat(UserMask.of("*@lists.example.com").test("dev@example.com")).isFalse();
        assertThat(UserMask.of("*@lists.example.com").test("dev@lists.example.com.evil")).as("the whole name matches").isFalse();
        assertThat(UserMask.of("archive*").test("archive")).as("* may be empty").isTrue();
        assertThat(UserMask.of("alice@example.test").isLiteral()).isTrue();
        assertThat(UserMask.of("alice*").isLiteral()).isFalse();
    }

    @Test
    void masksDifferingOnlyInCaseAreOneMask() {
        assertThat(UserMask.of("Archive@Example.com")).isEqualTo(UserMask.of("archive@example.com"));
        assertThat(UserMask.of("Archive@Example.com").key()).isEqualTo("archive@example.com");
        assertThat(UserMask.of("  bob@x ").text()).isEqualTo("bob@x");
    }

    @Test
    void aNoReplicateMaskMustNameSomeUsersNotAll() {
        assertThat(UserMask.problem("archive@example.com")).isEmpty();
        assertThat(UserMask.problem("*@lists.example.com")).isEmpty();
        assertThat(UserMask.problem("user?@*")).isEmpty();
        assertThat(UserMask.problem("")).hasValue("the user mask is empty");
        assertThat(UserMask.problem(null)).hasValue("the user mask is empty");
        assertThat(UserMask.problem("a b@x")).hasValueSatisfying(problem -> assertThat(problem).contains("blank"));
        assertThat(UserMask.problem("a\u0000b@x")).hasValueSatisfying(problem -> assertThat(problem).contains("control"));
        assertThat(UserMask.problem("a@b@c")).hasValueSatisfying(problem -> assertThat(problem).contains("more than one @"));
        assertThat(UserMask.problem("*")).hasValueSatisfying(problem -> assertThat(problem).contains("every user"));
        assertThat(UserMask.problem("**")).hasValueSatisfying(problem -> assertThat(problem).contains("every user"));
    }
}

package dev.jamesreplicator.tools.verify;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class WebAdminTest {

    @Test
    void readsTheUsernamesOfGetUsers() {
        Pattern username = Pattern.compile("\"username\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

        assertThat(WebAdmin.strings(username, "[{\"username\":\"demo@example.test\"},{\"username\" : \"a\\\"b\\u00e9@example.test\"}]"))
                .containsExactly("a\"bé@example.test", "demo@example.test");
        assertThat(WebAdmin.strings(username, "[]")).isEmpty();
    }
}

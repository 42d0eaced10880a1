package dev.jamesreplicator.tools.verify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserPasswordsTest {

    @Test
    void readsTheLaunchersUsersFile() {
        UserPasswords users = UserPasswords.parse("demo@example.test\tdemo\n\n# note\nalice@example.test\ts3cret with spaces\n", "users");

        assertThat(users.all()).containsOnlyKeys("alice@example.test", "demo@example.test");
        assertThat(users.password("alice@example.test")).contains("s3cret with spaces");
        assertThat(users.password("bob@example.test")).isEmpty();
    }

    @Test
    void aLineWithoutTabIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> UserPasswords.parse("demo@example.test\tdemo\nbroken line\n", "users"))
                .hasMessage("users line 2: expected USER<TAB>PASSWORD");
    }
}

package dev.jamesreplicator.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.james.backends.jpa.JpaTestCluster;
import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.user.api.model.User;
import org.apache.james.user.jpa.JPAUsersRepository;
import org.apache.james.user.jpa.model.JPAUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.agent.TestUsers;

/**
 * The stored hashes of James's real {@code JPAUsersRepository} (over an in-memory Derby): a hash
 * read and written back, without its password, makes the same password log in.
 */
class JpaUserPasswordsTest {
    private static final Username BOB = Username.of("bob@example.test");
    private static JpaTestCluster jpa;
    private JPAUsersRepository users;
    private JpaUserPasswords passwords;

    @BeforeAll
    static void database() {
        jpa = JpaTestCluster.create(JPAUser.class);
    }

    @BeforeEach
    void open() throws Exception {
        users = TestUsers.jpa(jpa, TestUsers.domains(Domain.of("example.test")));
        passwords = JpaUserPasswords.of(users);
    }

    @Test
    void aUserWrittenFromItsHashLogsInWithItsPassword() throws Exception {
        users.addUser(BOB, "secret");
        String value = passwords.of(BOB.asString()).orElseThrow();
        assertThat(value).startsWith("PBKDF2 ").doesNotContain("secret");
        assertThat(passwords.all()).containsExactly(Map.entry(BOB.asString(), value));
        users.removeUser(BOB);

        passwords.write(BOB.asString(), value, true);
        assertThat(users.contains(BOB)).isTrue();
        assertThat(users.test(BOB, "secret")).isTrue();
        assertThat(users.test(BOB, "other")).isFalse();
        assertThat(passwords.of(BOB.asString())).contains(value);
    }

    @Test
    void aChangedHashReplacesTheOldOneAndJamesChangesItAgainAfter() throws Exception {
        users.addUser(BOB, "second");
        String second = passwords.of(BOB.asString()).orElseThrow();
        User bob = users.getUserByName(BOB);
        bob.setPassword("first");
        users.updateUser(bob);

        passwords.write(BOB.asString(), second, false);
        assertThat(users.test(BOB, "second")).isTrue();
        assertThat(users.test(BOB, "first")).isFalse();
        // The entity's version moved on: James's own update after it is not refused as stale.
        User again = users.getUserByName(BOB);
        again.setPassword("third");
        users.updateUser(again);
        assertThat(users.test(BOB, "third")).isTrue();
    }

    /** The hash is salted with the user's name only: the launcher's users match on both nodes. */
    @Test
    void theSamePasswordGivesTheSameValueAgain() throws Exception {
        users.addUser(BOB, "secret");
        String first = passwords.of(BOB.asString()).orElseThrow();
        users.removeUser(BOB);
        users.addUser(BOB, "secret");
        assertThat(passwords.of(BOB.asString())).contains(first);
    }
}

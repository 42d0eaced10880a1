package dev.jamesreplicator.sync.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.model.User;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.sync.ServerDataSync;
import dev.jamesreplicator.sync.plan.ServerDataPlan;

/**
 * Two servers' users in James's real {@code MemoryUsersRepository}, with the agent's hook and the
 * plugin's listener: a user made, re-passworded or removed on one server logs in on the twin with
 * the same password, through the stored hash alone (docs/server-data.md). The JPA repository's
 * hashes: the agent's {@code JpaUserPasswordsTest}.
 */
class JamesUserKindTest {
    private static final Domain EXAMPLE = ServerDataTwins.EXAMPLE;
    private static final Username BOB = Username.of("bob@example.test");

    @TempDir
    Path directory;

    private ServerDataTwins twins;
    private ServerDataTwins.Server a;
    private ServerDataTwins.Server b;

    @BeforeEach
    void start() throws Exception {
        twins = new ServerDataTwins(directory, server -> List.of(new JamesDomainKind(server.domains),
            new JamesUserKind(server.users, passwords(server.users))));
        a = twins.a;
        b = twins.b;
    }

    private static StoredPasswords passwords(MemoryUsersRepository users) {
        try {
            return StoredPasswords.of(users).orElseThrow();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws Exception {
        twins.close();
    }

    private ServerDataPlan sync() throws Exception {
        return twins.sync();
    }

    /** A password changed as WebAdmin changes it: getUserByName, setPassword, updateUser. */
    private static void changePassword(ServerDataTwins.Server server, Username user, String password) throws Exception {
        User stored = server.users.getUserByName(user);
        stored.setPassword(password);
        server.users.updateUser(stored);
    }

    @Test
    void aUserLogsInOnTheTwinWithTheSamePasswordAfterAnAdditionAChangeAndARemovalFollows() throws Exception {
        a.admin(() -> a.users.addUser(BOB, "first secret"));
        assertThat(a.queue.status(ServerItems.UNIT)).as("the server unit queued").isPresent();
        sync();
        assertThat(b.users.test(BOB, "first secret")).isTrue();
        assertThat(b.users.test(BOB, "another")).isFalse();
        assertThat(b.journal.tombstones().removed()).as("the replicator's own writes leave no record").isEmpty();
        assertThat(b.queue.status(ServerItems.UNIT)).as("nor queue the unit back").isEmpty();

        b.admin(() -> changePassword(b, BOB, "second secret"));
        sync();
        assertThat(a.users.test(BOB, "second secret")).isTrue();
        assertThat(a.users.test(BOB, "first secret")).isFalse();
        // A later change of the password there hashes it as James would, the repository's own algorithm.
        a.admin(() -> changePassword(a, BOB, "third secret"));
        sync();
        assertThat(b.users.test(BOB, "third secret")).isTrue();

        a.admin(() -> a.users.removeUser(BOB));
        sync();
        assertThat(b.users.contains(BOB)).isFalse();
        assertThat(b.store.read().state()).isEqualTo(a.store.read().state()).isEqualTo(a.journal.common());
        assertThat(a.journal.tombstones().isEmpty() && b.journal.tombstones().isEmpty()).isTrue();
    }

    /**
     * James salts a hash with the user's name, not at random: the launcher's users, created on both
     * nodes with the same password, hold the same value there, and a session has nothing to do.
     */
    @Test
    void theSameUserMadeOnBothWithTheSamePasswordIsNoConflictAndNothingToDo() throws Exception {
        a.admin(() -> a.users.addUser(BOB, "secret"));
        b.admin(() -> b.users.addUser(BOB, "secret"));
        assertThat(sync().writes()).isEmpty();
        // Made again (the launcher's PUT ?force on every start): still nothing.
        a.admin(() -> changePassword(a, BOB, "secret"));
        assertThat(sync().writes()).isEmpty();
        assertThat(b.store.read().state()).isEqualTo(a.store.read().state()).isEqualTo(b.journal.common());
    }

    @Test
    void aPasswordChangedOnBothApartEndsWithTheTieBreakNodesOnBoth() throws Exception {
        a.admin(() -> a.users.addUser(BOB, "secret"));
        sync();
        a.admin(() -> changePassword(a, BOB, "a's choice"));
        b.admin(() -> changePassword(b, BOB, "b's choice"));
        ServerDataPlan plan = sync();
        assertThat(plan.writes()).singleElement().satisfies(write -> assertThat(write.conflict()).isTrue());
        // b's name sorts last.
        assertThat(a.users.test(BOB, "b's choice")).isTrue();
        assertThat(b.users.test(BOB, "b's choice")).isTrue();
        assertThat(b.store.read().state()).isEqualTo(a.store.read().state());
    }

    /** The password changed since the last session beats the removal: the user is back whole, with it. */
    @Test
    void aUserRemovedOnOneServerWhileTheOtherChangedThePasswordComesBackWithTheNewPassword() throws Exception {
        a.admin(() -> a.users.addUser(BOB, "secret"));
        sync();
        a.admin(() -> a.users.removeUser(BOB));
        b.admin(() -> changePassword(b, BOB, "changed"));
        sync();
        assertThat(a.users.test(BOB, "changed")).isTrue();
        assertThat(b.users.test(BOB, "changed")).isTrue();
        assertThat(b.store.read().state()).isEqualTo(a.store.read().state());
        assertThat(a.journal.tombstones().isEmpty() && b.journal.tombstones().isEmpty()).isTrue();
        assertThat(sync().writes()).isEmpty();
    }

    @Test
    void aUserComesWithTheDomainTheTwinLacks() throws Exception {
        Username ann = Username.of("ann@new.test");
        a.admin(() -> a.domains.addDomain(Domain.of("new.test")));
        a.admin(() -> a.users.addUser(ann, "secret"));
        sync();
        assertThat(b.users.test(ann, "secret")).isTrue();
    }

    @Test
    void noHashIsShownInTheStateTheWritesOrTheirValues() throws Exception {
        a.admin(() -> a.users.addUser(BOB, "secret"));
        String value = a.store.read().state().value("user", BOB.asString()).orElseThrow();
        String hash = value.substring(value.indexOf(' ') + 1);
        assertThat(hash).hasSizeGreaterThan(16);
        // What verify shows.
        assertThat(new ServerDataSync(List.of("domain", "user")).differences(a.store, b.store, false))
            .singleElement().asString().contains("user bob@example.test").doesNotContain(hash);
        assertThat(a.store.read().state().toString()).contains("(hash not shown)").doesNotContain(hash);
    }

    @Test
    void aReadOnlyUserBaseIsNotReplicated() throws Exception {
        UsersRepository ldap = Mockito.mock(UsersRepository.class);
        Mockito.when(ldap.isReadOnly()).thenReturn(true);
        assertThat(StoredPasswords.of(ldap)).isEmpty();
        assertThat(StoredPasswords.of(a.users)).isPresent();
    }

    @Test
    void theValueIsTheAlgorithmThenTheHash() throws Exception {
        a.users.addUser(BOB, "secret");
        Optional<String> value = StoredPasswords.of(a.users).orElseThrow().of(BOB);
        assertThat(value).hasValueSatisfying(v -> assertThat(v).matches("[^ ]+/[a-z]+ [^ ]+"));
    }
}

package dev.jamesreplicator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.backends.jpa.JpaTestCluster;
import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.model.User;
import org.apache.james.user.jpa.JPAUsersRepository;
import org.apache.james.user.jpa.model.JPAUser;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.jamesreplicator.serverdata.ServerDataWrites;

/**
 * The users hook fires on James's real users repositories: {@code MemoryUsersRepository} and
 * {@code JPAUsersRepository} (over an in-memory Derby), the classes the project's two servers bind.
 */
class UserHookTest {
    private static final Domain EXAMPLE = Domain.of("example.test");
    private static final Username BOB = Username.of("bob@example.test");
    private static JpaTestCluster jpa;

    private final List<String> reported = new CopyOnWriteArrayList<>();
    private final ServerDataWrites.Listener listener = change -> reported.add(change.toString());
    private UsersRepository users;

    enum Backend {
        MEMORY, JPA
    }

    @BeforeEach
    void hook() {
        AttachedAgent.install();
    }

    private void open(Backend backend) throws Exception {
        MemoryDomainList domains = TestUsers.domains(EXAMPLE);
        if (backend == Backend.MEMORY) {
            users = MemoryUsersRepository.withVirtualHosting(domains);
        } else {
            if (jpa == null) {
                jpa = JpaTestCluster.create(JPAUser.class);
            }
            users = TestUsers.jpa(jpa, domains);
        }
        ServerDataWrites.listen(listener);
    }

    @AfterEach
    void stop() {
        ServerDataWrites.stopListening(listener);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void usersAddedChangedAndRemovedAreReportedOnceEachWithoutTheirPassword(Backend backend) throws Exception {
        open(backend);
        users.addUser(BOB, "first-secret");
        // WebAdmin's password change.
        User bob = users.getUserByName(BOB);
        bob.setPassword("second-secret");
        users.updateUser(bob);
        users.removeUser(BOB);
        assertThat(reported).containsExactly("set user bob@example.test", "set user bob@example.test",
            "removed user bob@example.test");
    }

    /** James stores an added name lower-cased: the key is the stored name. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void theKeyIsTheNameAsTheRepositoryStoresIt(Backend backend) throws Exception {
        open(backend);
        users.addUser(Username.of("Ann@example.test"), "secret");
        String stored = users.list().next().asString();
        assertThat(stored).isEqualTo("ann@example.test");
        assertThat(reported).containsExactly("set user " + stored);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aChangeJamesRefusesIsNotReported(Backend backend) throws Exception {
        open(backend);
        users.addUser(BOB, "secret");
        reported.clear();
        assertThatThrownBy(() -> users.addUser(BOB, "again")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> users.addUser(Username.of("ann@unknown.test"), "secret")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> users.removeUser(Username.of("nobody@example.test"))).isInstanceOf(Exception.class);
        assertThat(reported).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theReplicatorsOwnWritesAreNotReported(Backend backend) throws Exception {
        open(backend);
        ServerDataWrites.asReplicator(() -> {
            users.addUser(BOB, "secret");
            users.removeUser(BOB);
            return null;
        });
        assertThat(reported).isEmpty();
    }
}

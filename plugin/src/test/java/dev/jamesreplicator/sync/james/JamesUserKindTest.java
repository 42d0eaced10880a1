package dev.jamesreplicator.sync.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.model.User;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;

import dev.jamesreplicator.agent.AttachedAgent;
import dev.jamesreplicator.capture.ServerDataListener;
import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.replicator.QueueRecordsForTests;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.serverdata.ServerDataWrites;
import dev.jamesreplicator.state.ServerDataJournal;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.ServerDataSync;
import dev.jamesreplicator.sync.plan.ServerDataPlan;

/**
 * Two servers' users in James's real {@code MemoryUsersRepository}, with the agent's hook and the
 * plugin's listener: a user made, re-passworded or removed on one server logs in on the twin with
 * the same password, through the stored hash alone (docs/server-data.md). The JPA repository's
 * hashes: the agent's {@code JpaUserPasswordsTest}.
 */
class JamesUserKindTest {
    private static final Domain EXAMPLE = Domain.of("example.test");
    private static final Username BOB = Username.of("bob@example.test");

    @TempDir
    Path directory;

    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
    private Server a;
    private Server b;

    /** One server: its domain list and users, its journal and queue. */
    private final class Server {
        final MemoryDomainList domains = new MemoryDomainList(null);
        final MemoryUsersRepository users = MemoryUsersRepository.withVirtualHosting(domains);
        final ServerDataJournal journal;
        final ReplicationQueue queue;
        final JamesServerDataStore store;
        final ServerDataListener listener;

        Server(String name) throws Exception {
            StateStore state = new StateStore(directory.resolve(name));
            closing.add(state);
            journal = new ServerDataJournal(state);
            queue = QueueRecordsForTests.queue(state, directory.resolve(name));
            listener = new ServerDataListener(journal, queue);
            domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false).defaultDomain(EXAMPLE).build());
            store = new JamesServerDataStore(List.of(new JamesDomainKind(domains),
                new JamesUserKind(users, StoredPasswords.of(users).orElseThrow())), journal);
        }

        /** An administrator's change on this server: the hook reports it to this server's listener. */
        void admin(ThrowingRunnable change) throws Exception {
            ServerDataWrites.listen(listener);
            try {
                change.run();
            } finally {
                ServerDataWrites.stopListening(listener);
            }
        }

        void changePassword(Username user, String password) throws Exception {
            User stored = users.getUserByName(user);
            stored.setPassword(password);
            users.updateUser(stored);
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @BeforeEach
    void start() throws Exception {
        AttachedAgent.install();
        a = new Server("a");
        b = new Server("b");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : closing) {
            resource.close();
        }
    }

    private ServerDataPlan sync() throws Exception {
        ServerDataWrites.listen(b.listener);
        try {
            return new ServerDataSync(List.of("domain", "user")).sync(a.store, b.store, false);
        } finally {
            ServerDataWrites.stopListening(b.listener);
        }
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

        b.admin(() -> b.changePassword(BOB, "second secret"));
        sync();
        assertThat(a.users.test(BOB, "second secret")).isTrue();
        assertThat(a.users.test(BOB, "first secret")).isFalse();
        // A later change of the password there hashes it as James would, the repository's own algorithm.
        a.admin(() -> a.changePassword(BOB, "third secret"));
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
        a.admin(() -> a.changePassword(BOB, "secret"));
        assertThat(sync().writes()).isEmpty();
        assertThat(b.store.read().state()).isEqualTo(a.store.read().state()).isEqualTo(b.journal.common());
    }

    @Test
    void aPasswordChangedOnBothApartEndsWithTheTieBreakNodesOnBoth() throws Exception {
        a.admin(() -> a.users.addUser(BOB, "secret"));
        sync();
        a.admin(() -> a.changePassword(BOB, "a's choice"));
        b.admin(() -> b.changePassword(BOB, "b's choice"));
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
        b.admin(() -> b.changePassword(BOB, "changed"));
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

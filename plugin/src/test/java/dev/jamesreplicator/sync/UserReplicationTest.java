package dev.jamesreplicator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.junit.jupiter.api.Test;

/** Which user bases the replicator replicates, and what it says of the others. */
class UserReplicationTest {
    @Test
    void jamesMemoryUsersReplicate() {
        UserReplication replication = new UserReplication(MemoryUsersRepository.withVirtualHosting(new MemoryDomainList(null)));

        assertThat(replication.kind()).hasValueSatisfying(kind -> assertThat(kind.name()).isEqualTo("user"));
        assertThat(replication.notReplicated()).isEmpty();
    }

    @Test
    void aReadOnlyUserBaseIsLeftOutAndSaysWhy() {
        UsersRepository ldap = mock(UsersRepository.class);
        when(ldap.isReadOnly()).thenReturn(true);

        UserReplication replication = new UserReplication(ldap);

        assertThat(replication.kind()).isEmpty();
        assertThat(replication.notReplicated()).containsOnlyKeys("users");
        assertThat(replication.notReplicated().get("users")).contains("is read-only; both servers must share it");
    }

    @Test
    void aRepositoryTheReplicatorCannotWriteAHashIntoIsLeftOutAndSaysWhich() {
        UsersRepository other = mock(UsersRepository.class);

        UserReplication replication = new UserReplication(other);

        assertThat(replication.kind()).isEmpty();
        assertThat(replication.notReplicated().get("users"))
            .contains("cannot store a password hash in James's " + other.getClass().getName());
    }
}

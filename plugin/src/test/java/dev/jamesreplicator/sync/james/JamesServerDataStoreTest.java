package dev.jamesreplicator.sync.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.mailbox.model.Quota;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.sync.SyncException;

/**
 * Two servers' domains and recipient rewrites in James's real memory domain lists and rewrite
 * tables, with the agent's hooks and the plugin's listener: what an administrator does through
 * James's API is journaled and synced to the twin through James's API, the replicator's own
 * writes are neither journaled nor queued (docs/server-data.md).
 */
class JamesServerDataStoreTest {
    private static final Domain EXAMPLE = ServerDataTwins.EXAMPLE;
    private static final QuotaRoot BOB = QuotaRoot.quotaRoot("#private&bob@example.test", Optional.of(EXAMPLE));

    @TempDir
    Path directory;

    private ServerDataTwins twins;
    private ServerDataTwins.Server a;
    private ServerDataTwins.Server b;

    @BeforeEach
    void start() throws Exception {
        twins = new ServerDataTwins(directory, server -> List.of(new JamesDomainKind(server.domains),
            new JamesRewriteKind(server.rewrites), new JamesQuotaKind(server.quotas, server.domains, server.users, ServerDataTwins.ROOTS)));
        a = twins.a;
        b = twins.b;
        // A user's quota limit is read only for a user James has.
        for (ServerDataTwins.Server server : List.of(a, b)) {
            server.users.addUser(Username.of("bob@example.test"), "secret");
        }
    }

    @AfterEach
    void stop() throws Exception {
        twins.close();
    }

    private void sync() throws Exception {
        twins.sync();
    }

    @Test
    void domainsDomainAliasesAndForwardsReachTheTwinThroughJamesApiAndRemovalsFollow() throws Exception {
        a.admin(() -> {
            a.domains.addDomain(Domain.of("alias.test"));
            a.rewrites.addDomainAliasMapping(MappingSource.fromDomain(Domain.of("alias.test")), EXAMPLE);
            a.rewrites.addForwardMapping(MappingSource.fromUser("bob", EXAMPLE), "bob@remote.test");
        });
        assertThat(a.queue.status(ServerItems.UNIT)).as("the server unit queued").isPresent();
        sync();

        assertThat(b.domains.containsDomain(Domain.of("alias.test"))).isTrue();
        assertThat(b.rewrites.getStoredMappings(MappingSource.fromDomain(Domain.of("alias.test"))))
            .containsExactly(Mapping.domainAlias(EXAMPLE));
        assertThat(b.rewrites.getStoredMappings(MappingSource.fromUser("bob", EXAMPLE))).containsExactly(Mapping.forward("bob@remote.test"));
        assertThat(b.journal.tombstones().removed()).as("the replicator's own writes leave no record").isEmpty();
        assertThat(b.queue.status(ServerItems.UNIT)).as("nor queue the unit back").isEmpty();
        assertThat(b.store.read().state()).isEqualTo(a.store.read().state()).isEqualTo(a.journal.common());

        b.admin(() -> b.rewrites.removeForwardMapping(MappingSource.fromUser("bob", EXAMPLE), "bob@remote.test"));
        a.admin(() -> a.domains.removeDomain(Domain.of("alias.test")));
        assertThat(b.journal.tombstones().removes("rewrite", "bob@example.test -> forward:bob@remote.test")).isTrue();
        sync();
        assertThat(a.rewrites.getAllMappings()).doesNotContainKey(MappingSource.fromUser("bob", EXAMPLE));
        assertThat(b.domains.containsDomain(Domain.of("alias.test"))).isFalse();
        assertThat(b.store.read().state()).isEqualTo(a.store.read().state());
        assertThat(a.journal.tombstones().isEmpty() && b.journal.tombstones().isEmpty()).isTrue();
    }

    @Test
    void quotaLimitsGlobalPerDomainAndPerUserReachTheTwinAndAConflictEndsWithTheTieBreaksValue() throws Exception {
        a.admin(() -> {
            a.quotas.setGlobalMaxMessage(QuotaCountLimit.count(1000));
            a.quotas.setDomainMaxStorage(EXAMPLE, QuotaSizeLimit.unlimited());
            a.quotas.setMaxMessage(BOB, QuotaCountLimit.count(10));
        });
        sync();
        assertThat(b.quotas.getGlobalMaxMessage()).contains(QuotaCountLimit.count(1000));
        assertThat(b.quotas.getDomainMaxStorage(EXAMPLE)).contains(QuotaSizeLimit.unlimited());
        assertThat(b.quotas.listMaxMessagesDetails(BOB)).containsEntry(Quota.Scope.User, QuotaCountLimit.count(10));

        // Apart: both change bob's limit (b, whose name sorts last, wins), a removes the global one.
        a.admin(() -> a.quotas.setMaxMessage(BOB, QuotaCountLimit.count(20)));
        b.admin(() -> b.quotas.setMaxMessage(BOB, QuotaCountLimit.count(30)));
        a.admin(() -> a.quotas.removeGlobalMaxMessage());
        sync();
        assertThat(a.quotas.listMaxMessagesDetails(BOB)).containsEntry(Quota.Scope.User, QuotaCountLimit.count(30));
        assertThat(b.quotas.getGlobalMaxMessage()).isEmpty();
        assertThat(b.store.read().state()).isEqualTo(a.store.read().state());

        // A domain with a limit removed on a: James keeps the limit, the domain's removal still reaches b.
        a.admin(() -> a.domains.addDomain(Domain.of("limited.test")));
        a.admin(() -> a.quotas.setDomainMaxMessage(Domain.of("limited.test"), QuotaCountLimit.count(5)));
        sync();
        a.admin(() -> a.domains.removeDomain(Domain.of("limited.test")));
        sync();
        assertThat(b.domains.containsDomain(Domain.of("limited.test"))).isFalse();
        assertThat(b.store.read().state()).isEqualTo(a.store.read().state());
    }

    @Test
    void anItemChangedSinceThePlanIsAConflictAndStaysAsTheAdministratorLeftIt() throws Exception {
        b.admin(() -> b.domains.addDomain(Domain.of("new.test")));
        assertThatThrownBy(() -> b.store.write("domain", "new.test", Optional.empty(), Optional.empty()))
            .isInstanceOf(SyncException.class).extracting(e -> ((SyncException) e).code()).isEqualTo(SyncException.Code.CONFLICT);
        assertThat(b.domains.containsDomain(Domain.of("new.test"))).isTrue();
    }

    @Test
    void theStoredDomainsAreReadNotTheDefaultOnlyOnes() throws Exception {
        assertThat(a.store.read().state().items("domain")).isEqualTo(Map.of("example.test", ""));
    }
}

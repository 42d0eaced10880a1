package dev.jamesreplicator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.backends.jpa.JpaTestCluster;
import org.apache.james.core.Domain;
import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.jpa.JPADomainList;
import org.apache.james.domainlist.jpa.model.JPADomain;
import org.apache.james.domainlist.lib.AbstractDomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.mailbox.inmemory.quota.InMemoryPerUserMaxQuotaManager;
import org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaDAO;
import org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaManager;
import org.apache.james.mailbox.jpa.quota.model.MaxDomainMessageCount;
import org.apache.james.mailbox.jpa.quota.model.MaxDomainStorage;
import org.apache.james.mailbox.jpa.quota.model.MaxGlobalMessageCount;
import org.apache.james.mailbox.jpa.quota.model.MaxGlobalStorage;
import org.apache.james.mailbox.jpa.quota.model.MaxUserMessageCount;
import org.apache.james.mailbox.jpa.quota.model.MaxUserStorage;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.MaxQuotaManager;
import org.apache.james.rrt.api.RecipientRewriteTableConfiguration;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.jpa.model.JPARecipientRewrite;
import org.apache.james.rrt.lib.AbstractRecipientRewriteTable;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.memory.MemoryRecipientRewriteTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.jamesreplicator.serverdata.ServerDataChange;
import dev.jamesreplicator.serverdata.ServerDataWrites;
import reactor.core.publisher.Mono;

/**
 * The server data hooks fire on James's real domain lists and recipient rewrite tables: the
 * memory ones and the JPA ones (over an in-memory Derby), the classes the project's two servers bind;
 * the same for the max quota managers.
 */
class ServerDataHookTest {
    private static final Domain EXAMPLE = Domain.of("example.test");
    private static final Domain ALIAS = Domain.of("alias.test");
    private static JpaTestCluster jpa;

    private final List<String> reported = new CopyOnWriteArrayList<>();
    private final ServerDataWrites.Listener listener = change -> reported.add(change.toString());
    private DomainList domains;
    private AbstractRecipientRewriteTable rewrites;
    private MaxQuotaManager quotas;

    enum Backend {
        MEMORY, JPA
    }

    @BeforeEach
    void hook() {
        AttachedAgent.install();
    }

    private void open(Backend backend) throws Exception {
        AbstractDomainList list;
        if (backend == Backend.MEMORY) {
            list = new MemoryDomainList(null);
            rewrites = new MemoryRecipientRewriteTable();
            quotas = new InMemoryPerUserMaxQuotaManager();
        } else {
            if (jpa == null) {
                jpa = JpaTestCluster.create(JPADomain.class, JPARecipientRewrite.class, MaxDomainMessageCount.class,
                    MaxDomainStorage.class, MaxGlobalMessageCount.class, MaxGlobalStorage.class, MaxUserMessageCount.class,
                    MaxUserStorage.class);
            }
            jpa.clear("JAMES_DOMAIN", "JAMES_RECIPIENT_REWRITE", "JAMES_MAX_DOMAIN_MESSAGE_COUNT", "JAMES_MAX_DOMAIN_STORAGE",
                "JAMES_MAX_GLOBAL_MESSAGE_COUNT", "JAMES_MAX_GLOBAL_STORAGE", "JAMES_MAX_USER_MESSAGE_COUNT", "JAMES_MAX_USER_STORAGE");
            list = new JPADomainList(null, jpa.getEntityManagerFactory());
            JPARecipientRewriteTable table = new JPARecipientRewriteTable();
            table.setEntityManagerFactory(jpa.getEntityManagerFactory());
            rewrites = table;
            quotas = new JPAPerUserMaxQuotaManager(jpa.getEntityManagerFactory(),
                new JPAPerUserMaxQuotaDAO(jpa.getEntityManagerFactory()));
        }
        list.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false)
            .defaultDomain(EXAMPLE).build());
        domains = list;
        rewrites.setDomainList(domains);
        rewrites.setConfiguration(RecipientRewriteTableConfiguration.DEFAULT_ENABLED);
        // Reported from here on: James's own start-up (the default domain) went before the plugin listened.
        ServerDataWrites.listen(listener);
    }

    @AfterEach
    void stop() {
        ServerDataWrites.stopListening(listener);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void domainsAddedAndRemovedAreReportedOnceEach(Backend backend) throws Exception {
        open(backend);
        domains.addDomain(ALIAS);
        domains.removeDomain(ALIAS);
        assertThat(reported).containsExactly("set domain alias.test", "removed domain alias.test");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aChangeJamesRefusesIsNotReported(Backend backend) throws Exception {
        open(backend);
        assertThatThrownBy(() -> domains.addDomain(EXAMPLE)).isInstanceOf(Exception.class);
        // The default domain: removeDomain refuses it before doRemoveDomain.
        assertThatThrownBy(() -> domains.removeDomain(EXAMPLE)).isInstanceOf(Exception.class);
        assertThat(reported).isEmpty();
        assertThat(domains.containsDomain(EXAMPLE)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void mappingsThroughJamesApiAreReportedWithTheirKeys(Backend backend) throws Exception {
        open(backend);
        domains.addDomain(ALIAS);
        reported.clear();
        // WebAdmin's routes call these; each ends in addMapping/removeMapping.
        rewrites.addDomainAliasMapping(MappingSource.fromDomain(ALIAS), EXAMPLE);
        rewrites.addForwardMapping(MappingSource.fromUser("bob", EXAMPLE), "bob@remote.test");
        rewrites.removeDomainAliasMapping(MappingSource.fromDomain(ALIAS), EXAMPLE);
        assertThat(reported).containsExactly(
            "set rewrite *@alias.test -> domainAlias:example.test",
            "set rewrite bob@example.test -> forward:bob@remote.test",
            "removed rewrite *@alias.test -> domainAlias:example.test");
        // The keys read back as James's own values.
        String key = ServerDataChange.rewriteKey(MappingSource.fromDomain(ALIAS), Mapping.domainAlias(EXAMPLE));
        assertThat(ServerDataChange.rewriteSource(key)).isEqualTo(MappingSource.fromDomain(ALIAS));
        assertThat(ServerDataChange.rewriteMapping(key)).isEqualTo(Mapping.domainAlias(EXAMPLE));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void quotaLimitsSetAndRemovedAreReportedWithTheirScope(Backend backend) throws Exception {
        open(backend);
        QuotaRoot bob = QuotaRoot.quotaRoot("#private&bob@example.test", Optional.of(EXAMPLE));
        quotas.setGlobalMaxMessage(QuotaCountLimit.count(1000));
        quotas.setDomainMaxStorage(EXAMPLE, QuotaSizeLimit.unlimited());
        // WebAdmin's routes call the reactive methods; they run these.
        Mono.from(quotas.setMaxMessageReactive(bob, QuotaCountLimit.count(10))).block();
        Mono.from(quotas.removeMaxMessageReactive(bob)).block();
        quotas.removeGlobalMaxMessage();
        assertThat(reported).containsExactly("set quota global count", "set quota domain:example.test size",
            "set quota user:bob@example.test count", "removed quota user:bob@example.test count", "removed quota global count");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theReplicatorsOwnWritesAreNotReported(Backend backend) throws Exception {
        open(backend);
        ServerDataWrites.asReplicator(() -> {
            domains.addDomain(ALIAS);
            rewrites.addMapping(MappingSource.fromUser("ann", EXAMPLE), Mapping.alias("bob@example.test"));
            return null;
        });
        assertThat(reported).isEmpty();
        assertThat(domains.containsDomain(ALIAS)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aReadUnderTheLockWaitsForAChangeAndItsRecord(Backend backend) throws Exception {
        open(backend);
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServerDataWrites.listen(change -> {
            inListener.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reported.add(change.toString());
        });
        CompletableFuture<Void> change = CompletableFuture.runAsync(() -> {
            try {
                domains.addDomain(ALIAS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inListener.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicReference<Thread> reader = new AtomicReference<>();
        CompletableFuture<List<String>> read = CompletableFuture.supplyAsync(() -> {
            reader.set(Thread.currentThread());
            try {
                return ServerDataWrites.locked(() -> List.copyOf(reported));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Until the reading thread is parked on the lock, at most 5 s.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reader.get() == null || reader.get().getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("the read waits for the lock").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(read).as("the read waits for the change's record").isNotDone();
        release.countDown();
        assertThat(read.get(10, TimeUnit.SECONDS)).containsExactly("set domain alias.test");
        change.get(10, TimeUnit.SECONDS);
    }
}

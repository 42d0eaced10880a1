package dev.jamesreplicator.agent;

import java.time.Clock;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.backends.jpa.JpaTestCluster;
import org.apache.james.events.EventBus;
import org.apache.james.events.InVMEventBus;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.mailbox.Authorizator;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.jpa.JPAAttachmentContentLoader;
import org.apache.james.mailbox.jpa.JPAMailboxFixture;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMailboxManager;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.extractor.DefaultTextExtractor;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;
import org.apache.james.metrics.tests.RecordingMetricFactory;

/**
 * A real James 3.8.1 JPA mailbox manager ({@code OpenJPAMailboxManager}) on an in-memory Derby,
 * wired as James's JPA server wires it: the served, already enhanced entities, James's own
 * {@code JpaTestCluster} for the EntityManagerFactory, {@code JPAUidProvider} and
 * {@code JPAModSeqProvider} in {@code JPAMailboxSessionMapperFactory}, and the naive thread guess
 * (the search-based one needs a message-id mapper JPA does not have). The test cluster's database
 * is one per JVM: each start empties its mailbox tables.
 */
public final class JpaJames extends StoreJames {
    private static JpaTestCluster cluster;

    private JpaJames(OpenJPAMailboxManager mailboxManager, JPAMailboxSessionMapperFactory mappers, EventBus eventBus) {
        super(mailboxManager, mappers, eventBus);
    }

    public static synchronized JpaJames start() {
        if (cluster == null) {
            // As the pair's jvm.properties sets it: a deadlock's victim is chosen after 2 s, not 20.
            System.setProperty("derby.locks.deadlockTimeout", "2");
            cluster = JpaTestCluster.create(JPAMailboxFixture.MAILBOX_PERSISTANCE_CLASSES);
        }
        cluster.clear(JPAMailboxFixture.MAILBOX_TABLE_NAMES);
        EntityManagerFactory entityManagers = cluster.getEntityManagerFactory();
        JPAMailboxSessionMapperFactory mappers = new JPAMailboxSessionMapperFactory(entityManagers,
            new JPAUidProvider(entityManagers), new JPAModSeqProvider(entityManagers));
        EventBus eventBus = new InVMEventBus(new InVmEventDelivery(new RecordingMetricFactory()),
            RetryBackoffConfiguration.DEFAULT, new MemoryEventDeadLetters());
        StoreRightManager rights = new StoreRightManager(mappers, new UnionMailboxACLResolver(), eventBus);
        // Tests only use system sessions: nobody logs in.
        SessionProviderImpl sessions = new SessionProviderImpl((user, password) -> false,
            (user, other) -> Authorizator.AuthorizationState.FORBIDDEN);
        OpenJPAMailboxManager manager = new OpenJPAMailboxManager(mappers, sessions, new MessageParser(),
            new DefaultMessageId.Factory(), eventBus, new StoreMailboxAnnotationManager(mappers, rights), rights,
            QuotaComponents.disabled(sessions, mappers),
            new SimpleMessageSearchIndex(mappers, mappers, new DefaultTextExtractor(), new JPAAttachmentContentLoader()),
            new NaiveThreadIdGuessingAlgorithm(), Clock.systemUTC());
        return new JpaJames(manager, mappers, eventBus);
    }

    /** An EntityManager of the last started JPA James's database, for the caller to close. */
    static EntityManager entityManager() {
        return cluster.getEntityManagerFactory().createEntityManager();
    }

    /** The EntityManagerFactory of the last started JPA James. */
    static EntityManagerFactory entityManagerFactory() {
        return cluster.getEntityManagerFactory();
    }

    /** Rows in one of the mailbox tables of the last started JPA James. */
    static long rows(String table) {
        EntityManager entityManager = cluster.getEntityManagerFactory().createEntityManager();
        try {
            return ((Number) entityManager.createNativeQuery("SELECT COUNT(*) FROM " + table).getSingleResult()).longValue();
        } finally {
            entityManager.close();
        }
    }
}

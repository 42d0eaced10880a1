package dev.jamesreplicator.jpaserver;

import java.io.FileNotFoundException;

import javax.inject.Singleton;
import javax.jms.ConnectionFactory;

import org.apache.activemq.store.PersistenceAdapter;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.queue.activemq.ActiveMQConfiguration;
import org.apache.james.queue.activemq.ActiveMQHealthCheck;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.EmbeddedActiveMQ;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorImpl;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The mail queues (the spool, and any a mailet enqueues to) in an embedded ActiveMQ broker that
 * keeps them in KahaDB under var/store/activemq: mail SMTP accepted with 250 survives a crash
 * before its delivery. Binds the same MailQueueFactory keys as the memory app's
 * MemoryMailQueueModule, so it overrides it.
 */
public final class ActiveMqQueueModule extends AbstractModule {
    private static final String FILE = "activemq";

    @Override
    protected void configure() {
        bind(PersistenceAdapter.class).to(KahaDBPersistenceAdapter.class);
        bind(KahaDBPersistenceAdapter.class).in(Scopes.SINGLETON);
        bind(EmbeddedActiveMQ.class).in(Scopes.SINGLETON);
        bind(ActiveMQMailQueueFactory.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollectorImpl.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollector.class).to(ActiveMQMetricCollectorImpl.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(ActiveMQHealthCheck.class);
    }

    @Provides
    @Singleton
    ConnectionFactory connectionFactory(EmbeddedActiveMQ broker) {
        return broker.getConnectionFactory();
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableMailQueueFactory(ActiveMQMailQueueFactory factory) {
        // JMX is off in the node's conf: queue MBeans would have nowhere to go.
        factory.setUseJMX(false);
        factory.init();
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> mailQueueFactory(MailQueueFactory<? extends ManageableMailQueue> factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> mailQueueFactoryGenerics(MailQueueFactory<? extends ManageableMailQueue> factory) {
        return factory;
    }

    /** conf/activemq.properties if there is one (metrics settings), else ActiveMQ's defaults. */
    @Provides
    @Singleton
    ActiveMQConfiguration configuration(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return ActiveMQConfiguration.from(propertiesProvider.getConfiguration(FILE));
        } catch (FileNotFoundException e) {
            return ActiveMQConfiguration.getDefault();
        }
    }

    @ProvidesIntoSet
    InitializationOperation startMetricCollector(ActiveMQMetricCollector collector) {
        return InitilizationOperationBuilder
            .forClass(ActiveMQMetricCollector.class)
            .init(collector::start);
    }
}

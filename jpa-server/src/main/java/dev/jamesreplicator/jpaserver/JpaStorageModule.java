package dev.jamesreplicator.jpaserver;

import javax.persistence.EntityManagerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * Everything the server keeps in its database: mailboxes and mail ({@link JpaMailboxModule}),
 * domains, users and recipient rewrites ({@link JpaDataModule}), over one EntityManagerFactory
 * on conf/james-database.properties. Meant to override the memory app's modules.
 */
public final class JpaStorageModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new JpaMailboxModule());
        install(new JpaDataModule());
        bind(EntityManagerFactory.class).toProvider(EntityManagerFactoryProvider.class).in(Scopes.SINGLETON);
    }
}

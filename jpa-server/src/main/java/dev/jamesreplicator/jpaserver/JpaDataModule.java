package dev.jamesreplicator.jpaserver;

import javax.persistence.EntityManagerFactory;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.jpa.JPADomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.jpa.JPAUsersRepository;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Domains, users and recipient rewrites (aliases, forwards) in JPA, in place of the memory app's
 * MemoryDataModule and MemoryUsersRepositoryModule bindings. Each repository is configured from
 * its usual conf file once Guice has built it, as James does for every repository.
 */
final class JpaDataModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JPADomainList.class).in(Scopes.SINGLETON);
        bind(DomainList.class).to(JPADomainList.class);
        bind(JPARecipientRewriteTable.class).in(Scopes.SINGLETON);
        bind(RecipientRewriteTable.class).to(JPARecipientRewriteTable.class);
        bind(JPAUsersRepository.class).in(Scopes.SINGLETON);
        bind(UsersRepository.class).to(JPAUsersRepository.class);
    }

    @ProvidesIntoSet
    InitializationOperation configureDomainList(DomainListConfiguration configuration, JPADomainList domainList) {
        return InitilizationOperationBuilder
            .forClass(JPADomainList.class)
            .init(() -> domainList.configure(configuration));
    }

    @ProvidesIntoSet
    InitializationOperation configureRecipientRewriteTable(ConfigurationProvider configurationProvider,
                                                           JPARecipientRewriteTable table, EntityManagerFactory factory) {
        return InitilizationOperationBuilder
            .forClass(JPARecipientRewriteTable.class)
            .init(() -> {
                table.setEntityManagerFactory(factory);
                table.configure(configurationProvider.getConfiguration("recipientrewritetable"));
            });
    }

    @ProvidesIntoSet
    InitializationOperation configureUsersRepository(ConfigurationProvider configurationProvider,
                                                     JPAUsersRepository users, EntityManagerFactory factory) {
        return InitilizationOperationBuilder
            .forClass(JPAUsersRepository.class)
            .init(() -> {
                users.setEntityManagerFactory(factory);
                users.configure(configurationProvider.getConfiguration("usersrepository"));
                users.init();
            });
    }
}

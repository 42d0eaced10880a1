package dev.jamesreplicator.agent;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.backends.jpa.JpaTestCluster;
import org.apache.james.core.Domain;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.user.jpa.JPAUsersRepository;

/** James's users repositories as the project's servers configure them (virtual hosting), for the hooks' tests. */
public final class TestUsers {
    private TestUsers() {
    }

    /** A memory domain list holding {@code domain} as its default, nothing detected. */
    public static MemoryDomainList domains(Domain domain) throws Exception {
        MemoryDomainList domains = new MemoryDomainList(null);
        domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false).defaultDomain(domain).build());
        return domains;
    }

    /** James's JPA users repository over {@code jpa} (its JAMES_USER table emptied first). */
    public static JPAUsersRepository jpa(JpaTestCluster jpa, MemoryDomainList domains) throws Exception {
        jpa.clear("JAMES_USER");
        JPAUsersRepository repository = new JPAUsersRepository(domains);
        repository.setEntityManagerFactory(jpa.getEntityManagerFactory());
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("enableVirtualHosting", true);
        repository.configure(configuration);
        repository.init();
        return repository;
    }
}

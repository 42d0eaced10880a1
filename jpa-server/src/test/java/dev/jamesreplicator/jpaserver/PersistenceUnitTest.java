package dev.jamesreplicator.jpaserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.jpa.model.JPADomain;
import org.apache.openjpa.enhance.PersistenceCapable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistence unit against a real embedded Derby: its schema builds and an entity survives a new factory. */
class PersistenceUnitTest {
    @TempDir
    Path workingDirectory;

    @Test
    void aDomainWrittenIsReadBackByTheNextFactoryAndTheEntitiesComeEnhanced() {
        Map<String, String> properties = DatabaseSettings.toPersistenceProperties(Map.of(
            "database.driverClassName", "org.apache.derby.jdbc.EmbeddedDriver",
            "database.url", "jdbc:derby:${working.directory}/var/store/derby;create=true",
            "database.username", "app",
            "database.password", "app"), workingDirectory.toString());

        EntityManagerFactory first = Persistence.createEntityManagerFactory(EntityManagerFactoryProvider.PERSISTENCE_UNIT, new HashMap<>(properties));
        try {
            EntityManager manager = first.createEntityManager();
            manager.getTransaction().begin();
            manager.persist(new JPADomain(Domain.of("kept.test")));
            manager.getTransaction().commit();
            manager.close();
        } finally {
            first.close();
        }

        EntityManagerFactory second = Persistence.createEntityManagerFactory(EntityManagerFactoryProvider.PERSISTENCE_UNIT, new HashMap<>(properties));
        try {
            EntityManager manager = second.createEntityManager();
            List<?> domains = manager.createQuery("SELECT d FROM JamesDomain d").getResultList();
            assertThat(domains).hasSize(1).allMatch(PersistenceCapable.class::isInstance);
            manager.close();
        } finally {
            second.close();
        }
        assertThat(workingDirectory.resolve("var/store/derby")).isDirectory();
    }
}

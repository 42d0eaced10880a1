package dev.jamesreplicator.jpaserver;

import java.io.FileNotFoundException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;

/** The one EntityManagerFactory of the server: persistence unit "Global" on the database of conf/james-database.properties. */
final class EntityManagerFactoryProvider implements Provider<EntityManagerFactory> {
    static final String PERSISTENCE_UNIT = "Global";
    private static final String FILE = "james-database";

    private final PropertiesProvider propertiesProvider;

    @Inject
    EntityManagerFactoryProvider(PropertiesProvider propertiesProvider) {
        this.propertiesProvider = propertiesProvider;
    }

    @Override
    public EntityManagerFactory get() {
        String workingDirectory = System.getProperty("working.directory", ".");
        EntityManagerFactory factory = Persistence.createEntityManagerFactory(PERSISTENCE_UNIT,
            DatabaseSettings.toPersistenceProperties(read(), workingDirectory));
        MailboxPathIndex.ensure(factory);
        return factory;
    }

    /** James splits property values at commas; an OpenJPA setting needs them back as written. */
    private static String raw(Object value) {
        if (value instanceof Collection) {
            return ((Collection<?>) value).stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    private Map<String, String> read() {
        try {
            // Raw values: ${working.directory} is ours to replace, not the configuration's.
            Configuration file = propertiesProvider.getConfiguration(FILE);
            Map<String, String> values = new HashMap<>();
            for (Iterator<String> keys = file.getKeys(); keys.hasNext(); ) {
                String key = keys.next();
                values.put(key, raw(file.getProperty(key)));
            }
            return values;
        } catch (FileNotFoundException e) {
            throw new IllegalStateException("conf/" + FILE + ".properties is missing: the JPA server needs its database there", e);
        } catch (ConfigurationException e) {
            throw new IllegalStateException("conf/" + FILE + ".properties cannot be read: " + e.getMessage(), e);
        }
    }
}

package dev.jamesreplicator.jpaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {
    private static final Map<String, String> DERBY = Map.of(
        "database.driverClassName", "org.apache.derby.jdbc.EmbeddedDriver",
        "database.url", "jdbc:derby:${working.directory}/var/store/derby;create=true",
        "database.username", "app",
        "database.password", "app");

    @Test
    void theDerbyDefaultLandsInTheWorkingDirectory() {
        Map<String, String> properties = DatabaseSettings.toPersistenceProperties(DERBY, "/srv/james/a");

        assertThat(properties)
            .containsEntry("openjpa.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver")
            .containsEntry("openjpa.ConnectionURL", "jdbc:derby:/srv/james/a/var/store/derby;create=true")
            .containsEntry("openjpa.ConnectionUserName", "app")
            .containsEntry("openjpa.ConnectionPassword", "app")
            .containsEntry("openjpa.jdbc.DBDictionary", "derby");
    }

    @Test
    void theDictionaryFollowsTheUrl() {
        Map<String, String> properties = DatabaseSettings.toPersistenceProperties(Map.of(
            "database.driverClassName", "org.postgresql.Driver",
            "database.url", "jdbc:postgresql://127.0.0.1:5432/james"), "/w");

        assertThat(properties).containsEntry("openjpa.jdbc.DBDictionary", "postgres")
            .doesNotContainKeys("openjpa.ConnectionUserName", "openjpa.ConnectionPassword");
        assertThat(DatabaseSettings.dictionaryFor("jdbc:mariadb://db/james")).contains("mariadb");
        assertThat(DatabaseSettings.dictionaryFor("jdbc:h2:mem:x")).contains("h2");
    }

    @Test
    void anUnknownDatabaseIsLeftToOpenJpaAndAnExplicitDictionaryWins() {
        Map<String, String> unknown = DatabaseSettings.toPersistenceProperties(Map.of(
            "database.driverClassName", "com.example.Driver",
            "database.url", "jdbc:exotic://db"), "/w");
        Map<String, String> explicit = DatabaseSettings.toPersistenceProperties(Map.of(
            "database.driverClassName", "org.postgresql.Driver",
            "database.url", "jdbc:postgresql://db/james",
            "openjpa.jdbc.DBDictionary", "postgres(SupportsSelectForUpdate=false)",
            "openjpa.DataCache", "false"), "/w");

        assertThat(unknown).doesNotContainKey("openjpa.jdbc.DBDictionary");
        assertThat(explicit).containsEntry("openjpa.jdbc.DBDictionary", "postgres(SupportsSelectForUpdate=false)")
            .containsEntry("openjpa.DataCache", "false");
    }

    @Test
    void thePoolSettingsBecomeOpenJpaConnectionPropertiesWithOurDefaultsWhereNotGiven() {
        Map<String, String> pooled = DatabaseSettings.toPersistenceProperties(Map.of(
            "database.driverClassName", "org.postgresql.Driver",
            "database.url", "jdbc:postgresql://db/james",
            "datasource.maxTotal", "20",
            "datasource.testOnBorrow", "true",
            "datasource.validationQuery", "SELECT 1",
            "datasource.validationQueryTimeoutSec", "2"), "/w");

        assertThat(pooled).containsEntry("openjpa.ConnectionProperties",
            "MaxTotal=20,TestOnBorrow=true,ValidationSQL='SELECT 1',ValidationTimeout=2000,MaxWaitMillis=30000");
        assertThat(DatabaseSettings.toPersistenceProperties(DERBY, "/w"))
            .containsEntry("openjpa.ConnectionProperties", "MaxTotal=32,MaxWaitMillis=30000");
    }

    @Test
    void idBlocksComeFromAConnectionFactoryOfTheirOwnOnTheSameDatabase() {
        Map<String, String> properties = DatabaseSettings.toPersistenceProperties(DERBY, "/srv/james/a");

        assertThat(properties)
            .containsEntry("openjpa.Connection2DriverName", "org.apache.derby.jdbc.EmbeddedDriver")
            .containsEntry("openjpa.Connection2URL", "jdbc:derby:/srv/james/a/var/store/derby;create=true")
            .containsEntry("openjpa.Connection2UserName", "app")
            .containsEntry("openjpa.Connection2Password", "app");
    }

    @Test
    void aMissingUrlIsNamed() {
        assertThatThrownBy(() -> DatabaseSettings.toPersistenceProperties(
                Map.of("database.driverClassName", "org.apache.derby.jdbc.EmbeddedDriver"), "/w"))
            .hasMessageContaining("database.url");
    }
}

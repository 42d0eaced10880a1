package dev.jamesreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.server.core.configuration.FileConfigurationProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicationConfigParserTest {
    private static final String PASSWORD = "0123456789abcdef-long-enough";

    @TempDir
    Path workingDirectory;

    private ReplicationConfig parse(String body, Map<String, String> environment) throws Exception {
        HierarchicalConfiguration<ImmutableNode> xml = FileConfigurationProvider.getConfig(
            new ByteArrayInputStream(("<replication>" + body + "</replication>").getBytes(StandardCharsets.UTF_8)));
        return new ReplicationConfigParser(environment::get, workingDirectory).parse(xml);
    }

    private ReplicationConfig parse(String body) throws Exception {
        return parse(body, Map.of());
    }

    @Test
    void aMinimalFileGetsTheDocumentedDefaults() throws Exception {
        ReplicationConfig config = parse("<nodeName>a</nodeName><twin>mail2.example.com</twin><password>" + PASSWORD + "</password>");

        assertThat(config.nodeName()).isEqualTo("a");
        assertThat(config.twin()).isEqualTo(new HostPort("mail2.example.com", 12345));
        assertThat(config.bind()).isEqualTo(new HostPort("0.0.0.0", 12345));
        assertThat(config.maxConnections()).isEqualTo(10);
        assertThat(config.idleConnections()).isEqualTo(2);
        assertThat(config.fullSyncInterval()).isEqualTo(Duration.ofDays(1));
        assertThat(config.syncTimeout()).isEqualTo(Duration.ZERO);
        assertThat(config.stateDirectory()).isEqualTo(workingDirectory.resolve("var/replication"));
        assertThat(config.spoolDirectory()).isEqualTo(workingDirectory.resolve("var/replication/tmp"));
        assertThat(config.maxMessageSize()).isEqualTo(256L * 1024 * 1024);
    }

    @Test
    void everySettingIsRead() throws Exception {
        ReplicationConfig config = parse("<nodeName>b</nodeName><bind>127.0.0.1:12345</bind><twin>[::1]:11345</twin>"
            + "<password>" + PASSWORD + "</password><maxConnections>3</maxConnections><idleConnections>3</idleConnections>"
            + "<fullSyncInterval>12h</fullSyncInterval><syncTimeout>2s</syncTimeout><stateDirectory>/tmp/x</stateDirectory>"
            + "<maxMessageSize>1G</maxMessageSize>");

        assertThat(config.bind()).isEqualTo(new HostPort("127.0.0.1", 12345));
        assertThat(config.twin()).isEqualTo(new HostPort("::1", 11345));
        assertThat(config.maxConnections()).isEqualTo(3);
        assertThat(config.idleConnections()).isEqualTo(3);
        assertThat(config.fullSyncInterval()).isEqualTo(Duration.ofHours(12));
        assertThat(config.syncTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.stateDirectory()).isEqualTo(Path.of("/tmp/x"));
        assertThat(config.maxMessageSize()).isEqualTo(1L << 30);
    }

    @Test
    void theMessageSizeLimitTakesJamesSizesUpToWhatJamesCanStore() throws Exception {
        String base = "<nodeName>a</nodeName><twin>h:1</twin><password>" + PASSWORD + "</password>";
        assertThat(parse(base + "<maxMessageSize>64m</maxMessageSize>").maxMessageSize()).isEqualTo(64L << 20);
        assertThat(parse(base + "<maxMessageSize>512K</maxMessageSize>").maxMessageSize()).isEqualTo(512L << 10);
        assertThat(parse(base + "<maxMessageSize>1000000</maxMessageSize>").maxMessageSize()).isEqualTo(1_000_000L);
        assertThat(parse(base + "<maxMessageSize>2047M</maxMessageSize>").maxMessageSize()).isEqualTo(2047L << 20);
        for (String bad : new String[] {"0", "-1", "lots", "1.5G", "UNLIMITED"}) {
            assertThatThrownBy(() -> parse(base + "<maxMessageSize>" + bad + "</maxMessageSize>"))
                .isInstanceOf(InvalidReplicationConfigException.class)
                .hasMessageContaining("conf/replication.xml, setting <maxMessageSize>: '" + bad + "' is not a size")
                .hasMessageContaining("Fix:");
        }
        assertThatThrownBy(() -> parse(base + "<maxMessageSize>2G</maxMessageSize>"))
            .hasMessageContaining("<maxMessageSize>").hasMessageContaining("above what James can store").hasMessageContaining("2047M");
    }

    @Test
    void idleConnectionsGoFromNoneToMaxConnections() throws Exception {
        String base = "<nodeName>a</nodeName><twin>h:1</twin><password>" + PASSWORD + "</password>";
        assertThat(parse(base + "<idleConnections>0</idleConnections>").idleConnections()).isZero();
        assertThat(parse(base + "<maxConnections>1</maxConnections>").idleConnections()).as("the default, capped").isEqualTo(1);
        assertThatThrownBy(() -> parse(base + "<maxConnections>4</maxConnections><idleConnections>5</idleConnections>"))
            .isInstanceOf(InvalidReplicationConfigException.class)
            .hasMessageContaining("conf/replication.xml, setting <idleConnections>: '5' is not a whole number from 0 to 4")
            .hasMessageContaining("at most <maxConnections>");
        assertThatThrownBy(() -> parse(base + "<idleConnections>-1</idleConnections>"))
            .hasMessageContaining("<idleConnections>");
        assertThatThrownBy(() -> parse(base + "<idleConnections>two</idleConnections>"))
            .hasMessageContaining("<idleConnections>");
    }

    @Test
    void thePasswordCanComeFromAFileOrTheEnvironment() throws Exception {
        Files.writeString(workingDirectory.resolve("secret"), PASSWORD + "\n");
        Files.setPosixFilePermissions(workingDirectory.resolve("secret"), PosixFilePermissions.fromString("rw-------"));

        assertThat(parse("<nodeName>a</nodeName><twin>h:1</twin><passwordFile>secret</passwordFile>").password()).isEqualTo(PASSWORD);
        assertThat(parse("<nodeName>a</nodeName><twin>h:1</twin><passwordEnv>REPL_PW</passwordEnv>",
            Map.of("REPL_PW", PASSWORD)).password()).isEqualTo(PASSWORD);
    }

    @Test
    void errorsNameTheFileTheSettingAndTheFix() {
        assertThatThrownBy(() -> parse("<twin>h:1</twin><password>" + PASSWORD + "</password>"))
            .isInstanceOf(InvalidReplicationConfigException.class)
            .hasMessageContaining("conf/replication.xml").hasMessageContaining("<nodeName>").hasMessageContaining("Fix:");
        assertThatThrownBy(() -> parse("<nodeName>a</nodeName><twin>h:1</twin><password>short</password>"))
            .hasMessageContaining("<password>").hasMessageContaining("fewer than 16");
        assertThatThrownBy(() -> parse("<nodeName>a</nodeName><twin>h:1</twin>"))
            .hasMessageContaining("<password>: missing");
        assertThatThrownBy(() -> parse("<nodeName>a</nodeName><password>" + PASSWORD + "</password>"))
            .hasMessageContaining("<twin>: missing");
        assertThatThrownBy(() -> parse("<nodeName>a</nodeName><twin>h:99999</twin><password>" + PASSWORD + "</password>"))
            .hasMessageContaining("<twin>").hasMessageContaining("65535");
        assertThatThrownBy(() -> parse("<nodeName>a</nodeName><twin>h:1</twin><password>" + PASSWORD + "</password><maxConnections>0</maxConnections>"))
            .hasMessageContaining("<maxConnections>");
        assertThatThrownBy(() -> parse("<nodeName>a</nodeName><twin>h:1</twin><password>" + PASSWORD + "</password><syncTimeout>soon</syncTimeout>"))
            .hasMessageContaining("<syncTimeout>");
        assertThatThrownBy(() -> parse("<nodeName>a</nodeName><twin>h:1</twin><password>" + PASSWORD + "</password><maxConnection>3</maxConnection>"))
            .hasMessageContaining("<maxConnection>: unknown setting");
        assertThatThrownBy(() -> parse("<nodeName>a</nodeName><twin>h:1</twin><passwordEnv>NOPE</passwordEnv>"))
            .hasMessageContaining("NOPE is not set");
        assertThatThrownBy(() -> parse("<nodeName>a</nodeName><twin>h:1</twin><password>" + PASSWORD + "</password><passwordEnv>X</passwordEnv>"))
            .hasMessageContaining("several password sources");
    }

    @Test
    void noReplicateListsUsersAndMasks() throws Exception {
        String base = "<nodeName>a</nodeName><twin>h:1</twin><password>" + PASSWORD + "</password>";
        assertThat(parse(base).noReplicate()).isEmpty();
        assertThat(parse(base + "<noReplicate/>").noReplicate()).isEmpty();

        ReplicationConfig config = parse(base + "<noReplicate><user>archive@example.com</user><user> *@lists.example.com </user>"
            + "<user>Archive@Example.com</user></noReplicate>");

        assertThat(config.noReplicate()).extracting(UserMask::text).as("trimmed, a mask differing only in case once")
            .containsExactly("archive@example.com", "*@lists.example.com");
        assertThat(config.toString()).contains("noReplicate=[archive@example.com, *@lists.example.com]");
    }

    @Test
    void aBadNoReplicateMaskNamesTheFileTheSettingAndTheFix() {
        String base = "<nodeName>a</nodeName><twin>h:1</twin><password>" + PASSWORD + "</password>";
        assertThatThrownBy(() -> parse(base + "<noReplicate><user>a b@x</user></noReplicate>"))
            .isInstanceOf(InvalidReplicationConfigException.class)
            .hasMessageContaining("conf/replication.xml, setting <noReplicate>: 'a b@x' contains a blank")
            .hasMessageContaining("Fix: list users or masks");
        assertThatThrownBy(() -> parse(base + "<noReplicate><user>a@b@c</user></noReplicate>"))
            .hasMessageContaining("<noReplicate>: 'a@b@c' has more than one @");
        assertThatThrownBy(() -> parse(base + "<noReplicate><user></user></noReplicate>"))
            .hasMessageContaining("<noReplicate>: the user mask is empty");
        assertThatThrownBy(() -> parse(base + "<noReplicate><user>*</user></noReplicate>"))
            .hasMessageContaining("<noReplicate>: '*' matches every user").hasMessageContaining("pause the link");
        assertThatThrownBy(() -> parse(base + "<noReplicate>archive@example.com</noReplicate>"))
            .hasMessageContaining("<noReplicate>: holds text, not <user> elements");
        assertThatThrownBy(() -> parse(base + "<noReplicate><users>x@y</users></noReplicate>"))
            .hasMessageContaining("<noReplicate.users>: unknown setting");
    }
}

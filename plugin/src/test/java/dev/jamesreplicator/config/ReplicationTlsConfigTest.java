package dev.jamesreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.server.core.configuration.FileConfigurationProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.common.io.BaseEncoding;

import dev.jamesreplicator.wire.TestKeys;

/** The TLS and allow-list settings of replication.xml, and what a bad one says. */
class ReplicationTlsConfigTest {
    private static final String BASE = "<nodeName>a</nodeName><twin>192.0.2.2:12345</twin><password>0123456789abcdef-long-enough</password>";
    private static final TestKeys TWIN = TestKeys.create("b");

    @TempDir
    Path workingDirectory;
    private String pin;

    @BeforeEach
    void keys() throws Exception {
        Files.createDirectories(workingDirectory.resolve("conf"));
        TestKeys.create("a").store(workingDirectory.resolve("conf/replication.p12"), TestKeys.PASSWORD);
        Files.setPosixFilePermissions(workingDirectory.resolve("conf/replication.p12"), PosixFilePermissions.fromString("rw-------"));
        TestKeys.store(TWIN.asTruststore(), workingDirectory.resolve("conf/twin.p12"), "trust-secret".toCharArray());
        Files.setPosixFilePermissions(workingDirectory.resolve("conf/twin.p12"), PosixFilePermissions.fromString("rw-------"));
        pin = BaseEncoding.base16().withSeparator(":", 2).encode(TWIN.sha256());
    }

    private ReplicationConfig parse(String body) throws Exception {
        HierarchicalConfiguration<ImmutableNode> xml = FileConfigurationProvider.getConfig(
            new ByteArrayInputStream(("<replication>" + BASE + body + "</replication>").getBytes(StandardCharsets.UTF_8)));
        return new ReplicationConfigParser(Map.<String, String>of()::get, workingDirectory).parse(xml);
    }

    private String keystore() {
        return "<keystore>conf/replication.p12</keystore><keystorePassword>" + new String(TestKeys.PASSWORD) + "</keystorePassword>";
    }

    @Test
    void withoutTlsSettingsItIsOffAndOnlyTheTwinMayConnect() throws Exception {
        ReplicationConfig config = parse("");
        assertThat(config.tls().mode()).isEqualTo(TlsMode.OFF);
        assertThat(config.allowFrom()).isEmpty();
    }

    @Test
    void aKeystoreAloneMeansRequiredAndEveryModeIsRead() throws Exception {
        assertThat(parse(keystore() + "<twinCertificateSha256>" + pin + "</twinCertificateSha256>").tls().mode())
            .as("no quiet plaintext fallback unless asked for").isEqualTo(TlsMode.REQUIRED);
        assertThat(parse("<tls>on</tls>" + keystore() + "<twinCertificateSha256>" + pin + "</twinCertificateSha256>").tls().mode())
            .isEqualTo(TlsMode.ON);
        ReplicationConfig required = parse("<tls>Required</tls>" + keystore() + "<twinCertificateSha256>" + pin.replace(":", "").toLowerCase()
            + "</twinCertificateSha256>");
        assertThat(required.tls().mode()).isEqualTo(TlsMode.REQUIRED);
        assertThat(required.tls().twinCertificateSha256()).contains(TWIN.sha256());
        ReplicationConfig trusting = parse("<tls>required</tls>" + keystore()
            + "<truststore>file://conf/twin.p12</truststore><truststorePassword>trust-secret</truststorePassword>");
        assertThat(trusting.tls().truststore()).isPresent();
        assertThat(trusting.tls().twinCertificateSha256()).isEmpty();
        assertThat(parse("<tls>off</tls>" + keystore()).tls().mode()).isEqualTo(TlsMode.OFF);
    }

    @Test
    void badTlsSettingsNameTheSettingAndTheFix() {
        assertThatThrownBy(() -> parse("<tls>yes</tls>"))
            .isInstanceOf(InvalidReplicationConfigException.class).hasMessageContaining("conf/replication.xml")
            .hasMessageContaining("<tls>: 'yes' is not off, on or required").hasMessageContaining("Fix:");
        assertThatThrownBy(() -> parse("<tls>required</tls>"))
            .hasMessageContaining("<keystore>: missing").hasMessageContaining("keytool");
        assertThatThrownBy(() -> parse("<tls>required</tls><keystore>conf/nope.p12</keystore><keystorePassword>x</keystorePassword>"
            + "<twinCertificateSha256>" + pin + "</twinCertificateSha256>"))
            .hasMessageContaining("<keystore>: cannot read").hasMessageContaining("nope.p12");
        assertThatThrownBy(() -> parse("<tls>required</tls><keystore>conf/replication.p12</keystore>"
            + "<keystorePassword>wrong-password</keystorePassword><twinCertificateSha256>" + pin + "</twinCertificateSha256>"))
            .hasMessageContaining("<keystorePassword>");
        assertThatThrownBy(() -> parse("<tls>required</tls><keystore>conf/replication.p12</keystore>"))
            .hasMessageContaining("<keystorePassword>: missing");
        assertThatThrownBy(() -> parse("<tls>required</tls>" + keystore()))
            .hasMessageContaining("<twinCertificateSha256>: missing, and no <truststore> either");
        assertThatThrownBy(() -> parse("<tls>required</tls>" + keystore() + "<twinCertificateSha256>AB:CD</twinCertificateSha256>"))
            .hasMessageContaining("<twinCertificateSha256>: 'AB:CD' is not a SHA-256 fingerprint");
        assertThatThrownBy(() -> parse("<tls>required</tls>" + keystore() + "<truststore>conf/twin.p12</truststore>"
            + "<truststorePassword>wrong</truststorePassword>"))
            .hasMessageContaining("<truststorePassword>");
        assertThatThrownBy(() -> parse("<tls>required</tls><keystore>conf/twin.p12</keystore><keystorePassword>trust-secret</keystorePassword>"
            + "<twinCertificateSha256>" + pin + "</twinCertificateSha256>"))
            .hasMessageContaining("<keystore>").hasMessageContaining("holds no private key");
    }

    @Test
    void anAllowListTakesAddressesAndCidrBlocksOfBothFamilies() throws Exception {
        List<AddressRange> ranges = parse("<allowFrom>192.0.2.2, 198.51.100.0/24 2001:db8::/32,[::1]</allowFrom>").allowFrom();
        assertThat(ranges).hasSize(4);
        assertThat(ranges.get(1).contains(InetAddress.getByName("198.51.100.77"))).isTrue();
        assertThat(ranges.get(1).contains(InetAddress.getByName("198.51.101.1"))).isFalse();
        assertThat(ranges.get(2).contains(InetAddress.getByName("2001:db8:ffff::1"))).isTrue();
        assertThat(ranges.get(2).contains(InetAddress.getByName("2001:db9::1"))).isFalse();
        assertThat(ranges.get(3).contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(ranges.get(0).contains(InetAddress.getByName("::ffff:192.0.2.2"))).as("IPv4-mapped").isTrue();
        assertThat(ranges.get(0).contains(InetAddress.getByName("192.0.2.3"))).isFalse();
        assertThatThrownBy(() -> parse("<allowFrom>mail2.example.com</allowFrom>"))
            .hasMessageContaining("<allowFrom>: 'mail2.example.com' is not an IP address");
        assertThatThrownBy(() -> parse("<allowFrom>192.0.2.0/33</allowFrom>"))
            .hasMessageContaining("<allowFrom>").hasMessageContaining("prefix length outside 0..32");
    }

    @Test
    void aSecretFileEveryUserCanReadStopsTheStartAndOneItsGroupCanReadIsAWarning() throws Exception {
        Path file = workingDirectory.resolve("conf/replication.xml");
        Files.writeString(file, "<replication/>");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> parse(""))
            .isInstanceOf(InvalidReplicationConfigException.class)
            .hasMessageContaining("every user of this machine can read it").hasMessageContaining("chmod 600 " + file);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(SecretFiles.check(file, "password"))
            .hasValueSatisfying(warning -> assertThat(warning).contains("its group can read it").contains("chmod 600"));
        assertThat(parse("").tls().mode()).as("a warning only").isEqualTo(TlsMode.OFF);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(SecretFiles.check(file, "password")).isEmpty();
    }

    @Test
    void aKeystoreEveryUserCanReadStopsTheStartATruststoreDoesNot() throws Exception {
        Files.setPosixFilePermissions(workingDirectory.resolve("conf/twin.p12"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(parse("<tls>required</tls>" + keystore() + "<truststore>conf/twin.p12</truststore>"
            + "<truststorePassword>trust-secret</truststorePassword>").tls().mode()).isEqualTo(TlsMode.REQUIRED);

        Files.setPosixFilePermissions(workingDirectory.resolve("conf/replication.p12"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> parse("<tls>required</tls>" + keystore() + "<twinCertificateSha256>" + pin + "</twinCertificateSha256>"))
            .hasMessageContaining("setting <keystore>").hasMessageContaining("chmod 600");
    }
}

package dev.jamesreplicator.it.port;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * What {@code bin/james-pair} generated for the pair under {@code jamesPair.home}: the shared
 * replication password and each node's replication key. A test holding them plays a node;
 * without them, an outsider.
 */
public final class PairSecrets {
    private final Path home;

    private PairSecrets(Path home) {
        this.home = home;
    }

    public static PairSecrets fromSystemProperties() {
        String home = System.getProperty("jamesPair.home");
        if (home == null) {
            throw new IllegalStateException("jamesPair.home is not set (the module's pom passes it to surefire)");
        }
        return new PairSecrets(Path.of(home));
    }

    public String password() throws IOException {
        return Files.readString(home.resolve("password"), StandardCharsets.UTF_8).trim();
    }

    /** Node {@code node}'s replication keystore (PKCS12) and its password. */
    public KeyStore keystore(String node) throws IOException {
        char[] secret = keystorePassword();
        try (InputStream in = Files.newInputStream(home.resolve("replication-tls").resolve(node + ".p12"))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    public char[] keystorePassword() throws IOException {
        return Files.readString(home.resolve("replication-tls/secret"), StandardCharsets.UTF_8).trim().toCharArray();
    }
}

package dev.jamesreplicator.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the PKCS12 key and trust stores {@code replication.xml} names, so that a store that is
 * missing, unreadable, locked by another password or without a private key stops start-up with
 * a message naming the file, the setting and the fix.
 */
final class KeyStores {
    static final String KEYSTORE = "keystore";
    static final String KEYTOOL_FIX = "create it with keytool -genkeypair -storetype PKCS12 "
        + "(see the Security section of the README) and make it readable by the James process";
    /** The parser's: a secret file's warning reads the same wherever it is checked. */
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplicationConfigParser.class);

    private final Path workingDirectory;

    KeyStores(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    /** This server's keystore ({@code <keystore>}): it must hold a private key the password unlocks. */
    KeyStore keystore(String name, char[] password) {
        KeyStore keystore = load(KEYSTORE, "keystorePassword", name, password);
        try {
            if (Collections.list(keystore.aliases()).stream().noneMatch(alias -> isKeyEntry(keystore, alias))) {
                throw new InvalidReplicationConfigException(KEYSTORE, name + " holds no private key", KEYTOOL_FIX);
            }
            for (String alias : Collections.list(keystore.aliases())) {
                if (isKeyEntry(keystore, alias)) {
                    keystore.getKey(alias, password);
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw new InvalidReplicationConfigException("keystorePassword", "it does not unlock the key in " + name,
                "give the key's password (keytool -keypass; the same as -storepass for PKCS12)");
        } catch (GeneralSecurityException e) {
            throw new InvalidReplicationConfigException(KEYSTORE, "cannot read the key in " + name + " (" + e.getMessage() + ")",
                KEYTOOL_FIX);
        }
        return keystore;
    }

    /** The twin's certificate or a CA ({@code <truststore>}). */
    KeyStore truststore(String name, char[] password) {
        return load("truststore", "truststorePassword", name, password);
    }

    /** A keystore every user can read stops the start; one its group can read is a warning. */
    private static void checkSecretFile(Path file, String setting) {
        SecretFiles.check(file, setting).ifPresent(LOGGER::warn);
    }

    private static boolean isKeyEntry(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private KeyStore load(String key, String passwordKey, String name, char[] password) {
        Path file = workingDirectory.resolve(name.startsWith("file://") ? name.substring("file://".length()) : name);
        if (key.equals(KEYSTORE)) {
            // a truststore holds certificates only
            checkSecretFile(file, key);
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new InvalidReplicationConfigException(passwordKey, "it does not open " + file,
                    "give the password the store was created with (keytool -storepass)");
            }
            throw new InvalidReplicationConfigException(key, "cannot read " + file + " as a PKCS12 store (" + e.getMessage() + ")",
                key.equals(KEYSTORE) ? KEYTOOL_FIX : "create it with keytool -importcert -storetype PKCS12 and make it readable by James");
        } catch (GeneralSecurityException e) {
            throw new InvalidReplicationConfigException(key, "cannot read " + file + " (" + e.getMessage() + ")", KEYTOOL_FIX);
        }
    }
}

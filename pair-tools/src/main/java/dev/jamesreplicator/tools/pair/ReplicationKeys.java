package dev.jamesreplicator.tools.pair;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.List;

/**
 * Each node's replication key pair, in {@code <pair home>/replication-tls}: {@code a.p12}, {@code b.p12} and the
 * {@code secret} that opens both. Made once per pair home, not per assembly, so that re-assembling one node keeps
 * the certificate its twin has pinned in {@code <twinCertificateSha256>}.
 */
final class ReplicationKeys {
    static final String ALIAS = "replication";

    private final Path dir;
    private final Keytool keytool;

    ReplicationKeys(Path pairHome, Keytool keytool) {
        this.dir = pairHome.resolve("replication-tls");
        this.keytool = keytool;
    }

    /** The secret and a key pair for each of {@code nodes}, made where missing. */
    void ensure(List<String> nodes) throws PairToolException, IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path secret = dir.resolve("secret");
        if (!nonEmpty(secret)) {
            Secrets.writePrivate(secret, Secrets.randomHex(16));
        }
        for (String node : nodes) {
            Path keystore = keystore(node);
            if (nonEmpty(keystore)) {
                continue;
            }
            try {
                keytool.generateKeyPair(keystore, ALIAS, secret(), "CN=james-pair node " + node,
                        List.of("-keyalg", "EC", "-groupname", "secp256r1"), dir.resolve("keytool-" + node + ".log"));
            } catch (PairToolException e) {
                throw new PairToolException(e.getMessage() + "\nkeytool failed for node " + node + "'s replication key");
            }
        }
    }

    Path keystore(String node) {
        return dir.resolve(node + ".p12");
    }

    String secret() throws IOException {
        return Files.readString(dir.resolve("secret"), StandardCharsets.UTF_8).strip();
    }

    /** The SHA-256 fingerprint of {@code node}'s certificate as keytool prints it ({@code AB:CD:...}): what its twin pins. */
    String certificateSha256(String node) throws IOException, PairToolException {
        try (InputStream in = Files.newInputStream(keystore(node))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret().toCharArray());
            Certificate certificate = store.getCertificate(ALIAS);
            if (certificate == null) {
                throw new PairToolException(keystore(node) + " holds no certificate '" + ALIAS + "'");
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new PairToolException("cannot read " + keystore(node) + ": " + e.getMessage(), e);
        }
    }

    private static boolean nonEmpty(Path file) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) > 0;
    }
}

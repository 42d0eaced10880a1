package dev.jamesreplicator.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import dev.jamesreplicator.config.TlsMode;
import dev.jamesreplicator.config.TlsSettings;

/** Self-signed EC certificates made in the test (fast; keytool's are RSA and take a second each). */
public final class TestKeys {
    public static final char[] PASSWORD = "keystore-secret".toCharArray();

    private final KeyStore keystore;
    private final X509Certificate certificate;

    private TestKeys(KeyStore keystore, X509Certificate certificate) {
        this.keystore = keystore;
        this.certificate = certificate;
    }

    public static TestKeys create(String commonName) {
        return create(commonName, new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 86_400_000L));
    }

    public static TestKeys create(String commonName, Date notBefore, Date notAfter) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()), notBefore, notAfter, name, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(null, null);
            keystore.setKeyEntry("replication", pair.getPrivate(), PASSWORD, new Certificate[] {certificate});
            return new TestKeys(keystore, certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public KeyStore keystore() {
        return keystore;
    }

    public byte[] sha256() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A truststore holding only this certificate. */
    public KeyStore asTruststore() {
        try {
            KeyStore truststore = KeyStore.getInstance("PKCS12");
            truststore.load(null, null);
            truststore.setCertificateEntry("twin", certificate);
            return truststore;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** TLS with this identity, trusting exactly {@code twin} by its pinned fingerprint. */
    public TlsChannel tls(TlsMode mode, TestKeys twin) {
        return TlsChannel.from(TlsSettings.of(mode, keystore, PASSWORD, Optional.empty(), Optional.of(twin.sha256())));
    }

    public void store(Path file, char[] password) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            keystore.store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    public static void store(KeyStore store, Path file, char[] password) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}

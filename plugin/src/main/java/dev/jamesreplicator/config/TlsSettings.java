package dev.jamesreplicator.config;

import java.security.KeyStore;
import java.util.Optional;

/**
 * The TLS part of replication.xml, with its key and trust stores already opened (so a bad one
 * stops start-up). Trust is the truststore, or the pinned SHA-256 of the twin's certificate, or
 * both (then the twin's certificate must pass both).
 */
public final class TlsSettings {
    private final TlsMode mode;
    private final KeyStore keystore;
    private final char[] keystorePassword;
    private final KeyStore truststore;
    private final byte[] twinCertificateSha256;

    TlsSettings(TlsMode mode, KeyStore keystore, char[] keystorePassword, KeyStore truststore, byte[] twinCertificateSha256) {
        this.mode = mode;
        this.keystore = keystore;
        this.keystorePassword = keystorePassword;
        this.truststore = truststore;
        this.twinCertificateSha256 = twinCertificateSha256;
    }

    public static TlsSettings off() {
        return new TlsSettings(TlsMode.OFF, null, null, null, null);
    }

    /** For code that builds its own settings (tests, tools); the parser checks what this does not. */
    public static TlsSettings of(TlsMode mode, KeyStore keystore, char[] keystorePassword, Optional<KeyStore> truststore,
                                 Optional<byte[]> twinCertificateSha256) {
        if (mode != TlsMode.OFF && (keystore == null || truststore.isEmpty() && twinCertificateSha256.isEmpty())) {
            throw new IllegalArgumentException("TLS needs a keystore and a truststore or a pinned certificate");
        }
        return new TlsSettings(mode, keystore, keystorePassword, truststore.orElse(null), twinCertificateSha256.orElse(null));
    }

    public TlsMode mode() {
        return mode;
    }

    /** This server's key and certificate (PKCS12); present unless the mode is off. */
    public KeyStore keystore() {
        return keystore;
    }

    public char[] keystorePassword() {
        return keystorePassword;
    }

    public Optional<KeyStore> truststore() {
        return Optional.ofNullable(truststore);
    }

    public Optional<byte[]> twinCertificateSha256() {
        return Optional.ofNullable(twinCertificateSha256).map(byte[]::clone);
    }

    @Override
    public String toString() {
        return mode == TlsMode.OFF ? "off" : mode + (truststore != null ? " truststore" : "") + (twinCertificateSha256 != null ? " pinned" : "");
    }
}

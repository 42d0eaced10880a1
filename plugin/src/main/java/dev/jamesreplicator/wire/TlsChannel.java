package dev.jamesreplicator.wire;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import com.google.common.io.BaseEncoding;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.config.TlsMode;
import dev.jamesreplicator.config.TlsSettings;

/**
 * TLS between the twins: both sides present their certificate and verify the other's, against
 * the truststore and/or the pinned fingerprint; TLS 1.3 or 1.2 only.
 */
public final class TlsChannel {
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final TlsMode mode;
    private final SSLContext context;

    private TlsChannel(TlsMode mode, SSLContext context) {
        this.mode = mode;
        this.context = context;
    }

    public static TlsChannel off() {
        return new TlsChannel(TlsMode.OFF, null);
    }

    public static TlsChannel from(TlsSettings settings) {
        if (settings.mode() == TlsMode.OFF) {
            return off();
        }
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(settings.keystore(), settings.keystorePassword());
            X509TrustManager trustStore = null;
            if (settings.truststore().isPresent()) {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(settings.truststore().get());
                trustStore = (X509TrustManager) Arrays.stream(trust.getTrustManagers())
                    .filter(X509TrustManager.class::isInstance).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no X509 trust manager"));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(),
                new TrustManager[] {new TwinTrustManager(Optional.ofNullable(trustStore), settings.twinCertificateSha256())}, null);
            return new TlsChannel(settings.mode(), context);
        } catch (GeneralSecurityException e) {
            throw new WireException("cannot set up TLS for the replication port: " + e.getMessage(), e);
        }
    }

    public TlsMode mode() {
        return mode;
    }

    SSLEngine serverEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(true);
        engine.setEnabledProtocols(enabled(engine.getSupportedProtocols()));
        return engine;
    }

    /** Wraps a connected socket and completes the TLS handshake (within the socket's read timeout). */
    SSLSocket clientHandshake(Socket connected, HostPort twin) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(connected, twin.host(), twin.port(), true);
        socket.setUseClientMode(true);
        socket.setEnabledProtocols(enabled(socket.getSupportedProtocols()));
        socket.startHandshake();
        return socket;
    }

    private static String[] enabled(String[] supported) {
        String[] enabled = PROTOCOLS.stream().filter(Arrays.asList(supported)::contains).toArray(String[]::new);
        if (enabled.length == 0) {
            throw new WireException("this JVM supports neither TLSv1.3 nor TLSv1.2");
        }
        return enabled;
    }

    /** What the proofs of a TLS connection are bound to: both certificates, server's first. */
    static String binding(SSLSession session, boolean serverSide) throws SSLPeerUnverifiedException {
        Certificate[] local = session.getLocalCertificates();
        Certificate[] peer = session.getPeerCertificates();
        if (local == null || local.length == 0 || peer.length == 0) {
            throw new SSLPeerUnverifiedException("a side presented no certificate");
        }
        Certificate server = serverSide ? local[0] : peer[0];
        Certificate client = serverSide ? peer[0] : local[0];
        return "tls " + fingerprint(server) + " " + fingerprint(client);
    }

    public static String fingerprint(Certificate certificate) {
        try {
            return BaseEncoding.base16().encode(sha256(certificate));
        } catch (CertificateEncodingException e) {
            throw new WireException("cannot encode a certificate", e);
        }
    }

    private static byte[] sha256(Certificate certificate) throws CertificateEncodingException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** Trusts the twin by the truststore, the pinned fingerprint, or both; the twin must be a client and a server alike. */
    private static final class TwinTrustManager implements X509TrustManager {
        private final Optional<X509TrustManager> trustStore;
        private final Optional<byte[]> pin;

        TwinTrustManager(Optional<X509TrustManager> trustStore, Optional<byte[]> pin) {
            this.trustStore = trustStore;
            this.pin = pin;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (trustStore.isPresent()) {
                trustStore.get().checkClientTrusted(chain, authType);
            }
            checkPin(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (trustStore.isPresent()) {
                trustStore.get().checkServerTrusted(chain, authType);
            }
            checkPin(chain);
        }

        private void checkPin(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the twin presented no certificate");
            }
            chain[0].checkValidity();
            if (pin.isPresent() && !MessageDigest.isEqual(sha256(chain[0]), pin.get())) {
                throw new CertificateException("the peer's certificate has SHA-256 " + fingerprint(chain[0])
                    + ", not the pinned " + BaseEncoding.base16().encode(pin.get()) + " (<twinCertificateSha256>)");
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trustStore.map(X509TrustManager::getAcceptedIssuers).orElse(new X509Certificate[0]);
        }
    }
}

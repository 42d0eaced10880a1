package dev.jamesreplicator.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Challenge/response from the shared password, both ways. Each side proves it knows the
 * password with an HMAC over both fresh nonces, both node names and its role, so the password
 * never crosses the wire, a recorded proof is useless in a later handshake, and one side's proof
 * cannot be reflected back as the other's.
 */
public final class MutualAuth {
    /**
     * 2: bodies in chunks, proofs bound to the TLS certificates. 3: COPY within the serving side.
     * 4: RAISE_HIGHEST_MODSEQ names no message (an empty mailbox is raised too).
     */
    public static final int PROTOCOL_VERSION = 4;
    /** What a connection without TLS binds its proofs to. */
    public static final String NO_CHANNEL_BINDING = "plain";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int NONCE_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    public MutualAuth(String password) {
        this.key = hmac(password.getBytes(StandardCharsets.UTF_8),
            "james-replicator key v1".getBytes(StandardCharsets.UTF_8));
    }

    public static String newNonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * The proof that the side in {@code role} ("client" or "server") knows the password, bound
     * to the channel: {@link #NO_CHANNEL_BINDING}, or the fingerprints of the two TLS certificates
     * as this side saw them ({@link TlsChannel#binding}). A man in the middle who holds a
     * certificate the victims trust still cannot relay the proofs between two TLS connections of
     * his own, nor strip TLS from one side of a pair that uses it.
     */
    public String proof(String role, Hello client, Hello server, String channelBinding) {
        String transcript = String.join("\n", role, Integer.toString(client.protocol()), client.node(), client.nonce(),
            server.node(), server.nonce(), channelBinding);
        return Base64.getEncoder().encodeToString(hmac(key, transcript.getBytes(StandardCharsets.UTF_8)));
    }

    /** Constant-time check of a proof the peer sent. */
    public boolean verify(String role, Hello client, Hello server, String channelBinding, String claimedProof) {
        if (claimedProof == null) {
            return false;
        }
        byte[] expected = proof(role, client, server, channelBinding).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, claimedProof.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}

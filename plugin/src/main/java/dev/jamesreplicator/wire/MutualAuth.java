package dev.jamesreplicator.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;

/**
 * Challenge/response from the shared password, both ways. Each side proves it knows the
 * password with an HMAC over both fresh nonces, both node names, the server's salt and its role,
 * so the password never crosses the wire, a recorded proof is useless in a later handshake, and
 * one side's proof cannot be reflected back as the other's.
 *
 * <p>The HMAC key is stretched from the password as SCRAM-SHA-256 does: PBKDF2-HMAC-SHA256 with
 * the salt and iteration count the server sends in its HELLO. So a recorded handshake costs
 * whoever tries guesses against it a full PBKDF2 per guess, and work spent on one server's salt
 * is of no use against another's. Each side derives the key once per (salt, iterations) and keeps
 * it: a reconnect costs HMACs only.
 */
public final class MutualAuth {
    /**
     * 2: bodies in chunks, proofs bound to the TLS certificates. 3: COPY within the serving side.
     * 4: RAISE_HIGHEST_MODSEQ names no message (an empty mailbox is raised too). 5: the key is
     * PBKDF2 of the password with the server's salt and iteration count (sent in its HELLO).
     * 6: each call carries its own fields, named for what they are ({@code uidNext}, {@code modSeq},
     * COPY's {@code source...}, the Sieve calls' at the top level rather than under {@code sieve}).
     * 7: the ANNOTATION_* calls (mailbox METADATA); OPEN's answer lists no features, as every
     * version-7 server serves Sieve and annotations. 8: the ACL_* calls (mailbox ACLs) and the
     * SERVER_DATA_* calls (domains, recipient rewrites and quota limits, docs/server-data.md), on
     * a connection bound by SERVER_DATA_OPEN.
     */
    public static final int PROTOCOL_VERSION = 8;
    /** What a connection without TLS binds its proofs to. */
    public static final String NO_CHANNEL_BINDING = "plain";
    /** What a server asks for: about 0.1-0.3 s on one core of a small server, paid once per run and side. */
    public static final int ITERATIONS = 250_000;
    /**
     * The fewest a client accepts: a server that asks for less (an impostor who wants a cheap proof
     * to guess against) is refused before the client proves anything.
     */
    static final int MIN_ITERATIONS = 200_000;
    /** The most a client accepts: an impostor cannot make it spin for minutes. */
    static final int MAX_ITERATIONS = 10_000_000;
    static final int SALT_BYTES = 16;
    private static final Logger LOGGER = LoggerFactory.getLogger(MutualAuth.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] KEY_LABEL = "james-replicator key v2".getBytes(StandardCharsets.UTF_8);
    private static final int NONCE_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final char[] password;
    /** Derived keys by "salt iterations": one per twin in practice; bounded against a server that changes salts. */
    private final Cache<String, byte[]> keys = CacheBuilder.newBuilder().maximumSize(4).build();

    public MutualAuth(String password) {
        this.password = password.toCharArray();
    }

    public static String newNonce() {
        return random(NONCE_BYTES);
    }

    /** A server's salt: random, made once and kept ({@link ServerSalt}). */
    public static String newSalt() {
        return random(SALT_BYTES);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getEncoder().encodeToString(value);
    }

    /**
     * The proof that the side in {@code role} ("client" or "server") knows the password, bound
     * to the channel: {@link #NO_CHANNEL_BINDING}, or the fingerprints of the two TLS certificates
     * as this side saw them ({@link TlsChannel#binding}). A man in the middle who holds a
     * certificate the victims trust still cannot relay the proofs between two TLS connections of
     * his own, nor strip TLS from one side of a pair that uses it. The key comes from the salt and
     * iteration count of the server's HELLO.
     */
    public String proof(String role, Hello client, Hello server, String channelBinding) {
        byte[] key = key(server.salt(), server.iterations());
        String transcript = String.join("\n", role, Integer.toString(client.protocol()), client.node(), client.nonce(),
            server.node(), server.nonce(), server.salt(), Integer.toString(server.iterations()), channelBinding);
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

    /**
     * The key for a salt and iteration count, derived on the first call (the expensive part) and
     * kept. Refuses what a server of ours never sends: a short or missing salt, an iteration count
     * outside [{@link #MIN_ITERATIONS}, {@link #MAX_ITERATIONS}].
     */
    byte[] key(String salt, Integer iterations) {
        byte[] saltBytes = decodeSalt(salt);
        if (iterations == null || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new WireException("the server asks for " + iterations + " key iterations; this node accepts "
                + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
        }
        try {
            return keys.get(salt + " " + iterations, () -> derive(saltBytes, iterations));
        } catch (ExecutionException | UncheckedExecutionException e) {
            throw new IllegalStateException("cannot derive the replication key: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static byte[] decodeSalt(String salt) {
        try {
            byte[] bytes = salt == null ? new byte[0] : Base64.getDecoder().decode(salt);
            if (bytes.length >= SALT_BYTES && bytes.length <= 64) {
                return bytes;
            }
        } catch (IllegalArgumentException notBase64) {
            // refused below
        }
        throw new WireException("the server sent no usable salt (" + SALT_BYTES + " to 64 bytes, Base64)");
    }

    private byte[] derive(byte[] salt, int iterations) throws GeneralSecurityException {
        long started = System.nanoTime();
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            byte[] stretched = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            LOGGER.info("Derived the replication key from the password (PBKDF2-HMAC-SHA256, {} iterations) in {} ms",
                iterations, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return hmac(stretched, KEY_LABEL);
        } finally {
            spec.clearPassword();
        }
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

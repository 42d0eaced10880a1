package dev.jamesreplicator.sync;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Singleton;

import com.google.common.io.BaseEncoding;

/**
 * SHA-256 of message contents, remembered per (mailbox id, UID): a stored message's bytes never
 * change and James never reuses a UID in a mailbox, so each message is read and hashed once.
 */
@Singleton
public class ContentHashes {
    private final Map<String, String> known = new ConcurrentHashMap<>();

    public String known(String mailboxId, long uid) {
        return known.get(mailboxId + '/' + uid);
    }

    /** A hash taken already, as the message's body arrived: it need not be read again. */
    public void remember(String mailboxId, long uid, String hash) {
        known.put(mailboxId + '/' + uid, hash);
    }

    public String remember(String mailboxId, long uid, InputStream content) throws IOException {
        String hash = hash(content);
        known.put(mailboxId + '/' + uid, hash);
        return hash;
    }

    public static String hash(InputStream content) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[16 * 1024];
        for (int read = content.read(buffer); read >= 0; read = content.read(buffer)) {
            digest.update(buffer, 0, read);
        }
        return BaseEncoding.base16().lowerCase().encode(digest.digest());
    }

    public static String hash(byte[] content) {
        return BaseEncoding.base16().lowerCase().encode(sha256().digest(content));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}

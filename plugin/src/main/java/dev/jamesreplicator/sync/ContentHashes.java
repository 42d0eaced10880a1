package dev.jamesreplicator.sync;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Singleton;

import dev.jamesreplicator.content.Sha256;

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
        String hash = Sha256.of(content);
        known.put(mailboxId + '/' + uid, hash);
        return hash;
    }
}

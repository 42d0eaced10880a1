package dev.jamesreplicator.state;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Singleton;

import dev.jamesreplicator.content.Sha256;

/**
 * SHA-256 of message contents, remembered per mailbox id and UID: a stored message's bytes never
 * change and James never reuses a UID in a mailbox, so each message is read and hashed once. The
 * journal listener forgets expunged messages and deleted mailboxes, so this holds only what the
 * server holds.
 */
@Singleton
public class ContentHashes {
    private final Map<String, Map<Long, String>> byMailbox = new ConcurrentHashMap<>();

    public String known(String mailboxId, long uid) {
        Map<Long, String> mailbox = byMailbox.get(mailboxId);
        return mailbox == null ? null : mailbox.get(uid);
    }

    /** A hash taken already, as the message's body arrived: it need not be read again. */
    public void remember(String mailboxId, long uid, String hash) {
        byMailbox.computeIfAbsent(mailboxId, id -> new ConcurrentHashMap<>()).put(uid, hash);
    }

    public String remember(String mailboxId, long uid, InputStream content) throws IOException {
        String hash = Sha256.of(content);
        remember(mailboxId, uid, hash);
        return hash;
    }

    public void forget(String mailboxId, Collection<Long> uids) {
        Map<Long, String> mailbox = byMailbox.get(mailboxId);
        if (mailbox != null) {
            mailbox.keySet().removeAll(uids);
        }
    }

    /** The hashes this server holds of one mailbox's messages, by UID (a copy). */
    public Map<Long, String> of(String mailboxId) {
        Map<Long, String> mailbox = byMailbox.get(mailboxId);
        return mailbox == null ? Map.of() : Map.copyOf(mailbox);
    }

    public void forgetMailbox(String mailboxId) {
        byMailbox.remove(mailboxId);
    }

    /** Messages remembered, over all mailboxes. */
    public long size() {
        return byMailbox.values().stream().mapToLong(Map::size).sum();
    }
}

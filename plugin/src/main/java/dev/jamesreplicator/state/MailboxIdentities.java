package dev.jamesreplicator.state;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Singleton;

/**
 * The UIDVALIDITY of each mailbox id this server has seen. James's deletion event names the
 * deleted mailbox by id only, after it is gone; this remembers what the tombstone needs.
 */
@Singleton
public class MailboxIdentities {
    private final Map<String, Long> uidValidities = new ConcurrentHashMap<>();

    public void remember(String mailboxId, long uidValidity) {
        uidValidities.put(mailboxId, uidValidity);
    }

    public Optional<Long> uidValidity(String mailboxId) {
        return Optional.ofNullable(uidValidities.get(mailboxId));
    }
}

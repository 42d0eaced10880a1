package dev.jamesreplicator.state;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Singleton;

/**
 * The ids of the mailbox sessions the sync engine writes with. Events carry the session id, so
 * the capture listener skips these: what the replicator applies never replicates back.
 */
@Singleton
public class OwnSessions {
    private final Set<Long> ids = ConcurrentHashMap.newKeySet();

    public void add(long sessionId) {
        ids.add(sessionId);
    }

    public void remove(long sessionId) {
        ids.remove(sessionId);
    }

    public boolean contains(long sessionId) {
        return ids.contains(sessionId);
    }
}

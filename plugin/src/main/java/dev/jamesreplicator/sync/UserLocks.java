package dev.jamesreplicator.sync;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Singleton;

/**
 * One sync session per user at a time on this server, whether this server started it or serves
 * it for the twin. Never waits: a busy user is retried later, so two servers syncing the same
 * user towards each other cannot deadlock.
 */
@Singleton
public class UserLocks {
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public boolean tryLock(String user) {
        return held.add(user);
    }

    public void unlock(String user) {
        held.remove(user);
    }
}

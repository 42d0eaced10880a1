package dev.jamesreplicator.wire;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.state.StateStore;

/**
 * Whether the twin has ever completed a TLS handshake with this server, kept in the state store
 * across restarts. With {@code <tls>on}, a twin that once spoke TLS and now answers in plaintext
 * is someone between the twins stripping TLS, or a twin whose TLS broke: either way replication
 * stops with an error instead of carrying the mail in clear.
 */
public final class TwinTlsMemory {
    private static final String KEY_PREFIX = "twin-spoke-tls ";

    private final Map<String, String> map;
    private final Runnable commit;

    private TwinTlsMemory(Map<String, String> map, Runnable commit) {
        this.map = map;
        this.commit = commit;
    }

    /** Forgotten with this object: for tests and tools. */
    public static TwinTlsMemory inMemory() {
        return new TwinTlsMemory(new ConcurrentHashMap<>(), () -> { });
    }

    public static TwinTlsMemory of(StateStore store) {
        return new TwinTlsMemory(store.map(ServerSalt.MAP), store::commit);
    }

    boolean spokeTls(HostPort twin) {
        return map.containsKey(KEY_PREFIX + twin);
    }

    /** Called after each TLS handshake with the twin; writes to disk the first time only. */
    void sawTls(HostPort twin) {
        if (map.putIfAbsent(KEY_PREFIX + twin, "true") == null) {
            commit.run();
        }
    }
}

package dev.jamesreplicator.wire;

import java.util.Map;

import dev.jamesreplicator.state.StateStore;

/**
 * What this server asks its twin to stretch the password with: a random salt, made at the first
 * start and kept in the state store (so the key a client derived stays good across restarts),
 * and the iteration count of this version ({@link MutualAuth#ITERATIONS}).
 */
public final class ServerSalt {
    static final String MAP = "wire";
    static final String KEY = "pbkdf2-salt";

    private final String salt;
    private final int iterations;

    ServerSalt(String salt, int iterations) {
        this.salt = salt;
        this.iterations = iterations;
    }

    /** A fresh salt, forgotten with this object: for tests and tools. */
    public static ServerSalt random() {
        return new ServerSalt(MutualAuth.newSalt(), MutualAuth.ITERATIONS);
    }

    /** This server's salt, made and stored on the first call. */
    public static ServerSalt of(StateStore store) {
        Map<String, String> map = store.map(MAP);
        String salt = map.get(KEY);
        if (salt == null) {
            salt = MutualAuth.newSalt();
            map.put(KEY, salt);
            store.commit();
        }
        return new ServerSalt(salt, MutualAuth.ITERATIONS);
    }

    public String salt() {
        return salt;
    }

    public int iterations() {
        return iterations;
    }
}

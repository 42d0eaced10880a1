package dev.jamesreplicator.state;

import java.io.IOException;

import org.h2.mvstore.MVMap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One JSON record per user in a map of the state store, each write committed: what the mail
 * journal and the Sieve journal keep. Unknown fields are skipped, so a record written by a later
 * version still reads.
 */
final class UserRecords<T> {
    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final StateStore store;
    private final MVMap<String, String> map;
    private final Class<T> type;
    private final T absent;
    private final String what;

    /** @param what names the records in errors ("the journal", "the Sieve journal") */
    UserRecords(StateStore store, String mapName, Class<T> type, T absent, String what) {
        this.store = store;
        this.map = store.map(mapName);
        this.type = type;
        this.absent = absent;
        this.what = what;
    }

    T read(String user) {
        String json = map.get(user);
        if (json == null) {
            return absent;
        }
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException(what + " of " + user + " is unreadable", e);
        }
    }

    void remove(String user) {
        map.remove(user);
        store.commit();
    }

    void write(String user, T value) {
        try {
            map.put(user, JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + what + " of " + user, e);
        }
        store.commit();
    }
}

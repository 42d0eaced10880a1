package dev.jamesreplicator.state;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.h2.mvstore.MVMap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;
import dev.jamesreplicator.sieve.SieveChange;

/**
 * This server's Sieve journal, per user, in the state store beside the mail journal: the
 * scripts its users deleted, whether they left none active, and the scripts both servers held
 * after the last session (docs/sieve.md).
 */
@Singleton
public class SieveJournal {
    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final StateStore store;
    private final MVMap<String, String> tombstones;
    private final MVMap<String, String> common;

    @Inject
    public SieveJournal(StateStore store) {
        this.store = store;
        this.tombstones = store.map("sieve.tombstones");
        this.common = store.map("sieve.common");
    }

    public SieveTombstones tombstones(String user) {
        return read(tombstones, user, SieveTombstones.class, SieveTombstones.NONE);
    }

    public SieveState common(String user) {
        return read(common, user, SieveState.class, SieveState.NONE);
    }

    /**
     * A user's change: a deletion (or the old name of a rename) leaves a tombstone, putting a
     * script (or renaming one to it) clears its name's; a deactivation is recorded and an
     * activation clears it.
     */
    public synchronized void record(String user, SieveChange change) {
        SieveTombstones current = tombstones(user);
        List<SieveTombstones.Deleted> deleted = new ArrayList<>(current.deleted());
        String deactivated = current.deactivatedId();
        String name = change.name().orElse(null);
        switch (change.kind()) {
            case PUT:
                deleted.removeIf(record -> record.name().equals(name));
                break;
            case DELETE:
                deleted.removeIf(record -> record.name().equals(name));
                deleted.add(new SieveTombstones.Deleted(name, newId()));
                break;
            case RENAME:
                String to = change.newName().orElseThrow();
                deleted.removeIf(record -> record.name().equals(name) || record.name().equals(to));
                deleted.add(new SieveTombstones.Deleted(name, newId()));
                break;
            case ACTIVATE:
                deactivated = name == null ? newId() : null;
                break;
            default:
                throw new IllegalArgumentException("unknown Sieve change " + change);
        }
        write(tombstones, user, new SieveTombstones(deleted, deactivated));
    }

    /** After a session: the agreed scripts become the base, and the records it decided on are dropped. */
    public synchronized void completeSync(String user, SieveState agreed, SieveTombstones honoured) {
        SieveTombstones current = tombstones(user);
        List<SieveTombstones.Deleted> deleted = new ArrayList<>(current.deleted());
        deleted.removeAll(honoured.deleted());
        String deactivated = current.deactivated().filter(id -> !id.equals(honoured.deactivatedId())).orElse(null);
        write(common, user, agreed);
        write(tombstones, user, new SieveTombstones(deleted, deactivated));
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private void write(MVMap<String, String> map, String user, Object value) {
        try {
            map.put(user, JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the Sieve journal of " + user, e);
        }
        store.commit();
    }

    private static <T> T read(MVMap<String, String> map, String user, Class<T> type, T absent) {
        String json = map.get(user);
        if (json == null) {
            return absent;
        }
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("the Sieve journal of " + user + " is unreadable", e);
        }
    }
}

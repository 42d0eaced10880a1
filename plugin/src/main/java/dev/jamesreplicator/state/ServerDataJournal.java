package dev.jamesreplicator.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;
import javax.inject.Singleton;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.model.ServerTombstones;

/**
 * This server's journal of its server-wide data, in the state store beside the users' journals:
 * the items its administrators removed, the values sessions wrote since the last complete one,
 * and the items both servers held after the last session (docs/server-data.md).
 */
@Singleton
public class ServerDataJournal {
    /** The one record key of each map: the server-wide data is one unit. */
    private static final String UNIT = "server";

    private final UserRecords<ServerTombstones> tombstones;
    private final UserRecords<ServerItems> common;

    @Inject
    public ServerDataJournal(StateStore store) {
        this.tombstones = new UserRecords<>(store, "server.tombstones", ServerTombstones.class, ServerTombstones.NONE,
            "the server data journal");
        this.common = new UserRecords<>(store, "server.common", ServerItems.class, ServerItems.NONE,
            "the server data journal");
    }

    public ServerTombstones tombstones() {
        return tombstones.read(UNIT);
    }

    public ServerItems common() {
        return common.read(UNIT);
    }

    /** An administrator's change of an item: a removal leaves a tombstone, a set clears the item's. */
    public synchronized void record(String kind, String key, boolean removed) {
        ServerTombstones current = tombstones();
        List<ServerTombstones.Item> records = new ArrayList<>(current.removed());
        records.removeIf(record -> record.is(kind, key));
        if (removed) {
            records.add(new ServerTombstones.Item(kind, key, null, UUID.randomUUID().toString()));
        }
        tombstones.write(UNIT, new ServerTombstones(records, current.written()));
    }

    /** A session wrote {@code value} (empty: removed the item) here: until a session completes, the item's base here is that. */
    public synchronized void written(String kind, String key, Optional<String> value) {
        ServerTombstones current = tombstones();
        List<ServerTombstones.Item> written = new ArrayList<>(current.written());
        written.add(new ServerTombstones.Item(kind, key, value.orElse(null), UUID.randomUUID().toString()));
        tombstones.write(UNIT, new ServerTombstones(current.removed(), written));
    }

    /**
     * After a session: the agreed items become the base, the removals it decided on are dropped,
     * and every written value (the agreed state covers them; the unit is locked for the session).
     */
    public synchronized void completeSync(ServerItems agreed, ServerTombstones honoured) {
        List<ServerTombstones.Item> records = new ArrayList<>(tombstones().removed());
        records.removeAll(honoured.removed());
        common.write(UNIT, agreed);
        tombstones.write(UNIT, new ServerTombstones(records, null));
    }
}

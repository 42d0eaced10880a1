package dev.jamesreplicator.sync.james;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.model.ServerTombstones;
import dev.jamesreplicator.serverdata.ServerDataWrites;
import dev.jamesreplicator.state.ServerDataJournal;
import dev.jamesreplicator.sync.ServerDataKind;
import dev.jamesreplicator.sync.ServerDataStore;
import dev.jamesreplicator.sync.SyncException;

/**
 * This server's server-wide data through James's API, one {@link ServerDataKind} per kind, read
 * with the journal under the agent's server data lock (no change is seen without its record),
 * written as the replicator (not reported back) after checking the item still holds what the
 * plan saw (docs/server-data.md).
 */
public final class JamesServerDataStore implements ServerDataStore {
    private final Map<String, ServerDataKind> kinds = new LinkedHashMap<>();
    private final ServerDataJournal journal;

    public JamesServerDataStore(List<ServerDataKind> kinds, ServerDataJournal journal) {
        kinds.forEach(kind -> this.kinds.put(kind.name(), kind));
        this.journal = journal;
    }

    @Override
    public Snapshot read() throws Exception {
        return ServerDataWrites.locked(() -> {
            Map<String, Map<String, String>> items = new TreeMap<>();
            for (ServerDataKind kind : kinds.values()) {
                items.put(kind.name(), kind.items());
            }
            return new Snapshot(new ServerItems(items), journal.tombstones());
        });
    }

    @Override
    public ServerItems common() {
        return journal.common();
    }

    @Override
    public void write(String kindName, String key, Optional<String> value, Optional<String> replacing) throws Exception {
        ServerDataKind kind = kinds.get(kindName);
        if (kind == null) {
            throw new SyncException(SyncException.Code.FAILED, "this server keeps no server data of kind " + kindName);
        }
        ServerDataWrites.locked(() -> {
            Optional<String> now = kind.value(key);
            if (!now.equals(replacing)) {
                throw new SyncException(SyncException.Code.CONFLICT, kindName + " " + key + " holds "
                    + now.map(v -> ServerItems.shown(kindName, v)).orElse("nothing") + ", not "
                    + replacing.map(v -> ServerItems.shown(kindName, v)).orElse("nothing") + " as planned");
            }
            ServerDataWrites.asReplicator(() -> {
                if (value.isPresent()) {
                    kind.put(key, value.get(), replacing);
                } else {
                    kind.remove(key);
                }
                return null;
            });
            journal.written(kindName, key, value);
            return null;
        });
    }

    @Override
    public void completeSync(ServerItems agreed, ServerTombstones honoured) {
        journal.completeSync(agreed, honoured);
    }
}

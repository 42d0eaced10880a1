package dev.jamesreplicator.sync.james;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.Mappings;

import dev.jamesreplicator.serverdata.ServerDataChange;
import dev.jamesreplicator.sync.ServerDataKind;

/**
 * This server's recipient rewrites through James's {@code RecipientRewriteTable}
 * (docs/server-data.md): each mapping of each source an item without a value (aliases, forwards,
 * groups, domain aliases, ...), written with {@code addMapping}/{@code removeMapping} as stored,
 * without the checks WebAdmin's routes made on the node where it was created.
 */
public final class JamesRewriteKind implements ServerDataKind {
    private final RecipientRewriteTable table;

    public JamesRewriteKind(RecipientRewriteTable table) {
        this.table = table;
    }

    @Override
    public String name() {
        return ServerDataChange.REWRITE;
    }

    @Override
    public Map<String, String> items() throws Exception {
        Map<String, String> items = new TreeMap<>();
        for (Map.Entry<MappingSource, Mappings> source : table.getAllMappings().entrySet()) {
            for (Mapping mapping : source.getValue()) {
                items.put(ServerDataChange.rewriteKey(source.getKey(), mapping), "");
            }
        }
        return items;
    }

    @Override
    public Optional<String> value(String key) throws Exception {
        Mappings stored = table.getStoredMappings(ServerDataChange.rewriteSource(key));
        return stored.contains(ServerDataChange.rewriteMapping(key)) ? Optional.of("") : Optional.empty();
    }

    @Override
    public void put(String key, String value, Optional<String> replacing) throws Exception {
        table.addMapping(ServerDataChange.rewriteSource(key), ServerDataChange.rewriteMapping(key));
    }

    @Override
    public void remove(String key) throws Exception {
        table.removeMapping(ServerDataChange.rewriteSource(key), ServerDataChange.rewriteMapping(key));
    }
}

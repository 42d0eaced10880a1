package dev.jamesreplicator.sync.plan;

import java.util.List;
import java.util.Map;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.model.ServerTombstones;
import dev.jamesreplicator.model.Side;

/** What a session does to the server-wide data ({@link KeyedPlan}). */
public final class ServerDataPlan extends KeyedPlan<ServerDataWrite, ServerItems, ServerTombstones> {
    public ServerDataPlan(List<ServerDataWrite> writes, ServerItems agreed, Map<Side, ServerTombstones> honoured) {
        super(writes, agreed, honoured, ServerTombstones.NONE);
    }
}

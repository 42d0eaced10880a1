package dev.jamesreplicator.sync.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.model.ServerTombstones;

/** The answer to SERVER_DATA_STATE: one object under {@code serverData} in a {@link SyncReply} (docs/server-data.md). */
public final class ServerDataAnswer {
    private final ServerItems state;
    private final ServerTombstones tombstones;

    @JsonCreator
    public ServerDataAnswer(@JsonProperty("state") ServerItems state, @JsonProperty("tombstones") ServerTombstones tombstones) {
        this.state = state;
        this.tombstones = tombstones;
    }

    @JsonProperty("state")
    public ServerItems state() {
        return state;
    }

    @JsonProperty("tombstones")
    public ServerTombstones tombstones() {
        return tombstones;
    }
}

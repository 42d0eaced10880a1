package dev.jamesreplicator.sync.session;

import java.io.IOException;
import java.util.Optional;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.model.ServerTombstones;
import dev.jamesreplicator.sync.ServerDataStore;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.wire.ClientConnection;
import dev.jamesreplicator.wire.FrameType;
import dev.jamesreplicator.wire.WireJson;

/** The twin's server-wide data, over a connection bound to it by SERVER_DATA_OPEN; each step one SERVER_DATA_* call. */
public final class RemoteServerDataStore implements ServerDataStore {
    private final ClientConnection connection;
    private final String node;

    private RemoteServerDataStore(ClientConnection connection, String node) {
        this.connection = connection;
        this.node = node;
    }

    /** Binds the connection to the twin's server data; fails with BUSY when the twin is syncing it. */
    public static RemoteServerDataStore open(ClientConnection connection) {
        SyncReply opened = call(connection, new SyncCall.ServerDataOpen());
        if (opened.node() == null) {
            throw new IllegalStateException("an answer to SERVER_DATA_OPEN without the twin's node name");
        }
        return new RemoteServerDataStore(connection, opened.node());
    }

    /** The twin's node name (the tie-break). */
    public String node() {
        return node;
    }

    @Override
    public Snapshot read() {
        ServerDataAnswer answer = call(connection, new SyncCall.ServerDataStateCall()).serverData();
        if (answer == null || answer.state() == null) {
            throw new IllegalStateException("the twin answered SERVER_DATA_STATE without the server data");
        }
        return new Snapshot(answer.state(), answer.tombstones() == null ? ServerTombstones.NONE : answer.tombstones());
    }

    /** Never asked: the session plans from this server's common state, which both sides complete alike. */
    @Override
    public ServerItems common() {
        throw new UnsupportedOperationException("the session plans from this server's common state");
    }

    @Override
    public void write(String kind, String key, Optional<String> value, Optional<String> replacing) {
        call(connection, new SyncCall.ServerDataWriteCall(kind, key, value.orElse(null), replacing.orElse(null)));
    }

    @Override
    public void completeSync(ServerItems agreed, ServerTombstones honoured) {
        call(connection, new SyncCall.ServerDataComplete(agreed, honoured));
    }

    private static SyncReply call(ClientConnection connection, SyncCall call) {
        try {
            connection.send(WireJson.frame(FrameType.CALL, call));
            return WireJson.read(connection.receive(), FrameType.REPLY, SyncReply.class).orThrow();
        } catch (IOException e) {
            throw new SyncException(SyncException.Code.FAILED, "the link to the twin failed: " + e.getMessage(), e);
        }
    }
}

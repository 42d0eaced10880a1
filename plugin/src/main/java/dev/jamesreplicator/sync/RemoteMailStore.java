package dev.jamesreplicator.sync;

import java.io.IOException;

import dev.jamesreplicator.wire.ClientConnection;
import dev.jamesreplicator.wire.Frame;
import dev.jamesreplicator.wire.FrameType;
import dev.jamesreplicator.wire.WireException;
import dev.jamesreplicator.wire.WireJson;

/** The twin's copy of a user's mail, reached over an authenticated replication connection. */
public class RemoteMailStore implements MailStore {
    private final ClientConnection connection;
    private String node;

    private RemoteMailStore(ClientConnection connection) {
        this.connection = connection;
    }

    /** Binds the connection to {@code user} on the twin; fails with BUSY when the twin is syncing that user. */
    public static RemoteMailStore open(ClientConnection connection, String user) {
        RemoteMailStore store = new RemoteMailStore(connection);
        store.node = store.call(SyncCall.open(user)).node();
        return store;
    }

    /** The twin's node name, as it answered OPEN. */
    public String node() {
        return node;
    }

    @Override
    public UserState state() {
        return call(SyncCall.state()).state();
    }

    @Override
    public void createMailbox(String name, long uidValidity) {
        call(SyncCall.onMailbox(SyncCall.Op.CREATE_MAILBOX, name, uidValidity));
    }

    @Override
    public void replaceMailbox(String name, long oldUidValidity, int expectedMessages, long newUidValidity) {
        call(SyncCall.replace(name, oldUidValidity, expectedMessages, newUidValidity));
    }

    @Override
    public MessageState append(String mailbox, long uidValidity, MessageState message, byte[] content) {
        try {
            connection.send(WireJson.frame(FrameType.CALL, SyncCall.append(mailbox, uidValidity, message)));
            connection.send(new Frame(FrameType.BODY, content));
            return reply().message();
        } catch (IOException e) {
            throw linkFailure(e);
        }
    }

    @Override
    public byte[] fetch(String mailbox, long uidValidity, long uid) {
        call(SyncCall.fetch(mailbox, uidValidity, uid));
        try {
            Frame body = connection.receive();
            if (body.type() != FrameType.BODY) {
                throw new WireException("expected the message body, got " + body.type());
            }
            return body.payload();
        } catch (IOException e) {
            throw linkFailure(e);
        }
    }

    @Override
    public void expunge(String mailbox, long uidValidity, long uid) {
        call(SyncCall.expunge(mailbox, uidValidity, uid));
    }

    @Override
    public void setFlags(String mailbox, long uidValidity, long uid, java.util.List<String> flags, long modSeq) {
        call(SyncCall.setFlags(mailbox, uidValidity, uid, flags, modSeq));
    }

    @Override
    public void raiseModSeq(String mailbox, long uidValidity, long uid, long modSeq, boolean messageToo) {
        call(SyncCall.raiseModSeq(mailbox, uidValidity, uid, modSeq, messageToo));
    }

    @Override
    public void deleteMailbox(String name, long uidValidity, int expectedMessages) {
        call(SyncCall.deleteMailbox(name, uidValidity, expectedMessages));
    }

    @Override
    public void renameMailbox(long uidValidity, String from, String to) {
        call(SyncCall.renameMailbox(uidValidity, from, to));
    }

    @Override
    public void setSubscribed(String name, boolean subscribed) {
        call(SyncCall.subscription(name, subscribed));
    }

    @Override
    public void completeSync(CommonState agreed, Tombstones honoured) {
        call(SyncCall.complete(agreed, honoured));
    }

    private SyncReply call(SyncCall call) {
        try {
            connection.send(WireJson.frame(FrameType.CALL, call));
            return reply();
        } catch (IOException e) {
            throw linkFailure(e);
        }
    }

    private SyncReply reply() throws IOException {
        return WireJson.read(connection.receive(), FrameType.REPLY, SyncReply.class).orThrow();
    }

    private static SyncException linkFailure(IOException e) {
        return new SyncException(SyncException.Code.FAILED, "the link to the twin failed: " + e.getMessage(), e);
    }
}

package dev.jamesreplicator.sync.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.CommonStateDiff;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.model.UserState;
import dev.jamesreplicator.sync.MailboxItemStore;
import dev.jamesreplicator.sync.MailboxItems;
import dev.jamesreplicator.sync.MailStore;
import dev.jamesreplicator.sync.SieveStore;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.SyncStats;
import dev.jamesreplicator.wire.BodyChunks;
import dev.jamesreplicator.wire.ClientConnection;
import dev.jamesreplicator.wire.Frame;
import dev.jamesreplicator.wire.FrameType;
import dev.jamesreplicator.wire.WireException;
import dev.jamesreplicator.wire.WireJson;

/** The twin's copy of a user's mail, reached over an authenticated replication connection. */
public class RemoteMailStore implements MailStore {
    private final ClientConnection connection;
    private String node;
    private CommonState base;
    /** The session's: what reading the state and sending the common state cost is added to it. */
    private final SyncStats stats;

    private RemoteMailStore(ClientConnection connection, SyncStats stats) {
        this.connection = connection;
        this.stats = stats;
    }

    /** Binds the connection to {@code user} on the twin; fails with BUSY when the twin is syncing that user. */
    public static RemoteMailStore open(ClientConnection connection, String user) {
        return open(connection, user, new SyncStats());
    }

    /** As {@link #open(ClientConnection, String)}, for a session counting in {@code stats}. */
    public static RemoteMailStore open(ClientConnection connection, String user, SyncStats stats) {
        RemoteMailStore store = new RemoteMailStore(connection, stats);
        SyncReply opened = store.call(new SyncCall.Open(user));
        store.node = opened.node();
        if (store.node == null) {
            throw new WireException("an answer to OPEN without the twin's node name");
        }
        return store;
    }

    /** The twin's noReplicate masks, asked on a connection bound to no user. */
    public static List<String> noReplicateOf(ClientConnection connection) {
        List<String> masks = new RemoteMailStore(connection, new SyncStats()).call(new SyncCall.NoReplicate()).noReplicate();
        if (masks == null) {
            throw new WireException("an answer to NO_REPLICATE without the masks");
        }
        return masks;
    }

    /** The user's Sieve scripts on the twin, over this session's connection. */
    public SieveStore sieve() {
        return new RemoteSieveStore(this::call);
    }

    /** The user's mailbox annotations on the twin, over this session's connection. */
    public MailboxItemStore annotations() {
        return new RemoteMailboxItemStore(this::call, MailboxItems.ANNOTATIONS);
    }

    /** The user's mailbox ACLs on the twin, over this session's connection. */
    public MailboxItemStore acl() {
        return new RemoteMailboxItemStore(this::call, MailboxItems.ACL);
    }

    /** The twin's node name, as it answered OPEN. */
    public String node() {
        return node;
    }

    /** The twin's whole state, not against a common state: what every session read before incremental ones (IncrementalSyncIT measures it). */
    @Override
    public UserState state() {
        UserState state = call(SyncCall.State.whole()).state();
        if (state == null) {
            throw new WireException("an answer to STATE without the state");
        }
        return state;
    }

    /**
     * The twin's state for this session, read incrementally against {@code common} (this side's
     * common state with the twin) where the twin can; with {@code full}, every mailbox is checked
     * against the twin's digest of it. Remembers {@code common} as the base of {@link #completeSync}.
     */
    public UserState state(CommonState common, boolean full) {
        base = common;
        return TwinStateReader.read(request -> {
            StateDelta delta = call(new SyncCall.State(request)).delta();
            if (delta == null) {
                throw new WireException("an answer to an incremental STATE without its delta");
            }
            return delta;
        }, common, node, full, stats);
    }

    @Override
    public void createMailbox(String name, long uidValidity) {
        call(new SyncCall.CreateMailbox(name, uidValidity));
    }

    @Override
    public void replaceMailbox(String name, long oldUidValidity, int expectedMessages, long newUidValidity) {
        call(new SyncCall.ReplaceMailbox(name, oldUidValidity, expectedMessages, newUidValidity));
    }

    @Override
    public long maxMessageBytes() {
        return connection.maxMessageBytes();
    }

    /** Streams the body to the twin, which checks it and stores it, or refuses it and stores nothing. */
    @Override
    public MessageState append(String mailbox, long uidValidity, MessageState message, MessageContent content) {
        if (content.size() > connection.maxMessageBytes()) {
            throw new SyncException(SyncException.Code.FAILED, "UID " + message.uid() + " for " + mailbox + " is "
                + content.size() + " bytes, above <maxMessageSize> (" + connection.maxMessageBytes() + " bytes) in "
                + "conf/replication.xml: raise it on both servers to replicate this message");
        }
        try {
            connection.send(WireJson.frame(FrameType.CALL, new SyncCall.Append(mailbox, uidValidity, message,
                content.startsThread())));
            connection.send(Frame.body(content));
        } catch (UncheckedIOException e) {
            // this side's store failed mid-body: the session ends here, and the twin drops what it got
            throw new SyncException(SyncException.Code.FAILED, "UID " + message.uid() + " for " + mailbox + ": "
                + e.getMessage(), e);
        } catch (IOException e) {
            throw refusalOrLinkFailure(e);
        }
        try {
            return reply().message();
        } catch (IOException e) {
            throw linkFailure(e);
        }
    }

    /** The twin's message, spooled as it arrives (in a file if large); the caller closes it. */
    @Override
    public MessageContent fetch(String mailbox, long uidValidity, long uid) {
        SyncReply reply = call(new SyncCall.Fetch(mailbox, uidValidity, uid));
        try {
            Frame body = connection.receive();
            if (body.type() != FrameType.BODY) {
                throw new WireException("expected the message body, got " + body.type());
            }
            return Boolean.TRUE.equals(reply.startsThread()) ? MessageContent.startingThread(body.content()) : body.content();
        } catch (BodyChunks.BodyTooLargeException e) {
            throw new SyncException(SyncException.Code.FAILED, "cannot take UID " + uid + " of " + mailbox + " from the twin: "
                + e.getMessage(), e);
        } catch (IOException e) {
            throw linkFailure(e);
        }
    }

    /** The twin copies the message within its own store: no body on the wire. */
    @Override
    public MessageState copy(String sourceMailbox, long sourceUidValidity, long sourceUid,
                             String mailbox, long uidValidity, MessageState message) {
        return call(new SyncCall.Copy(sourceMailbox, sourceUidValidity, sourceUid, mailbox, uidValidity, message)).message();
    }

    @Override
    public boolean expunge(String mailbox, long uidValidity, long uid) {
        call(new SyncCall.Expunge(mailbox, uidValidity, uid));
        return true;
    }

    @Override
    public boolean expungeRenumbered(String mailbox, long uidValidity, long uid) {
        return !Boolean.TRUE.equals(call(new SyncCall.ExpungeRenumbered(mailbox, uidValidity, uid)).gone());
    }

    @Override
    public void setFlags(String mailbox, long uidValidity, long uid, List<String> flags, long modSeq) {
        call(new SyncCall.SetFlags(mailbox, uidValidity, uid, flags, modSeq));
    }

    @Override
    public void raiseUidNext(String mailbox, long uidValidity, long uidNext) {
        call(new SyncCall.RaiseUidNext(mailbox, uidValidity, uidNext));
    }

    @Override
    public void raiseModSeq(String mailbox, long uidValidity, long uid, long modSeq, boolean messageToo) {
        call(messageToo ? new SyncCall.RaiseMessageModSeq(mailbox, uidValidity, uid, modSeq)
            : new SyncCall.RaiseHighestModSeq(mailbox, uidValidity, modSeq));
    }

    @Override
    public void deleteMailbox(String name, long uidValidity, int expectedMessages) {
        call(new SyncCall.DeleteMailbox(name, uidValidity, expectedMessages));
    }

    @Override
    public void renameMailbox(long uidValidity, String from, String to) {
        call(new SyncCall.RenameMailbox(uidValidity, from, to));
    }

    @Override
    public void setSubscribed(String name, boolean subscribed) {
        call(subscribed ? new SyncCall.Subscribe(name) : new SyncCall.Unsubscribe(name));
    }

    /**
     * Sends the new common state: as its diff from the base both sides held at the start of the
     * session, or whole if the twin does not hold that base (a session cut between the two
     * sides' COMPLETE leaves them on different versions) or there is no versioned base (the
     * first session of a user, or one whose state was not read against a common state).
     */
    @Override
    public void completeSync(CommonState agreed, Tombstones honoured) {
        if (base != null && base.version() != null && agreed.version() != null) {
            CommonStateDiff diff = CommonStateDiff.between(base, agreed);
            if (!call(SyncCall.Complete.withDiff(diff, honoured)).wantsWholeState()) {
                stats.commonEntriesSent(diff.size());
                return;
            }
        }
        call(SyncCall.Complete.whole(agreed, honoured));
        stats.commonEntriesSent(agreed.size());
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

    /**
     * A send that failed midway: the twin may have refused the body and closed the connection (its
     * limit is lower than ours); its ERROR frame, if it got through, says why.
     */
    private SyncException refusalOrLinkFailure(IOException e) {
        try {
            Frame answer = connection.receive();
            if (answer.type() == FrameType.ERROR) {
                return new SyncException(SyncException.Code.FAILED, "the twin refused: " + answer.payloadAsText(), e);
            }
        } catch (IOException | RuntimeException ignored) {
            // nothing more to learn from the connection
        }
        return linkFailure(e);
    }

    private static SyncException linkFailure(IOException e) {
        return new SyncException(SyncException.Code.FAILED, "the link to the twin failed: " + e.getMessage(), e);
    }
}

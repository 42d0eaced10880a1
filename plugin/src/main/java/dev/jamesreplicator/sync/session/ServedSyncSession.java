package dev.jamesreplicator.sync.session;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.james.core.Username;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;

import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.sync.MailboxItemStore;
import dev.jamesreplicator.sync.MailboxItems;
import dev.jamesreplicator.sync.MailStore;
import dev.jamesreplicator.sync.ReplicationLink;
import dev.jamesreplicator.sync.ServerDataStore;
import dev.jamesreplicator.sync.SieveStore;
import dev.jamesreplicator.sync.SyncException.Code;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.UserLocks;
import dev.jamesreplicator.wire.Frame;
import dev.jamesreplicator.wire.FrameType;
import dev.jamesreplicator.wire.ServedSession;
import dev.jamesreplicator.wire.WireException;
import dev.jamesreplicator.wire.WireJson;

/**
 * This server's half of a sync session the twin runs: it answers the twin's calls on one
 * user's mail, which it locks for the session's length.
 */
public class ServedSyncSession implements ServedSession {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServedSyncSession.class);

    private final String nodeName;
    private final String peerNode;
    private final UserLocks userLocks;
    private final Function<Username, Boolean> userExists;
    private final Function<Username, ? extends MailStore> stores;
    private final ReplicationLink link;
    private final Journal journal;
    private final Predicate<String> noReplicate;
    private final Supplier<List<String>> noReplicateMasks;
    private String user;
    private MailStore store;
    private CommonState common;
    private SyncCall.Append pendingAppend;
    private final Answering answering = new Answering();
    private final Consumer<String> twinSyncs;
    /** Null where a test serves no Sieve calls. */
    private final Function<Username, ? extends SieveStore> sieveStores;
    private SieveStore sieveStore;
    /** Null where a test serves no annotation calls. */
    /** By kind; a kind absent where a test serves no such calls. */
    private final Map<MailboxItems, Function<Username, ? extends MailboxItemStore>> itemStores = new EnumMap<>(MailboxItems.class);
    private final Map<MailboxItems, MailboxItemStore> openItemStores = new EnumMap<>(MailboxItems.class);
    /** Null where a test serves no server data calls. */
    private final Supplier<? extends ServerDataStore> serverDataStores;
    /** The server-wide data, once SERVER_DATA_OPEN has bound the connection to it. */
    private ServerDataStore serverData;

    public ServedSyncSession(String nodeName, String peerNode, UserLocks userLocks, Function<Username, Boolean> userExists,
                      Function<Username, ? extends MailStore> stores, ReplicationLink link, Journal journal) {
        this(nodeName, peerNode, userLocks, userExists, stores, link, journal, user -> false, List::of);
    }

    /**
     * {@code noReplicate}: the users this server leaves out of replication, whom OPEN refuses;
     * {@code noReplicateMasks}: its masks, as NO_REPLICATE answers them.
     */
    public ServedSyncSession(String nodeName, String peerNode, UserLocks userLocks, Function<Username, Boolean> userExists,
                      Function<Username, ? extends MailStore> stores, ReplicationLink link, Journal journal,
                      Predicate<String> noReplicate, Supplier<List<String>> noReplicateMasks) {
        this(nodeName, peerNode, userLocks, userExists, stores, link, journal, noReplicate, noReplicateMasks, user -> { });
    }

    /** {@code twinSyncs}: told of each user the twin opens, that is replicates (a refusal it gave this node is over). */
    public ServedSyncSession(String nodeName, String peerNode, UserLocks userLocks, Function<Username, Boolean> userExists,
                      Function<Username, ? extends MailStore> stores, ReplicationLink link, Journal journal,
                      Predicate<String> noReplicate, Supplier<List<String>> noReplicateMasks, Consumer<String> twinSyncs) {
        this(nodeName, peerNode, userLocks, userExists, stores, link, journal, noReplicate, noReplicateMasks, twinSyncs, null);
    }

    /** {@code sieveStores}: the user's Sieve scripts on this server, for the SIEVE_* calls. */
    public ServedSyncSession(String nodeName, String peerNode, UserLocks userLocks, Function<Username, Boolean> userExists,
                      Function<Username, ? extends MailStore> stores, ReplicationLink link, Journal journal,
                      Predicate<String> noReplicate, Supplier<List<String>> noReplicateMasks, Consumer<String> twinSyncs,
                      Function<Username, ? extends SieveStore> sieveStores) {
        this(nodeName, peerNode, userLocks, userExists, stores, link, journal, noReplicate, noReplicateMasks, twinSyncs,
            sieveStores, null);
    }

    /** {@code annotationStores}: the user's mailbox annotations on this server, for the ANNOTATION_* calls. */
    public ServedSyncSession(String nodeName, String peerNode, UserLocks userLocks, Function<Username, Boolean> userExists,
                      Function<Username, ? extends MailStore> stores, ReplicationLink link, Journal journal,
                      Predicate<String> noReplicate, Supplier<List<String>> noReplicateMasks, Consumer<String> twinSyncs,
                      Function<Username, ? extends SieveStore> sieveStores,
                      Function<Username, ? extends MailboxItemStore> annotationStores) {
        this(nodeName, peerNode, userLocks, userExists, stores, link, journal, noReplicate, noReplicateMasks, twinSyncs,
            sieveStores, annotationStores, null, null);
    }

    /**
     * {@code aclStores}: the user's mailbox ACLs on this server, for the ACL_* calls;
     * {@code serverDataStores}: this server's server-wide data, for the SERVER_DATA_* calls (docs/server-data.md).
     */
    public ServedSyncSession(String nodeName, String peerNode, UserLocks userLocks, Function<Username, Boolean> userExists,
                      Function<Username, ? extends MailStore> stores, ReplicationLink link, Journal journal,
                      Predicate<String> noReplicate, Supplier<List<String>> noReplicateMasks, Consumer<String> twinSyncs,
                      Function<Username, ? extends SieveStore> sieveStores,
                      Function<Username, ? extends MailboxItemStore> annotationStores,
                      Function<Username, ? extends MailboxItemStore> aclStores,
                      Supplier<? extends ServerDataStore> serverDataStores) {
        this.serverDataStores = serverDataStores;
        if (annotationStores != null) {
            itemStores.put(MailboxItems.ANNOTATIONS, annotationStores);
        }
        if (aclStores != null) {
            itemStores.put(MailboxItems.ACL, aclStores);
        }
        this.sieveStores = sieveStores;
        this.twinSyncs = twinSyncs;
        this.noReplicate = noReplicate;
        this.noReplicateMasks = noReplicateMasks;
        this.link = link;
        this.journal = journal;
        this.nodeName = nodeName;
        this.peerNode = peerNode;
        this.userLocks = userLocks;
        this.userExists = userExists;
        this.stores = stores;
    }

    @Override
    public List<Frame> onFrame(Frame frame) {
        if (pendingAppend != null) {
            if (frame.type() != FrameType.BODY) {
                throw new WireException("expected the body of the APPEND, got " + frame.type());
            }
            SyncCall.Append append = pendingAppend;
            pendingAppend = null;
            // the body is spooled; it is checked against the message's size and hash before James sees it
            MessageContent body = append.startsThread() ? MessageContent.startingThread(frame.content()) : frame.content();
            return answer(() -> SyncReply.of(store.append(append.mailbox(), append.uidValidity(), append.message(), body)));
        }
        // an unknown op, or a call without a field it needs, is refused here, as the frame is read
        SyncCall call = WireJson.read(frame, FrameType.CALL, SyncCall.class);
        if (!call.allowedBeforeOpen() && store == null) {
            throw new WireException(call.op() + " before OPEN");
        }
        if (serverData != null && !(call instanceof SyncCall.OnServerData)) {
            throw new WireException(call.op() + " on a connection bound to the server data");
        }
        if (store != null) {
            LOGGER.debug("sync of {} for node '{}': {}", user, peerNode, call);
        }
        return call.accept(answering);
    }

    /** Carries out one call and answers it: one method per call. */
    private final class Answering implements SyncCall.Visitor<List<Frame>> {
        @Override
        public List<Frame> visit(SyncCall.Open open) {
            return answer(() -> ServedSyncSession.this.open(open));
        }

        @Override
        public List<Frame> visit(SyncCall.NoReplicate noReplicate) {
            return answer(() -> SyncReply.noReplicate(noReplicateMasks.get()));
        }

        @Override
        public List<Frame> visit(SyncCall.State state) {
            // Without a request: the whole state (IncrementalSyncIT's measure of what sessions read before).
            return answer(() -> state.request() == null ? SyncReply.of(store.state())
                : SyncReply.of(StateDelta.encode(store.state(), common(), nodeName, state.request())));
        }

        @Override
        public List<Frame> visit(SyncCall.CreateMailbox create) {
            return acknowledge(() -> store.createMailbox(create.mailbox(), create.uidValidity()));
        }

        @Override
        public List<Frame> visit(SyncCall.ReplaceMailbox replace) {
            return acknowledge(() -> store.replaceMailbox(replace.mailbox(), replace.uidValidity(),
                replace.expectedMessages(), replace.newUidValidity()));
        }

        @Override
        public List<Frame> visit(SyncCall.DeleteMailbox delete) {
            return acknowledge(() -> store.deleteMailbox(delete.mailbox(), delete.uidValidity(), delete.expectedMessages()));
        }

        @Override
        public List<Frame> visit(SyncCall.RenameMailbox rename) {
            return acknowledge(() -> store.renameMailbox(rename.uidValidity(), rename.from(), rename.to()));
        }

        @Override
        public List<Frame> visit(SyncCall.Append append) {
            // answered once its body has arrived
            pendingAppend = append;
            return ImmutableList.of();
        }

        @Override
        public List<Frame> visit(SyncCall.Fetch fetch) {
            return ServedSyncSession.this.fetch(fetch);
        }

        @Override
        public List<Frame> visit(SyncCall.Copy copy) {
            return answer(() -> SyncReply.of(store.copy(copy.sourceMailbox(), copy.sourceUidValidity(), copy.sourceUid(),
                copy.mailbox(), copy.uidValidity(), copy.message())));
        }

        @Override
        public List<Frame> visit(SyncCall.Expunge expunge) {
            return acknowledge(() -> store.expunge(expunge.mailbox(), expunge.uidValidity(), expunge.uid()));
        }

        @Override
        public List<Frame> visit(SyncCall.ExpungeRenumbered expunge) {
            return answer(() -> store.expungeRenumbered(expunge.mailbox(), expunge.uidValidity(), expunge.uid())
                ? SyncReply.ok() : SyncReply.alreadyGone());
        }

        @Override
        public List<Frame> visit(SyncCall.SetFlags set) {
            return acknowledge(() -> store.setFlags(set.mailbox(), set.uidValidity(), set.uid(), set.flags(), set.modSeq()));
        }

        @Override
        public List<Frame> visit(SyncCall.RaiseUidNext raise) {
            return acknowledge(() -> store.raiseUidNext(raise.mailbox(), raise.uidValidity(), raise.uidNext()));
        }

        @Override
        public List<Frame> visit(SyncCall.RaiseMessageModSeq raise) {
            return acknowledge(() -> store.raiseModSeq(raise.mailbox(), raise.uidValidity(), raise.uid(), raise.modSeq(), true));
        }

        @Override
        public List<Frame> visit(SyncCall.RaiseHighestModSeq raise) {
            return acknowledge(() -> store.raiseModSeq(raise.mailbox(), raise.uidValidity(), 0, raise.modSeq(), false));
        }

        @Override
        public List<Frame> visit(SyncCall.Subscribe subscribe) {
            return acknowledge(() -> store.setSubscribed(subscribe.mailbox(), true));
        }

        @Override
        public List<Frame> visit(SyncCall.Unsubscribe unsubscribe) {
            return acknowledge(() -> store.setSubscribed(unsubscribe.mailbox(), false));
        }

        @Override
        public List<Frame> visit(SyncCall.Complete complete) {
            return answer(() -> {
                CommonState agreed;
                if (complete.diff() != null) {
                    Optional<CommonState> next = complete.diff().applyTo(common());
                    if (next.isEmpty()) {
                        // Not on the diff's base (an earlier session was cut between the two COMPLETEs).
                        return SyncReply.staleBase();
                    }
                    agreed = next.get();
                } else {
                    agreed = complete.agreed();
                }
                store.completeSync(agreed, complete.honoured());
                common = agreed;
                return SyncReply.ok();
            });
        }

        @Override
        public List<Frame> visit(SyncCall.SieveStateCall state) {
            return sieve(sieve -> {
                SieveStore.Snapshot snapshot = sieve.read();
                return SyncReply.of(SieveAnswer.ofScripts(snapshot.state(), snapshot.tombstones()));
            });
        }

        @Override
        public List<Frame> visit(SyncCall.SieveContent content) {
            return sieve(sieve -> SyncReply.of(SieveAnswer.ofContent(sieve.content(content.script()))));
        }

        @Override
        public List<Frame> visit(SyncCall.SievePut put) {
            return sieve(sieve -> {
                sieve.put(put.script(), put.content(), Optional.ofNullable(put.expected()));
                return SyncReply.ok();
            });
        }

        @Override
        public List<Frame> visit(SyncCall.SieveActivate activate) {
            return sieve(sieve -> {
                sieve.activate(Optional.ofNullable(activate.script()), Optional.ofNullable(activate.expected()));
                return SyncReply.ok();
            });
        }

        @Override
        public List<Frame> visit(SyncCall.SieveDelete delete) {
            return sieve(sieve -> {
                sieve.delete(delete.script(), delete.expected());
                return SyncReply.ok();
            });
        }

        @Override
        public List<Frame> visit(SyncCall.SieveComplete complete) {
            return sieve(sieve -> {
                sieve.completeSync(complete.state(), complete.tombstones());
                return SyncReply.ok();
            });
        }

        @Override
        public List<Frame> visit(SyncCall.AnnotationStateCall state) {
            return items(MailboxItems.ANNOTATIONS, annotations -> SyncReply.of(answer(annotations)));
        }

        @Override
        public List<Frame> visit(SyncCall.AnnotationWriteCall write) {
            return items(MailboxItems.ANNOTATIONS, annotations -> write(annotations, write));
        }

        @Override
        public List<Frame> visit(SyncCall.AnnotationComplete complete) {
            return items(MailboxItems.ANNOTATIONS, annotations -> complete(annotations, complete));
        }

        @Override
        public List<Frame> visit(SyncCall.AclStateCall state) {
            return items(MailboxItems.ACL, acl -> SyncReply.ofAcl(answer(acl)));
        }

        @Override
        public List<Frame> visit(SyncCall.AclWriteCall write) {
            return items(MailboxItems.ACL, acl -> write(acl, write));
        }

        @Override
        public List<Frame> visit(SyncCall.AclComplete complete) {
            return items(MailboxItems.ACL, acl -> complete(acl, complete));
        }

        @Override
        public List<Frame> visit(SyncCall.ServerDataOpen open) {
            return answer(ServedSyncSession.this::openServerData);
        }

        @Override
        public List<Frame> visit(SyncCall.ServerDataStateCall state) {
            return serverData(data -> {
                ServerDataStore.Snapshot snapshot = data.read();
                return SyncReply.of(new ServerDataAnswer(snapshot.state(), snapshot.tombstones()));
            });
        }

        @Override
        public List<Frame> visit(SyncCall.ServerDataWriteCall write) {
            return serverData(data -> {
                data.write(write.kind(), write.key(), Optional.ofNullable(write.value()), Optional.ofNullable(write.expected()));
                return SyncReply.ok();
            });
        }

        @Override
        public List<Frame> visit(SyncCall.ServerDataComplete complete) {
            return serverData(data -> {
                data.completeSync(complete.state(), complete.tombstones());
                return SyncReply.ok();
            });
        }
    }

    private static MailboxItemAnswer answer(MailboxItemStore items) throws Exception {
        MailboxItemStore.Snapshot snapshot = items.read();
        return new MailboxItemAnswer(snapshot.state(), snapshot.tombstones());
    }

    private static SyncReply write(MailboxItemStore items, SyncCall.AnnotationWriteCall write) throws Exception {
        items.write(write.uidValidity(), write.mailbox(), write.key(), Optional.ofNullable(write.value()),
            Optional.ofNullable(write.expected()));
        return SyncReply.ok();
    }

    private static SyncReply complete(MailboxItemStore items, SyncCall.AnnotationComplete complete) {
        items.completeSync(complete.state(), complete.tombstones());
        return SyncReply.ok();
    }

    /**
     * The user's common state, read from the journal once per session: only sessions write it,
     * and the user is locked for this one.
     */
    private CommonState common() {
        if (common == null) {
            common = journal.common(user);
        }
        return common;
    }

    /** Binds the connection to the server-wide data, locked as a user is for the session's length. */
    private SyncReply openServerData() {
        if (store != null || serverData != null) {
            throw new WireException("SERVER_DATA_OPEN on a bound connection");
        }
        if (serverDataStores == null) {
            throw new WireException("server data calls on a session served without server data");
        }
        link.refuseIfPaused();
        if (!userLocks.tryLock(ServerItems.UNIT)) {
            throw new SyncException(Code.BUSY, "the server data is being synced");
        }
        try {
            serverData = serverDataStores.get();
        } catch (RuntimeException e) {
            userLocks.unlock(ServerItems.UNIT);
            throw e;
        }
        LOGGER.debug("Serving the server data sync for node '{}'", peerNode);
        return SyncReply.opened(nodeName);
    }

    private SyncReply open(SyncCall.Open call) {
        if (store != null || serverData != null) {
            throw new WireException("OPEN twice on one connection");
        }
        link.refuseIfPaused();
        Username username = Username.of(call.user());
        if (noReplicate.test(username.asString())) {
            // The twin marks the user and asks again only after a while: see ReplicationQueue.refusedByTwin.
            throw new SyncException(Code.NO_REPLICATE, "node '" + nodeName + "' leaves user " + username.asString()
                + " out of replication (noReplicate)");
        }
        if (!userExists.apply(username)) {
            throw new SyncException(Code.UNKNOWN_USER, "no user " + username.asString() + " on this server");
        }
        if (!userLocks.tryLock(username.asString())) {
            throw new SyncException(Code.BUSY, "user " + username.asString() + " is being synced");
        }
        try {
            store = stores.apply(username);
        } catch (RuntimeException e) {
            userLocks.unlock(username.asString());
            throw e;
        }
        user = username.asString();
        twinSyncs.accept(user);
        LOGGER.debug("Serving sync of {} for node '{}'", user, peerNode);
        return SyncReply.opened(nodeName);
    }

    /** The reply, then the body, streamed from James's content as the twin reads it (and closed after). */
    private List<Frame> fetch(SyncCall.Fetch call) {
        try {
            MessageContent content = store.fetch(call.mailbox(), call.uidValidity(), call.uid());
            return ImmutableList.of(WireJson.frame(FrameType.REPLY, SyncReply.body(content.startsThread())), Frame.body(content));
        } catch (SyncException e) {
            return ImmutableList.of(WireJson.frame(FrameType.REPLY, SyncReply.failed(e)));
        }
    }

    private interface SieveStep {
        SyncReply run(SieveStore sieve) throws Exception;
    }

    /** A Sieve call on the user's scripts, its failures answered as the mail calls' are. */
    private List<Frame> sieve(SieveStep step) {
        if (sieveStores == null) {
            throw new WireException("Sieve calls on a session served without Sieve scripts");
        }
        return answer(() -> {
            if (sieveStore == null) {
                sieveStore = sieveStores.apply(Username.of(user));
            }
            try {
                return step.run(sieveStore);
            } catch (SyncException | WireException e) {
                throw e;
            } catch (Exception e) {
                throw new SyncException(Code.FAILED, "Sieve call failed: " + e, e);
            }
        });
    }

    private interface ItemStep {
        SyncReply run(MailboxItemStore items) throws Exception;
    }

    /** An annotation or ACL call on the user's mailboxes, its failures answered as the mail calls' are. */
    private List<Frame> items(MailboxItems kind, ItemStep step) {
        Function<Username, ? extends MailboxItemStore> stores = itemStores.get(kind);
        if (stores == null) {
            throw new WireException(kind.itemName() + " calls on a session served without them");
        }
        return answer(() -> {
            MailboxItemStore store = openItemStores.computeIfAbsent(kind, unused -> stores.apply(Username.of(user)));
            try {
                return step.run(store);
            } catch (SyncException | WireException e) {
                throw e;
            } catch (Exception e) {
                throw new SyncException(Code.FAILED, kind.itemName() + " call failed: " + e, e);
            }
        });
    }

    private interface ServerDataStep {
        SyncReply run(ServerDataStore data) throws Exception;
    }

    /** A call on the server data, after SERVER_DATA_OPEN; its failures answered as the mail calls' are. */
    private List<Frame> serverData(ServerDataStep step) {
        if (serverData == null) {
            throw new WireException("server data calls before SERVER_DATA_OPEN");
        }
        return answer(() -> {
            try {
                return step.run(serverData);
            } catch (SyncException | WireException e) {
                throw e;
            } catch (Exception e) {
                throw new SyncException(Code.FAILED, "server data call failed: " + e, e);
            }
        });
    }

    /** A step with nothing to answer but that it was done. */
    private List<Frame> acknowledge(Runnable step) {
        return answer(() -> {
            step.run();
            return SyncReply.ok();
        });
    }

    private List<Frame> answer(ReplySupplier supplier) {
        SyncReply reply;
        try {
            reply = supplier.get();
        } catch (SyncException e) {
            LOGGER.debug("Sync call for node '{}' refused: {}", peerNode, e.getMessage());
            reply = SyncReply.failed(e);
        }
        return ImmutableList.of(WireJson.frame(FrameType.REPLY, reply));
    }

    @Override
    public void close() {
        if (serverData != null) {
            serverData = null;
            userLocks.unlock(ServerItems.UNIT);
        }
        if (store != null) {
            MailStore closing = store;
            store = null;
            try {
                closing.close();
            } finally {
                // whatever closing the store did, the user is free for the next session
                userLocks.unlock(user);
            }
        }
    }

    private interface ReplySupplier {
        SyncReply get();
    }
}

package dev.jamesreplicator.sync.session;

import java.util.List;
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
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.sync.MailStore;
import dev.jamesreplicator.sync.ReplicationLink;
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
    private SyncCall pendingAppend;
    private final Consumer<String> twinSyncs;
    /** Null on a server that serves no Sieve calls (OPEN does not offer them). */
    private final Function<Username, ? extends SieveStore> sieveStores;
    private SieveStore sieveStore;

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
            SyncCall append = pendingAppend;
            pendingAppend = null;
            // the body is spooled; it is checked against the message's size and hash before James sees it
            MessageContent body = Boolean.TRUE.equals(append.startsThread()) ? MessageContent.startingThread(frame.content())
                : frame.content();
            LOGGER.debug("sync of {} for node '{}': APPEND {} uidvalidity {} {}", user, peerNode, append.mailbox(),
                append.uidValidity(), append.message());
            return answer(() -> SyncReply.of(store.append(append.mailbox(), append.uidValidity(), append.message(), body)));
        }
        SyncCall call = WireJson.read(frame, FrameType.CALL, SyncCall.class);
        if (call.op() == null) {
            throw new WireException("a call without op");
        }
        // NO_REPLICATE binds no user, so it may come before OPEN (the health check's only call) or after.
        if (call.op() != SyncCall.Op.OPEN && call.op() != SyncCall.Op.NO_REPLICATE && store == null) {
            throw new WireException(call.op() + " before OPEN");
        }
        if (LOGGER.isDebugEnabled() && call.op() != SyncCall.Op.OPEN && call.op() != SyncCall.Op.APPEND) {
            LOGGER.debug("sync of {} for node '{}': {} {} uidvalidity {} uid {}", user, peerNode, call.op(), call.mailbox(),
                call.uidValidity(), call.uid());
        }
        return call.op().accept(new Answering(call));
    }

    /** Carries out one call and answers it: one method per op. */
    private final class Answering implements SyncCall.Op.Visitor<List<Frame>> {
        private final SyncCall call;

        Answering(SyncCall call) {
            this.call = call;
        }

        @Override
        public List<Frame> open() {
            return answer(() -> ServedSyncSession.this.open(call));
        }

        @Override
        public List<Frame> state() {
            // Without a request: the whole state (IncrementalSyncIT's measure of what sessions read before).
            return answer(() -> call.request() == null ? SyncReply.of(store.state())
                : SyncReply.of(StateDelta.encode(store.state(), common(), nodeName, call.request())));
        }

        @Override
        public List<Frame> createMailbox() {
            return acknowledge(() -> store.createMailbox(required(call.mailbox()), required(call.uidValidity())));
        }

        @Override
        public List<Frame> replaceMailbox() {
            return acknowledge(() -> store.replaceMailbox(required(call.mailbox()),
                required(call.uidValidity()), required(call.expectedMessages()), required(call.newUidValidity())));
        }

        @Override
        public List<Frame> append() {
            required(call.mailbox());
            required(call.uidValidity());
            required(call.message());
            pendingAppend = call;
            return ImmutableList.of();
        }

        @Override
        public List<Frame> fetch() {
            return ServedSyncSession.this.fetch(call);
        }

        @Override
        public List<Frame> copy() {
            return answer(() -> SyncReply.of(store.copy(required(call.mailbox()), required(call.uidValidity()),
                required(call.uid()), required(call.newName()), required(call.newUidValidity()), required(call.message()))));
        }

        @Override
        public List<Frame> setFlags() {
            return acknowledge(() -> store.setFlags(required(call.mailbox()),
                required(call.uidValidity()), required(call.uid()), required(call.flags()),
                call.newUidValidity() == null ? 0 : call.newUidValidity()));
        }

        @Override
        public List<Frame> raiseUidNext() {
            return acknowledge(() -> store.raiseUidNext(required(call.mailbox()),
                required(call.uidValidity()), required(call.uid())));
        }

        @Override
        public List<Frame> raiseMessageModSeq() {
            return acknowledge(() -> store.raiseModSeq(required(call.mailbox()),
                required(call.uidValidity()), required(call.uid()), required(call.newUidValidity()), true));
        }

        @Override
        public List<Frame> raiseHighestModSeq() {
            return acknowledge(() -> store.raiseModSeq(required(call.mailbox()),
                required(call.uidValidity()), 0, required(call.newUidValidity()), false));
        }

        @Override
        public List<Frame> deleteMailbox() {
            return acknowledge(() -> store.deleteMailbox(required(call.mailbox()),
                required(call.uidValidity()), required(call.expectedMessages())));
        }

        @Override
        public List<Frame> renameMailbox() {
            return acknowledge(() -> store.renameMailbox(required(call.uidValidity()),
                required(call.mailbox()), required(call.newName())));
        }

        @Override
        public List<Frame> subscribe() {
            return acknowledge(() -> store.setSubscribed(required(call.mailbox()), true));
        }

        @Override
        public List<Frame> unsubscribe() {
            return acknowledge(() -> store.setSubscribed(required(call.mailbox()), false));
        }

        @Override
        public List<Frame> noReplicate() {
            return answer(() -> SyncReply.noReplicate(noReplicateMasks.get()));
        }

        @Override
        public List<Frame> complete() {
            return answer(() -> {
                CommonState agreed;
                if (call.diff() != null) {
                    Optional<CommonState> next = call.diff().applyTo(common());
                    if (next.isEmpty()) {
                        // Not on the diff's base (an earlier session was cut between the two COMPLETEs).
                        return SyncReply.staleBase();
                    }
                    agreed = next.get();
                } else {
                    agreed = required(call.agreed());
                }
                store.completeSync(agreed, required(call.honoured()));
                common = agreed;
                return SyncReply.ok();
            });
        }

        @Override
        public List<Frame> sieveState() {
            return sieve(sieve -> {
                SieveStore.Snapshot snapshot = sieve.read();
                return SyncReply.of(new SieveFields(null, null, null, snapshot.state(), snapshot.tombstones()));
            });
        }

        @Override
        public List<Frame> sieveContent() {
            return sieve(sieve -> SyncReply.of(new SieveFields(null, null, sieve.content(required(fields().script())), null, null)));
        }

        @Override
        public List<Frame> sievePut() {
            return sieve(sieve -> {
                sieve.put(required(fields().script()), required(fields().content()), Optional.ofNullable(fields().expected()));
                return SyncReply.ok();
            });
        }

        @Override
        public List<Frame> sieveActivate() {
            return sieve(sieve -> {
                sieve.activate(Optional.ofNullable(fields().script()), Optional.ofNullable(fields().expected()));
                return SyncReply.ok();
            });
        }

        @Override
        public List<Frame> sieveDelete() {
            return sieve(sieve -> {
                sieve.delete(required(fields().script()), required(fields().expected()));
                return SyncReply.ok();
            });
        }

        @Override
        public List<Frame> sieveComplete() {
            return sieve(sieve -> {
                sieve.completeSync(required(fields().state()), required(fields().tombstones()));
                return SyncReply.ok();
            });
        }

        private SieveFields fields() {
            return required(call.sieve());
        }

        @Override
        public List<Frame> expunge() {
            return acknowledge(() -> store.expunge(required(call.mailbox()),
                required(call.uidValidity()), required(call.uid())));
        }

        @Override
        public List<Frame> expungeRenumbered() {
            return answer(() -> {
                boolean removed = store.expungeRenumbered(required(call.mailbox()), required(call.uidValidity()), required(call.uid()));
                return removed ? SyncReply.ok() : SyncReply.alreadyGone();
            });
        }
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

    private SyncReply open(SyncCall call) {
        if (store != null) {
            throw new WireException("OPEN twice on one connection");
        }
        link.refuseIfPaused();
        Username username = Username.of(required(call.user()));
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
        return SyncReply.opened(nodeName, sieveStores != null);
    }

    /** The reply, then the body, streamed from James's content as the twin reads it (and closed after). */
    private List<Frame> fetch(SyncCall call) {
        try {
            MessageContent content = store.fetch(required(call.mailbox()), required(call.uidValidity()), required(call.uid()));
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
            throw new WireException("Sieve calls on a server that does not offer them");
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

    private static <T> T required(T value) {
        if (value == null) {
            throw new WireException("a call lacks a required field");
        }
        return value;
    }

    @Override
    public void close() {
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

package dev.jamesreplicator.sync.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.MailStore;
import dev.jamesreplicator.sync.ModelMailStore;
import dev.jamesreplicator.sync.ReplicationLink;
import dev.jamesreplicator.sync.UserLocks;
import dev.jamesreplicator.wire.Frame;
import dev.jamesreplicator.wire.FrameType;
import dev.jamesreplicator.wire.WireException;
import dev.jamesreplicator.wire.WireJson;

class ServedSyncSessionTest {
    private static final String USER = "user@example.test";

    @TempDir
    Path directory;

    @Test
    void theUserIsFreeAgainWhenClosingItsStoreFails() {
        UserLocks locks = new UserLocks();
        try (StateStore state = new StateStore(directory)) {
            ServedSyncSession session = new ServedSyncSession("b", "a", locks, user -> true,
                user -> storeThatFailsToClose(), new ReplicationLink(), new Journal(state));
            session.onFrame(WireJson.frame(FrameType.CALL, SyncCall.open(USER)));
            assertThat(locks.tryLock(USER)).as("locked by the open session").isFalse();

            assertThatThrownBy(session::close).hasMessageContaining("cannot close");

            assertThat(locks.tryLock(USER)).as("free after the session closed").isTrue();
        }
    }

    @Test
    void everyOpCrossesTheWireByItsName() {
        // Each op has a body of its own (its accept): the wire must still carry the bare name.
        for (SyncCall.Op op : SyncCall.Op.values()) {
            String json = "{\"op\":\"" + op.name() + "\"}";
            SyncCall read = WireJson.read(Frame.text(FrameType.CALL, json), FrameType.CALL, SyncCall.class);
            assertThat(read.op()).isEqualTo(op);
        }
        assertThat(WireJson.frame(FrameType.CALL, SyncCall.open(USER)).payloadAsText()).contains("\"op\":\"OPEN\"");
        // An op this version does not know is refused as it is read, before any dispatch.
        assertThatThrownBy(() -> WireJson.read(Frame.text(FrameType.CALL, "{\"op\":\"NO_SUCH_OP\"}"), FrameType.CALL,
            SyncCall.class)).isInstanceOf(WireException.class);
    }

    @Test
    void aStateWithoutARequestIsAnsweredWhole() {
        // The form an older twin sends, and IncrementalSyncIT's measure of a whole state.
        ModelMailStore model = new ModelMailStore(new Random(1));
        model.userCreate("INBOX");
        model.userAppend("INBOX", "here", java.util.List.of());
        try (StateStore state = new StateStore(directory)) {
            ServedSyncSession session = new ServedSyncSession("b", "a", new UserLocks(), user -> true, user -> model,
                new ReplicationLink(), new Journal(state));
            session.onFrame(WireJson.frame(FrameType.CALL, SyncCall.open(USER)));

            SyncReply reply = WireJson.read(session.onFrame(WireJson.frame(FrameType.CALL, SyncCall.state())).get(0),
                FrameType.REPLY, SyncReply.class);

            assertThat(reply.delta()).isNull();
            assertThat(reply.state().mailbox("INBOX").orElseThrow().messages()).hasSize(1);
            session.close();
        }
    }

    @Test
    void aRenumberingsExpungeOfAMessageNoLongerThereSaysSo() {
        ModelMailStore model = new ModelMailStore(new Random(1));
        model.userCreate("INBOX");
        long uid = model.userAppend("INBOX", "here", java.util.List.of());
        long uidValidity = model.state().mailbox("INBOX").orElseThrow().uidValidity();
        try (StateStore state = new StateStore(directory)) {
            ServedSyncSession session = new ServedSyncSession("b", "a", new UserLocks(), user -> true, user -> model,
                new ReplicationLink(), new Journal(state));
            session.onFrame(WireJson.frame(FrameType.CALL, SyncCall.open(USER)));

            assertThat(expunge(session, uidValidity, uid).gone()).as("removed by this call").isNull();
            assertThat(expunge(session, uidValidity, uid).gone()).as("already gone").isTrue();
            session.close();
        }
    }

    @Test
    void openingAUserLeftOutOfReplicationIsRefusedAndLocksNothing() {
        UserLocks locks = new UserLocks();
        ModelMailStore model = new ModelMailStore(new Random(1));
        try (StateStore state = new StateStore(directory)) {
            ServedSyncSession session = new ServedSyncSession("b", "a", locks, user -> true, user -> model,
                new ReplicationLink(), new Journal(state), user -> user.equals(USER), () -> java.util.List.of("user@*"));

            SyncReply masks = WireJson.read(session.onFrame(WireJson.frame(FrameType.CALL, SyncCall.noReplicate())).get(0),
                FrameType.REPLY, SyncReply.class);
            assertThat(masks.noReplicate()).as("answered before OPEN").containsExactly("user@*");

            SyncReply refused = WireJson.read(session.onFrame(WireJson.frame(FrameType.CALL, SyncCall.open(USER))).get(0),
                FrameType.REPLY, SyncReply.class);

            assertThat(refused.error()).isEqualTo(dev.jamesreplicator.sync.SyncException.Code.NO_REPLICATE);
            assertThat(refused.detail()).isEqualTo("node 'b' leaves user " + USER + " out of replication (noReplicate)");
            assertThat(locks.tryLock(USER)).as("nothing locked").isTrue();
            locks.unlock(USER);
            assertThatThrownBy(refused::orThrow).isInstanceOfSatisfying(dev.jamesreplicator.sync.SyncException.class,
                e -> assertThat(e.code()).isEqualTo(dev.jamesreplicator.sync.SyncException.Code.NO_REPLICATE));

            SyncReply other = WireJson.read(session.onFrame(WireJson.frame(FrameType.CALL, SyncCall.open("other@example.test"))).get(0),
                FrameType.REPLY, SyncReply.class);
            assertThat(other.error()).as("the connection stays usable").isNull();
            session.close();
        }
    }

    private static SyncReply expunge(ServedSyncSession session, long uidValidity, long uid) {
        return WireJson.read(session.onFrame(WireJson.frame(FrameType.CALL, SyncCall.expungeRenumbered("INBOX", uidValidity, uid))).get(0),
            FrameType.REPLY, SyncReply.class);
    }

    /** A store whose every call works, except close. */
    private static MailStore storeThatFailsToClose() {
        MailStore model = new ModelMailStore(new Random(1));
        return (MailStore) Proxy.newProxyInstance(MailStore.class.getClassLoader(), new Class<?>[] {MailStore.class},
            (proxy, method, arguments) -> {
                if (method.getName().equals("close")) {
                    throw new IllegalStateException("cannot close the store");
                }
                try {
                    return method.invoke(model, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }
}

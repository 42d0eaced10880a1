package dev.jamesreplicator.sync.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.annotation.JsonSubTypes;

import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.CommonStateDiff;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.model.MailboxItemTombstones;
import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;
import dev.jamesreplicator.model.Tombstones;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.model.ServerTombstones;
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
    private static final MessageState MESSAGE = new MessageState(3, 12, List.of("\\Seen"), 1_700_000_000_000L, 42, "ab12");

    @TempDir
    Path directory;

    @Test
    void theUserIsFreeAgainWhenClosingItsStoreFails() {
        UserLocks locks = new UserLocks();
        try (StateStore state = new StateStore(directory)) {
            ServedSyncSession session = new ServedSyncSession("b", "a", locks, user -> true,
                user -> storeThatFailsToClose(), new ReplicationLink(), new Journal(state));
            session.onFrame(WireJson.frame(FrameType.CALL, new SyncCall.Open(USER)));
            assertThat(locks.tryLock(USER)).as("locked by the open session").isFalse();

            assertThatThrownBy(session::close).hasMessageContaining("cannot close");

            assertThat(locks.tryLock(USER)).as("free after the session closed").isTrue();
        }
    }

    @Test
    void everyCallCrossesTheWireUnderItsOpAndReadsBackAsItWasSent() {
        List<SyncCall> calls = oneOfEachCall();
        Set<Class<?>> examples = calls.stream().map(SyncCall::getClass).collect(Collectors.toSet());
        assertThat(examples).as("an example of every call").isEqualTo(Arrays.stream(
            SyncCall.class.getAnnotation(JsonSubTypes.class).value()).map(JsonSubTypes.Type::value).collect(Collectors.toSet()));
        assertThat(calls).extracting(SyncCall::op).as("the names on the wire").containsExactly("OPEN", "NO_REPLICATE",
            "STATE", "STATE", "CREATE_MAILBOX", "REPLACE_MAILBOX", "DELETE_MAILBOX", "RENAME_MAILBOX", "APPEND", "APPEND",
            "FETCH", "COPY", "EXPUNGE", "EXPUNGE_RENUMBERED", "SET_FLAGS", "RAISE_UID_NEXT", "RAISE_MESSAGE_MODSEQ",
            "RAISE_HIGHEST_MODSEQ", "SUBSCRIBE", "UNSUBSCRIBE", "COMPLETE", "COMPLETE", "SIEVE_STATE", "SIEVE_CONTENT",
            "SIEVE_PUT", "SIEVE_ACTIVATE", "SIEVE_ACTIVATE", "SIEVE_DELETE", "SIEVE_COMPLETE", "ANNOTATION_STATE",
            "ANNOTATION_WRITE", "ANNOTATION_WRITE", "ANNOTATION_COMPLETE", "ACL_STATE", "ACL_WRITE", "ACL_WRITE", "ACL_COMPLETE",
            "SERVER_DATA_OPEN", "SERVER_DATA_STATE", "SERVER_DATA_WRITE", "SERVER_DATA_WRITE", "SERVER_DATA_COMPLETE");
        for (SyncCall call : calls) {
            String json = WireJson.frame(FrameType.CALL, call).payloadAsText();
            assertThat(json).contains("\"op\":\"" + call.op() + "\"");
            SyncCall read = WireJson.read(Frame.text(FrameType.CALL, json), FrameType.CALL, SyncCall.class);
            assertThat(read).isExactlyInstanceOf(call.getClass());
            assertThat(WireJson.frame(FrameType.CALL, read).payloadAsText()).as(json).isEqualTo(json);
        }
        assertThat(WireJson.frame(FrameType.CALL, new SyncCall.RaiseUidNext("INBOX", 7L, 12L)).payloadAsText())
            .as("each field named for what it carries")
            .isEqualTo("{\"op\":\"RAISE_UID_NEXT\",\"mailbox\":\"INBOX\",\"uidValidity\":7,\"uidNext\":12}");
        assertThat(WireJson.frame(FrameType.CALL, new SyncCall.Append("INBOX", 7L, MESSAGE, false)).payloadAsText())
            .as("startsThread only when true").doesNotContain("startsThread");
    }

    @Test
    void aCallThisVersionCannotReadIsRefusedAsTheFrameIsRead() {
        // Before any dispatch: an unknown op, no op, and a call without a field it needs (named, with the call).
        assertThatThrownBy(() -> readCall("{\"op\":\"NO_SUCH_OP\"}")).isInstanceOf(WireException.class)
            .hasMessageContaining("NO_SUCH_OP");
        assertThatThrownBy(() -> readCall("{\"user\":\"" + USER + "\"}")).isInstanceOf(WireException.class);
        assertThatThrownBy(() -> readCall("{\"op\":\"RAISE_UID_NEXT\",\"mailbox\":\"INBOX\",\"uidValidity\":7,\"uid\":12}"))
            .as("version 5's form").isInstanceOf(WireException.class)
            .hasMessage("malformed CALL frame: RAISE_UID_NEXT without its uidNext");
        assertThatThrownBy(() -> readCall("{\"op\":\"SIEVE_PUT\",\"sieve\":{\"script\":\"s\",\"content\":\"\"}}"))
            .as("version 5's form").isInstanceOf(WireException.class)
            .hasMessage("malformed CALL frame: SIEVE_PUT without its script");
        assertThatThrownBy(() -> readCall("{\"op\":\"COMPLETE\",\"honoured\":{}}")).isInstanceOf(WireException.class)
            .hasMessage("malformed CALL frame: COMPLETE without its agreed");
        assertThatThrownBy(() -> readCall("{\"op\":\"OPEN\"}")).isInstanceOf(WireException.class)
            .hasMessage("malformed CALL frame: OPEN without its user");
    }

    @Test
    void aCallOnTheMailBeforeOpenBreaksTheProtocol() {
        try (StateStore state = new StateStore(directory)) {
            ServedSyncSession session = new ServedSyncSession("b", "a", new UserLocks(), user -> true,
                user -> new ModelMailStore(new Random(1)), new ReplicationLink(), new Journal(state));

            assertThatThrownBy(() -> session.onFrame(WireJson.frame(FrameType.CALL, new SyncCall.Expunge("INBOX", 7L, 1L))))
                .isInstanceOf(WireException.class).hasMessage("EXPUNGE before OPEN");
        }
    }

    private static SyncCall readCall(String json) {
        return WireJson.read(Frame.text(FrameType.CALL, json), FrameType.CALL, SyncCall.class);
    }

    /** One of each call, two of those whose fields vary (a STATE with and without a request...). */
    private static List<SyncCall> oneOfEachCall() {
        CommonState base = new CommonState("v1", Map.of(7L, Map.of(3L, List.of("\\Seen"))), null, null);
        CommonState agreed = new CommonState("v2", Map.of(7L, Map.of(3L, List.of("\\Seen", "\\Flagged"))), null, null);
        SieveState scripts = new SieveState(Map.of("spam", "abc"), "spam");
        MailboxItemState annotations = new MailboxItemState(Map.of(7L, new MailboxItemState.Mailbox("Work", Map.of("/private/comment", "x"))));
        MailboxItemState acl = new MailboxItemState(Map.of(7L, new MailboxItemState.Mailbox("Work", Map.of("bob@example.test", "lr"))));
        return List.of(new SyncCall.Open(USER), new SyncCall.NoReplicate(), SyncCall.State.whole(),
            new SyncCall.State(new StateRequest("v1", true, List.of(7L))), new SyncCall.CreateMailbox("INBOX", 7L),
            new SyncCall.ReplaceMailbox("INBOX", 7L, 2, 8L), new SyncCall.DeleteMailbox("INBOX", 7L, 2),
            new SyncCall.RenameMailbox(7L, "INBOX.a", "INBOX.b"), new SyncCall.Append("INBOX", 7L, MESSAGE, false),
            new SyncCall.Append("INBOX", 7L, MESSAGE, true), new SyncCall.Fetch("INBOX", 7L, 3L),
            new SyncCall.Copy("INBOX", 7L, 3L, "Archive", 9L, MESSAGE.renumbered(4, 0)), new SyncCall.Expunge("INBOX", 7L, 3L),
            new SyncCall.ExpungeRenumbered("INBOX", 7L, 3L), new SyncCall.SetFlags("INBOX", 7L, 3L, List.of("\\Seen"), 12L),
            new SyncCall.RaiseUidNext("INBOX", 7L, 20L), new SyncCall.RaiseMessageModSeq("INBOX", 7L, 3L, 30L),
            new SyncCall.RaiseHighestModSeq("INBOX", 7L, 31L), new SyncCall.Subscribe("INBOX"), new SyncCall.Unsubscribe("INBOX"),
            SyncCall.Complete.withDiff(CommonStateDiff.between(base, agreed), Tombstones.NONE),
            SyncCall.Complete.whole(agreed, Tombstones.NONE), new SyncCall.SieveStateCall(), new SyncCall.SieveContent("spam"),
            new SyncCall.SievePut("spam", "keep;".getBytes(StandardCharsets.UTF_8), "abc"), new SyncCall.SieveActivate("spam", null),
            new SyncCall.SieveActivate(null, "spam"), new SyncCall.SieveDelete("spam", "abc"),
            new SyncCall.SieveComplete(scripts, SieveTombstones.NONE), new SyncCall.AnnotationStateCall(),
            new SyncCall.AnnotationWriteCall(7L, "Work", "/private/comment", "projects", null),
            new SyncCall.AnnotationWriteCall(7L, "Work", "/private/comment", null, "projects"),
            new SyncCall.AnnotationComplete(annotations, MailboxItemTombstones.NONE), new SyncCall.AclStateCall(),
            new SyncCall.AclWriteCall(7L, "Work", "bob@example.test", "lr", null),
            new SyncCall.AclWriteCall(7L, "Work", "-$team", null, "w"),
            new SyncCall.AclComplete(acl, MailboxItemTombstones.NONE), new SyncCall.ServerDataOpen(),
            new SyncCall.ServerDataStateCall(), new SyncCall.ServerDataWriteCall("domain", "example.test", "", null),
            new SyncCall.ServerDataWriteCall("domain", "example.test", null, ""),
            new SyncCall.ServerDataComplete(new ServerItems(Map.of("domain", Map.of("example.test", ""))),
                new ServerTombstones(List.of(new ServerTombstones.Item("rewrite", "bob@example.test -> alias:b@example.test", null, "r1")), null)));
    }

    @Test
    void aStateWithoutARequestIsAnsweredWhole() {
        // The form an older twin sends, and IncrementalSyncIT's measure of a whole state.
        ModelMailStore model = new ModelMailStore(new Random(1));
        model.userCreate("INBOX");
        model.userAppend("INBOX", "here", List.of());
        try (StateStore state = new StateStore(directory)) {
            ServedSyncSession session = new ServedSyncSession("b", "a", new UserLocks(), user -> true, user -> model,
                new ReplicationLink(), new Journal(state));
            session.onFrame(WireJson.frame(FrameType.CALL, new SyncCall.Open(USER)));

            SyncReply reply = WireJson.read(session.onFrame(WireJson.frame(FrameType.CALL, SyncCall.State.whole())).get(0),
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
        long uid = model.userAppend("INBOX", "here", List.of());
        long uidValidity = model.state().mailbox("INBOX").orElseThrow().uidValidity();
        try (StateStore state = new StateStore(directory)) {
            ServedSyncSession session = new ServedSyncSession("b", "a", new UserLocks(), user -> true, user -> model,
                new ReplicationLink(), new Journal(state));
            session.onFrame(WireJson.frame(FrameType.CALL, new SyncCall.Open(USER)));

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

            SyncReply masks = WireJson.read(session.onFrame(WireJson.frame(FrameType.CALL, new SyncCall.NoReplicate())).get(0),
                FrameType.REPLY, SyncReply.class);
            assertThat(masks.noReplicate()).as("answered before OPEN").containsExactly("user@*");

            SyncReply refused = WireJson.read(session.onFrame(WireJson.frame(FrameType.CALL, new SyncCall.Open(USER))).get(0),
                FrameType.REPLY, SyncReply.class);

            assertThat(refused.error()).isEqualTo(dev.jamesreplicator.sync.SyncException.Code.NO_REPLICATE);
            assertThat(refused.detail()).isEqualTo("node 'b' leaves user " + USER + " out of replication (noReplicate)");
            assertThat(locks.tryLock(USER)).as("nothing locked").isTrue();
            locks.unlock(USER);
            assertThatThrownBy(refused::orThrow).isInstanceOfSatisfying(dev.jamesreplicator.sync.SyncException.class,
                e -> assertThat(e.code()).isEqualTo(dev.jamesreplicator.sync.SyncException.Code.NO_REPLICATE));

            SyncReply other = WireJson.read(session.onFrame(WireJson.frame(FrameType.CALL, new SyncCall.Open("other@example.test"))).get(0),
                FrameType.REPLY, SyncReply.class);
            assertThat(other.error()).as("the connection stays usable").isNull();
            session.close();
        }
    }

    private static SyncReply expunge(ServedSyncSession session, long uidValidity, long uid) {
        return WireJson.read(session.onFrame(WireJson.frame(FrameType.CALL, new SyncCall.ExpungeRenumbered("INBOX", uidValidity, uid))).get(0),
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

package dev.jamesreplicator.sync;

import java.util.List;
import java.util.Optional;

import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.CommonStateDiff;
import dev.jamesreplicator.model.Json;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.model.UserState;
import dev.jamesreplicator.sync.session.RemoteMailStore;
import dev.jamesreplicator.sync.session.ServedSyncSession;
import dev.jamesreplicator.sync.session.StateDelta;
import dev.jamesreplicator.sync.session.StateRequest;
import dev.jamesreplicator.sync.session.TwinStateReader;

/**
 * The twin as {@link RemoteMailStore} and the twin's {@code ServedSyncSession} see it, without
 * the network: STATE answered by {@link StateDelta#encode} against the twin's own common state
 * and rebuilt by {@link TwinStateReader} against this side's, COMPLETE as a diff the twin applies
 * when it holds the base. Requests, answers and diffs pass through JSON as on the wire.
 */
final class TwinLink implements MailStore {
    private final ModelMailStore twin;
    private final String twinNode;
    private CommonState base;

    TwinLink(ModelMailStore twin, String twinNode) {
        this.twin = twin;
        this.twinNode = twinNode;
    }

    /** The twin's state for a session whose side holds {@code common}. */
    UserState read(CommonState common, boolean full, SyncStats stats) {
        base = common;
        return TwinStateReader.read(request -> {
            StateRequest received = Json.roundTrip(request, StateRequest.class);
            return Json.roundTrip(StateDelta.encode(twin.state(), twin.common, twinNode, received), StateDelta.class);
        }, common, twinNode, full, stats);
    }

    @Override
    public UserState state() {
        return twin.state();
    }

    @Override
    public void completeSync(CommonState agreed, Tombstones honoured) {
        if (base != null && base.version() != null && agreed.version() != null) {
            CommonStateDiff diff = Json.roundTrip(CommonStateDiff.between(base, agreed), CommonStateDiff.class);
            Optional<CommonState> next = diff.applyTo(twin.common);
            if (next.isPresent()) {
                twin.completeSync(next.get(), honoured);
                return;
            }
        }
        twin.completeSync(agreed, honoured);
    }

    @Override
    public void createMailbox(String name, long uidValidity) {
        twin.createMailbox(name, uidValidity);
    }

    @Override
    public void replaceMailbox(String name, long oldUidValidity, int expectedMessages, long newUidValidity) {
        twin.replaceMailbox(name, oldUidValidity, expectedMessages, newUidValidity);
    }

    @Override
    public MessageState append(String mailbox, long uidValidity, MessageState message, MessageContent content) {
        return twin.append(mailbox, uidValidity, message, content);
    }

    @Override
    public MessageContent fetch(String mailbox, long uidValidity, long uid) {
        return twin.fetch(mailbox, uidValidity, uid);
    }

    /** As RemoteMailStore's COPY: the twin copies within its own store, and records a renumbering as JamesMailStore does. */
    @Override
    public MessageState copy(String sourceMailbox, long sourceUidValidity, long sourceUid, String mailbox, long uidValidity,
                             MessageState message) {
        return twin.copy(sourceMailbox, sourceUidValidity, sourceUid, mailbox, uidValidity, message);
    }

    @Override
    public boolean expunge(String mailbox, long uidValidity, long uid) {
        return twin.expunge(mailbox, uidValidity, uid);
    }

    @Override
    public void setFlags(String mailbox, long uidValidity, long uid, List<String> flags, long modSeq) {
        twin.setFlags(mailbox, uidValidity, uid, flags, modSeq);
    }

    @Override
    public void raiseUidNext(String mailbox, long uidValidity, long uidNext) {
        twin.raiseUidNext(mailbox, uidValidity, uidNext);
    }

    @Override
    public void raiseModSeq(String mailbox, long uidValidity, long uid, long modSeq, boolean messageToo) {
        twin.raiseModSeq(mailbox, uidValidity, uid, modSeq, messageToo);
    }

    @Override
    public void deleteMailbox(String name, long uidValidity, int expectedMessages) {
        twin.deleteMailbox(name, uidValidity, expectedMessages);
    }

    @Override
    public void renameMailbox(long uidValidity, String from, String to) {
        twin.renameMailbox(uidValidity, from, to);
    }

    @Override
    public void setSubscribed(String name, boolean subscribed) {
        twin.setSubscribed(name, subscribed);
    }
}

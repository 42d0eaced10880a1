package dev.jamesreplicator.sync.session;

import java.util.Optional;
import java.util.function.Function;

import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.model.MailboxItemTombstones;
import dev.jamesreplicator.sync.MailboxItemStore;
import dev.jamesreplicator.sync.MailboxItems;

/**
 * The twin's mailbox annotations (or ACLs) of the session's user, each step one ANNOTATION_* (or
 * ACL_*) call (docs/metadata.md, docs/acl.md).
 */
final class RemoteMailboxItemStore implements MailboxItemStore {
    private final Function<SyncCall, SyncReply> calls;
    private final MailboxItems kind;

    RemoteMailboxItemStore(Function<SyncCall, SyncReply> calls, MailboxItems kind) {
        this.calls = calls;
        this.kind = kind;
    }

    @Override
    public Snapshot read() {
        SyncCall call = kind == MailboxItems.ACL ? new SyncCall.AclStateCall() : new SyncCall.AnnotationStateCall();
        SyncReply reply = calls.apply(call);
        MailboxItemAnswer answer = kind == MailboxItems.ACL ? reply.acl() : reply.annotations();
        if (answer == null || answer.state() == null) {
            throw new IllegalStateException("the twin answered " + call.op() + " without the " + kind.itemName() + "s");
        }
        return new Snapshot(answer.state(), answer.tombstones() == null ? MailboxItemTombstones.NONE : answer.tombstones());
    }

    /** Never asked: the session plans from this server's common state, which both sides complete alike. */
    @Override
    public MailboxItemState common() {
        throw new UnsupportedOperationException("the session plans from this server's common state");
    }

    @Override
    public void write(long uidValidity, String mailbox, String key, Optional<String> value, Optional<String> replacing) {
        calls.apply(kind == MailboxItems.ACL
            ? new SyncCall.AclWriteCall(uidValidity, mailbox, key, value.orElse(null), replacing.orElse(null))
            : new SyncCall.AnnotationWriteCall(uidValidity, mailbox, key, value.orElse(null), replacing.orElse(null)));
    }

    @Override
    public void completeSync(MailboxItemState agreed, MailboxItemTombstones honoured) {
        calls.apply(kind == MailboxItems.ACL ? new SyncCall.AclComplete(agreed, honoured) : new SyncCall.AnnotationComplete(agreed, honoured));
    }
}

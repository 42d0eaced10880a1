package dev.jamesreplicator.sync.session;

import java.util.Optional;
import java.util.function.Function;

import dev.jamesreplicator.model.AnnotationState;
import dev.jamesreplicator.model.AnnotationTombstones;
import dev.jamesreplicator.sync.AnnotationStore;

/** The twin's mailbox annotations of the session's user, each step one ANNOTATION_* call (docs/metadata.md). */
final class RemoteAnnotationStore implements AnnotationStore {
    private final Function<SyncCall, SyncReply> calls;

    RemoteAnnotationStore(Function<SyncCall, SyncReply> calls) {
        this.calls = calls;
    }

    @Override
    public Snapshot read() {
        AnnotationAnswer answer = calls.apply(new SyncCall.AnnotationStateCall()).annotations();
        if (answer == null || answer.state() == null) {
            throw new IllegalStateException("the twin answered ANNOTATION_STATE without the annotations");
        }
        return new Snapshot(answer.state(), answer.tombstones() == null ? AnnotationTombstones.NONE : answer.tombstones());
    }

    /** Never asked: the session plans from this server's common state, which both sides complete alike. */
    @Override
    public AnnotationState common() {
        throw new UnsupportedOperationException("the session plans from this server's common state");
    }

    @Override
    public void write(long uidValidity, String mailbox, String key, Optional<String> value, Optional<String> replacing) {
        calls.apply(new SyncCall.AnnotationWriteCall(uidValidity, mailbox, key, value.orElse(null), replacing.orElse(null)));
    }

    @Override
    public void completeSync(AnnotationState agreed, AnnotationTombstones honoured) {
        calls.apply(new SyncCall.AnnotationComplete(agreed, honoured));
    }
}

package dev.jamesreplicator.sync.session;

import java.util.Optional;
import java.util.function.Function;

import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;
import dev.jamesreplicator.sync.SieveStore;
import dev.jamesreplicator.sync.session.SyncCall.Op;

/** The twin's Sieve scripts of the session's user, each step one SIEVE_* call (docs/sieve.md). */
final class RemoteSieveStore implements SieveStore {
    private final Function<SyncCall, SyncReply> calls;

    RemoteSieveStore(Function<SyncCall, SyncReply> calls) {
        this.calls = calls;
    }

    @Override
    public Snapshot read() {
        SieveFields answer = calls.apply(SyncCall.sieve(Op.SIEVE_STATE, null)).sieve();
        if (answer == null || answer.state() == null) {
            throw new IllegalStateException("the twin answered SIEVE_STATE without the scripts");
        }
        return new Snapshot(answer.state(), answer.tombstones() == null ? SieveTombstones.NONE : answer.tombstones());
    }

    /** Never asked: the session plans from this server's common state, which both sides complete alike. */
    @Override
    public SieveState common() {
        throw new UnsupportedOperationException("the session plans from this server's common state");
    }

    @Override
    public byte[] content(String name) {
        SieveFields answer = calls.apply(SyncCall.sieve(Op.SIEVE_CONTENT, fields(name, null, null))).sieve();
        if (answer == null || answer.content() == null) {
            throw new IllegalStateException("the twin answered SIEVE_CONTENT without the script");
        }
        return answer.content();
    }

    @Override
    public void put(String name, byte[] content, Optional<String> replacing) {
        calls.apply(SyncCall.sieve(Op.SIEVE_PUT, fields(name, replacing.orElse(null), content)));
    }

    @Override
    public void activate(Optional<String> name, Optional<String> replacing) {
        calls.apply(SyncCall.sieve(Op.SIEVE_ACTIVATE, fields(name.orElse(null), replacing.orElse(null), null)));
    }

    @Override
    public void delete(String name, String sha256) {
        calls.apply(SyncCall.sieve(Op.SIEVE_DELETE, fields(name, sha256, null)));
    }

    @Override
    public void completeSync(SieveState agreed, SieveTombstones honoured) {
        calls.apply(SyncCall.sieve(Op.SIEVE_COMPLETE, new SieveFields(null, null, null, agreed, honoured)));
    }

    private static SieveFields fields(String script, String expected, byte[] content) {
        return new SieveFields(script, expected, content, null, null);
    }
}

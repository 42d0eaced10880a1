package dev.jamesreplicator.sync.session;

import java.util.Optional;
import java.util.function.Function;

import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;
import dev.jamesreplicator.sync.SieveStore;

/** The twin's Sieve scripts of the session's user, each step one SIEVE_* call (docs/sieve.md). */
final class RemoteSieveStore implements SieveStore {
    private final Function<SyncCall, SyncReply> calls;

    RemoteSieveStore(Function<SyncCall, SyncReply> calls) {
        this.calls = calls;
    }

    @Override
    public Snapshot read() {
        SieveAnswer answer = calls.apply(new SyncCall.SieveStateCall()).sieve();
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
        SieveAnswer answer = calls.apply(new SyncCall.SieveContent(name)).sieve();
        if (answer == null || answer.content() == null) {
            throw new IllegalStateException("the twin answered SIEVE_CONTENT without the script");
        }
        return answer.content();
    }

    @Override
    public void put(String name, byte[] content, Optional<String> replacing) {
        calls.apply(new SyncCall.SievePut(name, content, replacing.orElse(null)));
    }

    @Override
    public void activate(Optional<String> name, Optional<String> replacing) {
        calls.apply(new SyncCall.SieveActivate(name.orElse(null), replacing.orElse(null)));
    }

    @Override
    public void delete(String name, String sha256) {
        calls.apply(new SyncCall.SieveDelete(name, sha256));
    }

    @Override
    public void completeSync(SieveState agreed, SieveTombstones honoured) {
        calls.apply(new SyncCall.SieveComplete(agreed, honoured));
    }
}

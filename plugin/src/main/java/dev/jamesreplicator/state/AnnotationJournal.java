package dev.jamesreplicator.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.inject.Inject;
import javax.inject.Singleton;

import dev.jamesreplicator.model.AnnotationState;
import dev.jamesreplicator.model.AnnotationTombstones;

/**
 * This server's annotation journal, per user, in the state store beside the mail journal: the
 * annotations its users removed, and the annotations both servers held after the last session
 * (docs/metadata.md). {@link AclJournal} keeps the same for ACL entries, in maps of its own.
 */
@Singleton
public class AnnotationJournal {
    private final UserRecords<AnnotationTombstones> tombstones;
    private final UserRecords<AnnotationState> common;

    @Inject
    public AnnotationJournal(StateStore store) {
        this(store, "annotation", "the annotation journal");
    }

    /** {@code prefix} names the journal's maps in the state store, {@code what} the journal in errors. */
    protected AnnotationJournal(StateStore store, String prefix, String what) {
        this.tombstones = new UserRecords<>(store, prefix + ".tombstones", AnnotationTombstones.class,
            AnnotationTombstones.NONE, what);
        this.common = new UserRecords<>(store, prefix + ".common", AnnotationState.class, AnnotationState.NONE, what);
    }

    public AnnotationTombstones tombstones(String user) {
        return tombstones.read(user);
    }

    public AnnotationState common(String user) {
        return common.read(user);
    }

    /**
     * A user's SETMETADATA on the mailbox of UIDVALIDITY {@code uidValidity}: each key it removed
     * leaves a tombstone, each key it set clears its own.
     */
    public synchronized void record(String user, long uidValidity, Set<String> set, Set<String> removed) {
        List<AnnotationTombstones.Removed> records = new ArrayList<>(tombstones(user).removed());
        records.removeIf(record -> record.uidValidity() == uidValidity
            && (set.contains(record.key()) || removed.contains(record.key())));
        for (String key : removed) {
            records.add(new AnnotationTombstones.Removed(uidValidity, key, UUID.randomUUID().toString()));
        }
        tombstones.write(user, new AnnotationTombstones(records, tombstones(user).written()));
    }

    /** A session wrote {@code value} (empty: removed the key) here: until a session completes, the key's base here is that. */
    public synchronized void written(String user, long uidValidity, String key, Optional<String> value) {
        AnnotationTombstones current = tombstones(user);
        List<AnnotationTombstones.Written> written = new ArrayList<>(current.written());
        written.add(new AnnotationTombstones.Written(uidValidity, key, value.orElse(null), UUID.randomUUID().toString()));
        tombstones.write(user, new AnnotationTombstones(current.removed(), written));
    }

    /**
     * After a session: the agreed annotations become the base, the removals it decided on are
     * dropped, and every written value (the agreed state covers them all, this session's own
     * writes included; the user is locked for the session, so no other session wrote meanwhile).
     */
    public synchronized void completeSync(String user, AnnotationState agreed, AnnotationTombstones honoured) {
        List<AnnotationTombstones.Removed> records = new ArrayList<>(tombstones(user).removed());
        records.removeAll(honoured.removed());
        common.write(user, agreed);
        tombstones.write(user, new AnnotationTombstones(records, null));
    }
}

package dev.jamesreplicator.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.model.MailboxItemTombstones;

/**
 * This server's journal of one kind of per-mailbox items, per user, in the state store beside the
 * mail journal: the items its users removed, the values sessions wrote since the last complete
 * one, and the items both servers held after it. {@link AnnotationJournal} keeps annotations
 * (docs/metadata.md), {@link AclJournal} ACL entries (docs/acl.md), each in maps of its own.
 */
public abstract class MailboxItemJournal {
    private final UserRecords<MailboxItemTombstones> tombstones;
    private final UserRecords<MailboxItemState> common;

    /** {@code prefix} names the journal's maps in the state store, {@code what} the journal in errors. */
    protected MailboxItemJournal(StateStore store, String prefix, String what) {
        this.tombstones = new UserRecords<>(store, prefix + ".tombstones", MailboxItemTombstones.class,
            MailboxItemTombstones.NONE, what);
        this.common = new UserRecords<>(store, prefix + ".common", MailboxItemState.class, MailboxItemState.NONE, what);
    }

    public MailboxItemTombstones tombstones(String user) {
        return tombstones.read(user);
    }

    public MailboxItemState common(String user) {
        return common.read(user);
    }

    /**
     * A user's SETMETADATA on the mailbox of UIDVALIDITY {@code uidValidity}: each key it removed
     * leaves a tombstone, each key it set clears its own.
     */
    public synchronized void record(String user, long uidValidity, Set<String> set, Set<String> removed) {
        List<MailboxItemTombstones.Removed> records = new ArrayList<>(tombstones(user).removed());
        records.removeIf(record -> record.uidValidity() == uidValidity
            && (set.contains(record.key()) || removed.contains(record.key())));
        for (String key : removed) {
            records.add(new MailboxItemTombstones.Removed(uidValidity, key, UUID.randomUUID().toString()));
        }
        tombstones.write(user, new MailboxItemTombstones(records, tombstones(user).written()));
    }

    /** A session wrote {@code value} (empty: removed the key) here: until a session completes, the key's base here is that. */
    public synchronized void written(String user, long uidValidity, String key, Optional<String> value) {
        MailboxItemTombstones current = tombstones(user);
        List<MailboxItemTombstones.Written> written = new ArrayList<>(current.written());
        written.add(new MailboxItemTombstones.Written(uidValidity, key, value.orElse(null), UUID.randomUUID().toString()));
        tombstones.write(user, new MailboxItemTombstones(current.removed(), written));
    }

    /**
     * After a session: the agreed annotations become the base, the removals it decided on are
     * dropped, and every written value (the agreed state covers them all, this session's own
     * writes included; the user is locked for the session, so no other session wrote meanwhile).
     */
    public synchronized void completeSync(String user, MailboxItemState agreed, MailboxItemTombstones honoured) {
        List<MailboxItemTombstones.Removed> records = new ArrayList<>(tombstones(user).removed());
        records.removeAll(honoured.removed());
        common.write(user, agreed);
        tombstones.write(user, new MailboxItemTombstones(records, null));
    }
}

package dev.jamesreplicator.state;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.inject.Inject;
import javax.inject.Singleton;

import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;
import dev.jamesreplicator.sieve.SieveChange;

/**
 * This server's Sieve journal, per user, in the state store beside the mail journal: the
 * scripts its users deleted, whether they left none active, and the scripts both servers held
 * after the last session (docs/sieve.md).
 */
@Singleton
public class SieveJournal {
    private final UserRecords<SieveTombstones> tombstones;
    private final UserRecords<SieveState> common;

    @Inject
    public SieveJournal(StateStore store) {
        this.tombstones = new UserRecords<>(store, "sieve.tombstones", SieveTombstones.class, SieveTombstones.NONE, "the Sieve journal");
        this.common = new UserRecords<>(store, "sieve.common", SieveState.class, SieveState.NONE, "the Sieve journal");
    }

    public SieveTombstones tombstones(String user) {
        return tombstones.read(user);
    }

    public SieveState common(String user) {
        return common.read(user);
    }

    /**
     * A user's change: a deletion (or the old name of a rename) leaves a tombstone, putting a
     * script (or renaming one to it) clears its name's; a deactivation is recorded and an
     * activation clears it.
     */
    public synchronized void record(String user, SieveChange change) {
        SieveTombstones current = tombstones(user);
        List<SieveTombstones.Deleted> deleted = new ArrayList<>(current.deleted());
        String deactivated = current.deactivatedId();
        String name = change.name().orElse(null);
        switch (change.kind()) {
            case PUT:
                deleted.removeIf(record -> record.name().equals(name));
                break;
            case DELETE:
                deleted.removeIf(record -> record.name().equals(name));
                deleted.add(new SieveTombstones.Deleted(name, newId()));
                break;
            case RENAME:
                String to = change.newName().orElseThrow();
                deleted.removeIf(record -> record.name().equals(name) || record.name().equals(to));
                deleted.add(new SieveTombstones.Deleted(name, newId()));
                break;
            case ACTIVATE:
                deactivated = name == null ? newId() : null;
                break;
            default:
                throw new IllegalArgumentException("unknown Sieve change " + change);
        }
        tombstones.write(user, new SieveTombstones(deleted, deactivated));
    }

    /** After a session: the agreed scripts become the base, and the records it decided on are dropped. */
    public synchronized void completeSync(String user, SieveState agreed, SieveTombstones honoured) {
        SieveTombstones current = tombstones(user);
        List<SieveTombstones.Deleted> deleted = new ArrayList<>(current.deleted());
        deleted.removeAll(honoured.deleted());
        String deactivated = current.deactivated().filter(id -> !id.equals(honoured.deactivatedId())).orElse(null);
        common.write(user, agreed);
        tombstones.write(user, new SieveTombstones(deleted, deactivated));
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}

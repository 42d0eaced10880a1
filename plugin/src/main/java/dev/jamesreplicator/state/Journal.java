package dev.jamesreplicator.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import javax.inject.Inject;
import javax.inject.Singleton;

import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.Tombstones;

/**
 * This server's sync journal, per user, in the state store: the tombstones of user actions
 * (written by the journal listener as they happen) and the common state of the last sync. It
 * outlives James's own store, which is what lets a server that restarts empty be refilled
 * instead of read as "everything was deleted".
 */
@Singleton
public class Journal {
    private final UserRecords<Tombstones> tombstones;
    private final UserRecords<CommonState> common;
    /**
     * This run of the server, stamped on its MOVE tombstones and deletions: what a restart may
     * have cut off ({@link Tombstones.Expunged#boot()}, {@link Tombstones.DeletedMailbox#boot()}).
     */
    private final String boot = UUID.randomUUID().toString();

    @Inject
    public Journal(StateStore store) {
        this.tombstones = new UserRecords<>(store, "journal.tombstones", Tombstones.class, Tombstones.NONE, "the journal");
        this.common = new UserRecords<>(store, "journal.common", CommonState.class, CommonState.NONE, "the journal");
    }

    public Tombstones tombstones(String user) {
        return tombstones.read(user).readInBoot(boot);
    }

    public CommonState common(String user) {
        return common.read(user);
    }

    public void recordExpunged(String user, Collection<Tombstones.Expunged> messages) {
        updateTombstones(user, current -> {
            List<Tombstones.Expunged> expunged = new ArrayList<>(current.expunged());
            messages.forEach(message -> expunged.add(message.writtenInBoot(boot)));
            return current.withExpunged(expunged);
        });
    }

    /** A user deleted this mailbox, which then held {@code held} messages. */
    public void recordMailboxDeleted(String user, String name, long uidValidity, long held) {
        recordMailboxDeleted(user, name, uidValidity, held, Map.of());
    }

    /** A deletion naming the messages it removed whose content this server knew ({@code shown}, SHA-256 by UID). */
    public void recordMailboxDeleted(String user, String name, long uidValidity, long held, Map<Long, String> shown) {
        updateTombstones(user, current -> {
            List<Tombstones.DeletedMailbox> deleted = new ArrayList<>(current.deletedMailboxes());
            deleted.add(new Tombstones.DeletedMailbox(name, uidValidity).writtenInBoot(boot).holding(held).showing(shown));
            return current.withDeletedMailboxes(deleted);
        });
    }

    public void recordRenamed(String user, long uidValidity, String from, String to) {
        updateTombstones(user, current -> {
            List<Tombstones.Renamed> renamed = new ArrayList<>(current.renamed());
            renamed.add(new Tombstones.Renamed(uidValidity, from, to));
            return current.withRenamed(renamed);
        });
    }

    /** Before sync copies a message to a new UID of its own mailbox (the old UID to be expunged after). */
    public void recordRenumbered(String user, Tombstones.Renumbered renumbering) {
        updateTombstones(user, current -> {
            List<Tombstones.Renumbered> renumbered = new ArrayList<>(current.renumbered());
            renumbered.add(renumbering);
            return current.withRenumbered(renumbered);
        });
    }

    /** Records an unsubscribe, or with {@code subscribed} true forgets one (the user subscribed again). */
    public void recordSubscription(String user, String name, boolean subscribed) {
        updateTombstones(user, current -> {
            List<String> unsubscribed = new ArrayList<>(current.unsubscribed());
            unsubscribed.remove(name);
            if (!subscribed) {
                unsubscribed.add(name);
            }
            return current.withUnsubscribed(unsubscribed);
        });
    }

    /** After a sync: the agreed state becomes the base, and tombstones both servers honoured are dropped. */
    public synchronized void completeSync(String user, CommonState agreed, Tombstones honoured) {
        common.write(user, agreed);
        updateTombstones(user, current -> new Tombstones(
            without(current.expunged(), honoured.expunged()),
            without(current.deletedMailboxes(), honoured.deletedMailboxes()),
            without(current.renamed(), honoured.renamed()),
            without(current.unsubscribed(), honoured.unsubscribed()),
            without(current.renumbered(), honoured.renumbered()), null));
    }

    private static <T> List<T> without(List<T> all, List<T> dropped) {
        List<T> kept = new ArrayList<>(all);
        kept.removeAll(dropped);
        return kept;
    }

    private synchronized void updateTombstones(String user, UnaryOperator<Tombstones> change) {
        // The run that reads them is not stored: it is the reader's.
        tombstones.write(user, change.apply(tombstones(user)).readInBoot(null));
    }
}

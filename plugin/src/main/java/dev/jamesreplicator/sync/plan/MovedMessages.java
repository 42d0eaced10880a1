package dev.jamesreplicator.sync.plan;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.model.UserState;

/**
 * Which of a side's MOVE tombstones the planner may honour. A MOVE is an expunge in the source
 * and a new copy in the target; if the copy is gone without a user action to account for it
 * (the memory backend killed before it synced, which keeps its journal but not its mail),
 * honouring the expunge would remove the message's last copy from the twin. Such a tombstone
 * is held back: the move is undone, nothing is lost. A copy that was itself moved on or
 * expunged by the user, or whose mailbox the user deleted, accounts for it.
 *
 * <p>Only the content's hash says a copy or a later tombstone is this message's: a tombstone
 * written before any session read the message has size and internal date only, which another
 * message can share, and taking that one for the copy carried out a move whose copy was lost.
 * Such a MOVE, from before the mover's restart, is undone (a double at worst, never a loss).
 *
 * <p>Only a restart can lose the copy: a MOVE written in the run that reads the state is always
 * honoured. Its copy may look gone because the state was read across the user's next action
 * (the target mailbox read before a MOVE back into it, the source after): undoing the move then
 * brought the message back where the user had taken it from, a double.
 */
final class MovedMessages {
    private final Tombstones own;
    private final List<UserState> sides;
    // By identity: Expunged.equals leaves movedTo out, and two MOVEs of one UID and content (one
    // before a kill, one after the refill gave the UID back) must be decided each on its own.
    private final Map<Tombstones.Expunged, Boolean> decided = new IdentityHashMap<>();

    private MovedMessages(Tombstones own, List<UserState> sides) {
        this.own = own;
        this.sides = sides;
    }

    /** {@code own}, less the MOVE tombstones whose new copy was lost. */
    static Tombstones honourable(Tombstones own, UserState local, UserState remote) {
        if (own.expunged().stream().allMatch(tombstone -> tombstone.movedTo() == null)) {
            return own;
        }
        MovedMessages moves = new MovedMessages(own, List.of(local, remote));
        return own.withExpunged(own.expunged().stream().filter(moves::honourable).collect(Collectors.toList()));
    }

    private boolean honourable(Tombstones.Expunged tombstone) {
        Tombstones.MovedTo target = tombstone.movedTo();
        if (target == null || writtenInThisRun(tombstone)) {
            return true;
        }
        Boolean known = decided.get(tombstone);
        if (known != null) {
            return known;
        }
        // New UIDs only grow, so a chain of moves never comes back to a UID: no cycle.
        decided.put(tombstone, false);
        boolean result = copyHeld(tombstone, target) || accountedFor(tombstone, target);
        decided.put(tombstone, result);
        return result;
    }

    private boolean writtenInThisRun(Tombstones.Expunged tombstone) {
        return tombstone.boot() != null && tombstone.boot().equals(own.boot());
    }

    /**
     * The new copy is still in the target mailbox, on either side: at its UID, or at a higher
     * one a sync gave it (a renumbering keeps the content in its mailbox, above both UIDNEXTs).
     * A lower UID is not it: that may be where a MOVE out and back started.
     */
    private boolean copyHeld(Tombstones.Expunged move, Tombstones.MovedTo target) {
        return sides.stream().anyMatch(side -> side.mailbox(target.uidValidity())
            .map(mailbox -> mailbox.messages().stream()
                .anyMatch(message -> message.uid() >= target.uid() && move.sameHash(message.hash())))
            .orElse(false));
    }

    /**
     * The user moved the copy on, expunged it, or deleted its mailbox. Like the copy, its
     * expunge is at the copy's UID or a higher one, with the same content: an earlier move of
     * the same message in that mailbox does not count.
     */
    private boolean accountedFor(Tombstones.Expunged move, Tombstones.MovedTo target) {
        List<Tombstones.Expunged> later = own.expunged().stream()
            .filter(expunge -> expunge.uidValidity() == target.uidValidity() && expunge.uid() >= target.uid()
                && move.sameContent(expunge))
            .collect(Collectors.toList());
        if (!later.isEmpty()) {
            // The copy left the mailbox before any deletion of it could take it: that decides.
            // Only a later tombstone known by its hash to be this message's can carry the move;
            // one that may be (no hash: same size and date) still keeps the deletion from doing so.
            return later.stream().filter(expunge -> move.sameHash(expunge.hash()))
                .anyMatch(this::honourable);
        }
        return own.deletedMailboxes().stream().anyMatch(deleted -> deleted.uidValidity() == target.uidValidity());
    }
}

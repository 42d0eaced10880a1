package dev.jamesreplicator.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.google.common.collect.ImmutableMap;

import dev.jamesreplicator.sync.SyncOperation.CopyMessage;
import dev.jamesreplicator.sync.SyncOperation.CreateMailbox;
import dev.jamesreplicator.sync.SyncOperation.ExpungeMessage;
import dev.jamesreplicator.sync.SyncOperation.ReplaceMailbox;

/**
 * Decides what a sync session does, from the two sides' states alone: no I/O, no clock. Both
 * servers given the same states reach the same plan (mirrored), whichever runs the session.
 *
 * <p>This first version replicates what is new: mailboxes one side lacks, messages above the
 * other side's UIDNEXT, mailboxes both sides created with different UIDVALIDITY (merged), and
 * UIDs both sides gave to different messages (both moved to new UIDs). A message missing below
 * UIDNEXT may have been expunged there, and absence is not deletion, so without a journal it
 * is left alone.
 *
 * <p>Whatever the plan does, it never removes a message before its content is stored under its
 * new place on both sides.
 */
public class SyncPlanner {

    public SyncPlan plan(UserState local, UserState remote) {
        List<SyncOperation> operations = new ArrayList<>();
        // Sorted names put every parent before its children ("a" < "a.b"), so creation order is safe.
        TreeSet<String> names = new TreeSet<>();
        local.mailboxes().forEach(mailbox -> names.add(mailbox.name()));
        remote.mailboxes().forEach(mailbox -> names.add(mailbox.name()));
        for (String name : names) {
            Map<Side, Optional<MailboxState>> sides = ImmutableMap.of(Side.LOCAL, local.mailbox(name), Side.REMOTE, remote.mailbox(name));
            planMailbox(sides, operations);
        }
        return new SyncPlan(operations);
    }

    private void planMailbox(Map<Side, Optional<MailboxState>> sides, List<SyncOperation> operations) {
        for (Side side : Side.values()) {
            if (sides.get(side).isEmpty()) {
                MailboxState existing = sides.get(side.other()).orElseThrow();
                operations.add(new CreateMailbox(side, existing.name(), existing.uidValidity()));
                copyFrom(existing, side, 0, operations);
                return;
            }
        }
        MailboxState local = sides.get(Side.LOCAL).orElseThrow();
        MailboxState remote = sides.get(Side.REMOTE).orElseThrow();
        if (local.uidValidity() != remote.uidValidity()) {
            planUidValidityConflict(local, remote, operations);
            return;
        }
        copyFrom(local, Side.REMOTE, remote.uidNext(), operations);
        copyFrom(remote, Side.LOCAL, local.uidNext(), operations);
        planUidClashes(local, remote, operations);
    }

    /**
     * Same name, different UIDVALIDITY (both servers created it, e.g. on each one's first
     * login, or a restarted empty server took a delivery before it was refilled): the side with
     * more messages keeps its UIDVALIDITY, ties go to the higher value. The loser's messages are
     * first copied to the winner's side under new UIDs above its UIDNEXT, so they are safe on
     * both servers before the loser's mailbox is replaced; then the loser's side is filled.
     * A loser message the winner already holds (merged by an earlier, interrupted session) is
     * not copied twice.
     */
    private void planUidValidityConflict(MailboxState local, MailboxState remote, List<SyncOperation> operations) {
        boolean localWins = local.messages().size() != remote.messages().size()
            ? local.messages().size() > remote.messages().size()
            : local.uidValidity() > remote.uidValidity();
        MailboxState winner = localWins ? local : remote;
        MailboxState loser = localWins ? remote : local;
        Side winnerSide = localWins ? Side.LOCAL : Side.REMOTE;
        Side loserSide = winnerSide.other();
        Set<Object> held = winner.messages().stream().map(SyncPlanner::identity).collect(Collectors.toSet());
        List<MessageState> merged = new ArrayList<>();
        long nextUid = winner.uidNext();
        for (MessageState message : loser.messages()) {
            if (held.contains(identity(message))) {
                continue;
            }
            MessageState renumbered = message.renumbered(nextUid++, 0);
            operations.add(new CopyMessage(loserSide, winnerSide, winner.name(), loser.uidValidity(), message.uid(),
                winner.uidValidity(), renumbered));
            merged.add(renumbered);
        }
        operations.add(new ReplaceMailbox(loserSide, loser.name(), loser.uidValidity(), loser.messages().size(),
            winner.uidValidity()));
        copyFrom(winner, loserSide, 0, operations);
        merged.forEach(message -> operations.add(new CopyMessage(loserSide, winner.name(), winner.uidValidity(), message)));
    }

    /**
     * One UID given to different messages on the two sides (two clients appended at once, one
     * on each server): both messages get new UIDs above both UIDNEXTs, on both sides, then the
     * clashing UID is expunged on both. The two are ordered by content, so both servers would
     * number them alike.
     */
    private void planUidClashes(MailboxState local, MailboxState remote, List<SyncOperation> operations) {
        Map<Long, MessageState> theirs = remote.messages().stream()
            .collect(Collectors.toMap(MessageState::uid, Function.identity()));
        long nextUid = Math.max(local.uidNext(), remote.uidNext());
        List<Long> clashes = new ArrayList<>();
        for (MessageState mine : local.messages()) {
            MessageState other = theirs.get(mine.uid());
            if (other == null || identity(other).equals(identity(mine))) {
                continue;
            }
            clashes.add(mine.uid());
            List<SideMessage> both = new ArrayList<>(List.of(new SideMessage(Side.LOCAL, mine), new SideMessage(Side.REMOTE, other)));
            both.sort(Comparator.comparing((SideMessage candidate) -> String.valueOf(identity(candidate.message))));
            for (SideMessage candidate : both) {
                MessageState moved = candidate.message.renumbered(nextUid++, 0);
                operations.add(new CopyMessage(candidate.side, candidate.side, local.name(), local.uidValidity(),
                    mine.uid(), local.uidValidity(), moved));
                operations.add(new CopyMessage(candidate.side, candidate.side.other(), local.name(), local.uidValidity(),
                    mine.uid(), local.uidValidity(), moved));
            }
        }
        for (long uid : clashes) {
            operations.add(new ExpungeMessage(Side.LOCAL, local.name(), local.uidValidity(), uid));
            operations.add(new ExpungeMessage(Side.REMOTE, local.name(), local.uidValidity(), uid));
        }
    }

    private void copyFrom(MailboxState source, Side target, long fromUid, List<SyncOperation> operations) {
        source.messages().stream()
            .filter(message -> message.uid() >= fromUid)
            .forEach(message -> operations.add(new CopyMessage(target, source.name(), source.uidValidity(), message)));
    }

    /** What tells two messages apart: the content hash, or size and internal date from a peer that sends none. */
    private static Object identity(MessageState message) {
        if (message.hash() != null) {
            return message.hash();
        }
        return List.of(message.size(), message.internalDate());
    }

    private static final class SideMessage {
        final Side side;
        final MessageState message;

        SideMessage(Side side, MessageState message) {
            this.side = side;
            this.message = Objects.requireNonNull(message);
        }
    }
}

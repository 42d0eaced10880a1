package dev.jamesreplicator.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.google.common.collect.ImmutableMap;

import dev.jamesreplicator.sync.SyncOperation.CopyMessage;
import dev.jamesreplicator.sync.SyncOperation.CreateMailbox;
import dev.jamesreplicator.sync.SyncOperation.ReplaceMailbox;

/**
 * Decides what a sync session does, from the two sides' states alone: no I/O, no clock. Both
 * servers given the same states reach the same plan (mirrored), whichever runs the session.
 *
 * <p>This first version replicates what is new: mailboxes one side lacks, messages above the
 * other side's UIDNEXT, and mailboxes both sides created with different UIDVALIDITY (merged).
 * A message missing below UIDNEXT may have been expunged there, and absence is not deletion,
 * so without a journal it is left alone.
 */
public class SyncPlanner {

    public SyncPlan plan(UserState local, UserState remote) {
        List<SyncOperation> operations = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        // Sorted names put every parent before its children ("a" < "a.b"), so creation order is safe.
        TreeSet<String> names = new TreeSet<>();
        local.mailboxes().forEach(mailbox -> names.add(mailbox.name()));
        remote.mailboxes().forEach(mailbox -> names.add(mailbox.name()));
        for (String name : names) {
            Map<Side, Optional<MailboxState>> sides = ImmutableMap.of(Side.LOCAL, local.mailbox(name), Side.REMOTE, remote.mailbox(name));
            planMailbox(sides, operations, unresolved);
        }
        return new SyncPlan(operations, unresolved);
    }

    private void planMailbox(Map<Side, Optional<MailboxState>> sides, List<SyncOperation> operations, List<String> unresolved) {
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
        reportUidClashes(local, remote, unresolved);
    }

    /**
     * Same name, different UIDVALIDITY (both servers created it, e.g. on each one's first
     * login, or a restarted empty server took a delivery before it was refilled): the side with
     * more messages keeps its UIDVALIDITY, ties go to the higher value. The loser's messages are
     * first copied to the winner's side under new UIDs above its UIDNEXT, so they are safe on
     * both servers before the loser's mailbox is replaced; then the loser's side is filled.
     * A loser message the winner already holds (same size and internal date: merged by an
     * earlier, interrupted session) is not copied twice.
     */
    private void planUidValidityConflict(MailboxState local, MailboxState remote, List<SyncOperation> operations) {
        boolean localWins = local.messages().size() != remote.messages().size()
            ? local.messages().size() > remote.messages().size()
            : local.uidValidity() > remote.uidValidity();
        MailboxState winner = localWins ? local : remote;
        MailboxState loser = localWins ? remote : local;
        Side winnerSide = localWins ? Side.LOCAL : Side.REMOTE;
        Set<List<Long>> held = winner.messages().stream().map(SyncPlanner::fingerprint).collect(Collectors.toSet());
        List<MessageState> merged = new ArrayList<>();
        long nextUid = winner.uidNext();
        for (MessageState message : loser.messages()) {
            if (held.contains(fingerprint(message))) {
                continue;
            }
            MessageState renumbered = new MessageState(nextUid++, 0, message.flags(), message.internalDate(), message.size());
            operations.add(new CopyMessage(winnerSide, winner.name(), loser.uidValidity(), message.uid(),
                winner.uidValidity(), renumbered));
            merged.add(renumbered);
        }
        operations.add(new ReplaceMailbox(winnerSide.other(), loser.name(), loser.uidValidity(), loser.messages().size(),
            winner.uidValidity()));
        copyFrom(winner, winnerSide.other(), 0, operations);
        merged.forEach(message -> operations.add(new CopyMessage(winnerSide.other(), winner.name(), winner.uidValidity(), message)));
    }

    private static List<Long> fingerprint(MessageState message) {
        return List.of(message.size(), message.internalDate());
    }

    private void copyFrom(MailboxState source, Side target, long fromUid, List<SyncOperation> operations) {
        source.messages().stream()
            .filter(message -> message.uid() >= fromUid)
            .forEach(message -> operations.add(new CopyMessage(target, source.name(), source.uidValidity(), message)));
    }

    private void reportUidClashes(MailboxState local, MailboxState remote, List<String> unresolved) {
        Map<Long, MessageState> theirsByUid = remote.messages().stream()
            .collect(Collectors.toMap(MessageState::uid, Function.identity()));
        for (MessageState mine : local.messages()) {
            Optional.ofNullable(theirsByUid.get(mine.uid()))
                .filter(theirs -> theirs.size() != mine.size() || theirs.internalDate() != mine.internalDate())
                .ifPresent(theirs -> unresolved.add(local.name() + ": UID " + mine.uid()
                    + " holds different messages on the two servers"));
        }
    }
}

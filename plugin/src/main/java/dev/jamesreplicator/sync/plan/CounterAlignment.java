package dev.jamesreplicator.sync.plan;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.jamesreplicator.model.MailboxState;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Side;
import dev.jamesreplicator.model.UserState;
import dev.jamesreplicator.sync.plan.SyncOperation.RaiseModSeq;
import dev.jamesreplicator.sync.plan.SyncOperation.RaiseUidNext;

/**
 * Makes the counters IMAP clients cache equal once both sides hold the same messages with the
 * same flags: each mailbox ends with one UIDNEXT and one HIGHESTMODSEQ on both servers, and each
 * message with one MODSEQ, so a client that fails over neither misses new mail (a lower UIDNEXT
 * would hand out UIDs it has seen) nor sees a change it did not make. Pure, like the planner.
 *
 * <p>UIDNEXT: the lower side is raised to the higher (it differs when one side took UIDs the
 * other never saw, such as new mail expunged before any sync).
 *
 * <p>MODSEQs only go up. A message is raised on the side where it is lower, to the other side's
 * value, when that side can still take it (its HIGHESTMODSEQ is below); otherwise both sides
 * take the next value above both HIGHESTMODSEQs. Then the lower HIGHESTMODSEQ is raised.
 * Mailboxes whose messages or flags still differ are left to the next sync.
 */
public final class CounterAlignment {

    public List<SyncOperation> plan(UserState local, UserState remote) {
        List<SyncOperation> operations = new ArrayList<>();
        for (MailboxState localMailbox : local.mailboxes()) {
            remote.mailboxes().stream()
                .filter(remoteMailbox -> remoteMailbox.name().equals(localMailbox.name())
                    && remoteMailbox.uidValidity() == localMailbox.uidValidity())
                .findFirst()
                .filter(remoteMailbox -> sameMessagesAndFlags(localMailbox, remoteMailbox))
                .ifPresent(remoteMailbox -> align(localMailbox, remoteMailbox, operations));
        }
        return operations;
    }

    private static boolean sameMessagesAndFlags(MailboxState local, MailboxState remote) {
        if (local.messages().size() != remote.messages().size()) {
            return false;
        }
        for (int i = 0; i < local.messages().size(); i++) {
            MessageState mine = local.messages().get(i);
            MessageState theirs = remote.messages().get(i);
            if (mine.uid() != theirs.uid() || !mine.flags().equals(theirs.flags())) {
                return false;
            }
        }
        return true;
    }

    private static void align(MailboxState local, MailboxState remote, List<SyncOperation> operations) {
        if (local.uidNext() != remote.uidNext()) {
            Side lower = local.uidNext() < remote.uidNext() ? Side.LOCAL : Side.REMOTE;
            operations.add(new RaiseUidNext(lower, local.name(), local.uidValidity(), Math.max(local.uidNext(), remote.uidNext())));
        }
        Map<Side, Long> highest = new EnumMap<>(Side.class);
        highest.put(Side.LOCAL, local.highestModSeq());
        highest.put(Side.REMOTE, remote.highestModSeq());
        for (int i = 0; i < local.messages().size(); i++) {
            MessageState mine = local.messages().get(i);
            MessageState theirs = remote.messages().get(i);
            if (mine.modSeq() == theirs.modSeq()) {
                continue;
            }
            Side lower = mine.modSeq() < theirs.modSeq() ? Side.LOCAL : Side.REMOTE;
            long wanted = Math.max(mine.modSeq(), theirs.modSeq());
            if (highest.get(lower) < wanted) {
                raise(operations, lower, local, mine.uid(), wanted, true);
                highest.put(lower, wanted);
            } else {
                long above = Math.max(highest.get(Side.LOCAL), highest.get(Side.REMOTE)) + 1;
                for (Side side : Side.values()) {
                    raise(operations, side, local, mine.uid(), above, true);
                    highest.put(side, above);
                }
            }
        }
        long localHighest = highest.get(Side.LOCAL);
        long remoteHighest = highest.get(Side.REMOTE);
        if (localHighest != remoteHighest) {
            Side lower = localHighest < remoteHighest ? Side.LOCAL : Side.REMOTE;
            // No message carries it: an empty mailbox is raised too.
            raise(operations, lower, local, 0, Math.max(localHighest, remoteHighest), false);
        }
    }

    private static void raise(List<SyncOperation> operations, Side side, MailboxState mailbox, long uid, long modSeq,
                              boolean messageToo) {
        operations.add(new RaiseModSeq(side, mailbox.name(), mailbox.uidValidity(), uid, modSeq, messageToo));
    }
}

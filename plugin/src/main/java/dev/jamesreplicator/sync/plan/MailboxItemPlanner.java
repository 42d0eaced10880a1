package dev.jamesreplicator.sync.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.model.MailboxItemTombstones;
import dev.jamesreplicator.model.Side;

/**
 * The three-way merge of one user's mailbox annotations (docs/metadata.md): per mailbox (by
 * UIDVALIDITY) and key against the common state of the last session, removals only by
 * tombstone, a key both sides changed apart to the tie-break node's value. Pure: the same facts
 * give both servers the same plan.
 */
public final class MailboxItemPlanner {

    public MailboxItemPlan plan(MailboxItemState local, MailboxItemTombstones localTombstones,
                               MailboxItemState remote, MailboxItemTombstones remoteTombstones,
                               MailboxItemState common, boolean localWinsTies) {
        return new Planning(local, localTombstones, remote, remoteTombstones, common,
            localWinsTies ? Side.LOCAL : Side.REMOTE).plan();
    }

    private static final class Planning {
        private final Map<Side, MailboxItemState> states;
        private final Map<Side, MailboxItemTombstones> tombstones;
        private final MailboxItemState common;
        private final Side tieWinner;
        private final List<MailboxItemWrite> writes = new ArrayList<>();
        private final Map<Long, MailboxItemState.Mailbox> agreed = new TreeMap<>();

        Planning(MailboxItemState local, MailboxItemTombstones localTombstones, MailboxItemState remote,
                 MailboxItemTombstones remoteTombstones, MailboxItemState common, Side tieWinner) {
            this.states = Side.both(local, remote);
            this.tombstones = Side.both(localTombstones, remoteTombstones);
            this.common = common;
            this.tieWinner = tieWinner;
        }

        MailboxItemPlan plan() {
            TreeSet<Long> mailboxes = new TreeSet<>(states.get(Side.LOCAL).mailboxes().keySet());
            mailboxes.addAll(states.get(Side.REMOTE).mailboxes().keySet());
            for (long uidValidity : mailboxes) {
                if (onBothSides(uidValidity)) {
                    merge(uidValidity);
                } else {
                    // The mail step has yet to settle this mailbox: its base waits for the next session.
                    common.mailbox(uidValidity).ifPresent(base -> agreed.put(uidValidity, base));
                }
            }
            Map<Side, MailboxItemTombstones> honoured = new EnumMap<>(Side.class);
            Side.stream().forEach(side -> honoured.put(side, decidedOn(side)));
            // Removals first: James caps the annotations a mailbox holds, a removal makes room.
            writes.sort(Comparator.comparing((MailboxItemWrite write) -> write.value().isPresent()));
            return new MailboxItemPlan(writes, new MailboxItemState(agreed), honoured);
        }

        private boolean onBothSides(long uidValidity) {
            return Side.stream().allMatch(side -> states.get(side).mailbox(uidValidity).isPresent());
        }

        /**
         * The records this plan decided on: removals of a mailbox merged now, and of a mailbox
         * gone from their own side (deleted: its annotations went with it); a mailbox only their
         * side holds keeps them for the session after the mail step has copied it. Every session
         * write is decided on: the agreed state covers what it wrote.
         */
        private MailboxItemTombstones decidedOn(Side side) {
            return new MailboxItemTombstones(tombstones.get(side).removed().stream()
                .filter(record -> onBothSides(record.uidValidity()) || states.get(side).mailbox(record.uidValidity()).isEmpty())
                .collect(Collectors.toList()), tombstones.get(side).written());
        }

        /**
         * What the side held of the key when it last agreed with its twin, as far as it knows: a
         * value a cut session wrote there since the last complete one, else the common state's.
         * A side whose value is its base did not change it, even if the twin's base is older.
         */
        private Optional<String> base(Side side, long uidValidity, String key) {
            return tombstones.get(side).lastWritten(uidValidity, key).orElseGet(() -> common.value(uidValidity, key));
        }

        private void merge(long uidValidity) {
            MailboxItemState.Mailbox local = states.get(Side.LOCAL).mailbox(uidValidity).orElseThrow();
            MailboxItemState.Mailbox remote = states.get(Side.REMOTE).mailbox(uidValidity).orElseThrow();
            TreeSet<String> keys = new TreeSet<>(local.annotations().keySet());
            keys.addAll(remote.annotations().keySet());
            Map<String, String> values = new TreeMap<>();
            for (String key : keys) {
                mergeKey(uidValidity, key).ifPresent(value -> values.put(key, value));
            }
            if (!values.isEmpty()) {
                // The name is for people reading the journal; the tie-break side's, so both servers store the same.
                agreed.put(uidValidity, new MailboxItemState.Mailbox(states.get(tieWinner).mailbox(uidValidity).orElseThrow().name(), values));
            }
        }

        /** Plans the key (ItemMerge's rule) and returns the value both sides hold after, if any. */
        private Optional<String> mergeKey(long uidValidity, String key) {
            ItemMerge.Outcome outcome = ItemMerge.merge(new ItemMerge.Facts() {
                @Override
                public Optional<String> value(Side side) {
                    return states.get(side).value(uidValidity, key);
                }

                @Override
                public Optional<String> base(Side side) {
                    return Planning.this.base(side, uidValidity, key);
                }

                @Override
                public boolean removedOn(Side side) {
                    return tombstones.get(side).removes(uidValidity, key);
                }
            }, tieWinner);
            outcome.target().ifPresent(target -> write(target, uidValidity, key, outcome.agreed(), outcome.conflict()));
            return outcome.agreed();
        }

        private void write(Side target, long uidValidity, String key, Optional<String> value, boolean conflict) {
            MailboxItemState.Mailbox there = states.get(target).mailbox(uidValidity).orElseThrow();
            writes.add(new MailboxItemWrite(target, uidValidity, there.name(), key, value, there.value(key), conflict));
        }
    }
}

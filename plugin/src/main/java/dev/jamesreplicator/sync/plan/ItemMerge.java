package dev.jamesreplicator.sync.plan;

import java.util.Optional;

import dev.jamesreplicator.model.Side;

/**
 * The three-way merge of one keyed item (an annotation, a domain, a rewrite, ...) between the two
 * servers, against what each held when it last agreed with its twin: the rule every item-by-item
 * kind shares (docs/server-data.md). Removals only by tombstone; a value changed since the last
 * session beats a removal on the twin; both changed apart: the tie-break node's value. Pure.
 */
public final class ItemMerge {
    private ItemMerge() {
    }

    /** What the planner knows of the item on each side. */
    public interface Facts {
        /** The item's value on {@code side} now (empty: absent). */
        Optional<String> value(Side side);

        /** What {@code side} held when it last agreed with its twin, as far as it knows. */
        Optional<String> base(Side side);

        /** Whether {@code side}'s journal holds a tombstone of the item. */
        boolean removedOn(Side side);
    }

    /** Where to write and what both sides hold after. */
    public static final class Outcome {
        private final Optional<Side> target;
        private final Optional<String> agreed;
        private final boolean conflict;

        private Outcome(Optional<Side> target, Optional<String> agreed, boolean conflict) {
            this.target = target;
            this.agreed = agreed;
            this.conflict = conflict;
        }

        /** The side to write {@link #agreed} to, if any. */
        public Optional<Side> target() {
            return target;
        }

        /** The item's value on both sides once the write is done (empty: removed). */
        public Optional<String> agreed() {
            return agreed;
        }

        /** Both sides changed the item apart: the write overrules a user's value, to be logged. */
        public boolean conflict() {
            return conflict;
        }
    }

    public static Outcome merge(Facts facts, Side tieWinner) {
        Optional<String> l = facts.value(Side.LOCAL);
        Optional<String> r = facts.value(Side.REMOTE);
        if (l.equals(r)) {
            return new Outcome(Optional.empty(), l, false);
        }
        if (l.isEmpty() || r.isEmpty()) {
            Side holder = l.isPresent() ? Side.LOCAL : Side.REMOTE;
            Optional<String> value = l.or(() -> r);
            // Absence is not removal; and a value changed since the last session beats a removal on the twin.
            if (facts.removedOn(holder.other()) && value.equals(facts.base(holder))) {
                return new Outcome(Optional.of(holder), Optional.empty(), false);
            }
            return new Outcome(Optional.of(holder.other()), value, false);
        }
        if (l.equals(facts.base(Side.LOCAL))) {
            return new Outcome(Optional.of(Side.LOCAL), r, false);
        }
        if (r.equals(facts.base(Side.REMOTE))) {
            return new Outcome(Optional.of(Side.REMOTE), l, false);
        }
        // Both changed it apart: the tie-break node's value, on both.
        return new Outcome(Optional.of(tieWinner.other()), facts.value(tieWinner), true);
    }
}

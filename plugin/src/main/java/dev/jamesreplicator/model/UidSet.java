package dev.jamesreplicator.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A set of UIDs written as IMAP writes one, ranges and single UIDs ({@code 1:500,502,510:512}):
 * a bulk expunge of consecutive UIDs costs one range on the wire, not one number per message.
 */
public final class UidSet {
    public static final UidSet EMPTY = new UidSet(List.of());

    /** Sorted, disjoint, non-adjacent {@code [from, to]} ranges. */
    private final List<long[]> ranges;

    private UidSet(List<long[]> ranges) {
        this.ranges = ranges;
    }

    public static UidSet of(Collection<Long> uids) {
        List<long[]> ranges = new ArrayList<>();
        long[] current = null;
        for (long uid : new TreeSet<>(uids)) {
            if (uid <= 0) {
                throw new IllegalArgumentException("not a UID: " + uid);
            }
            if (current != null && uid == current[1] + 1) {
                current[1] = uid;
            } else {
                current = new long[] {uid, uid};
                ranges.add(current);
            }
        }
        return ranges.isEmpty() ? EMPTY : new UidSet(Collections.unmodifiableList(ranges));
    }

    @JsonCreator
    public static UidSet parse(String text) {
        if (text == null || text.isEmpty()) {
            return EMPTY;
        }
        List<long[]> ranges = new ArrayList<>();
        long last = 0;
        for (String part : text.split(",", -1)) {
            int colon = part.indexOf(':');
            long from;
            long to;
            try {
                from = Long.parseLong(colon < 0 ? part : part.substring(0, colon));
                to = colon < 0 ? from : Long.parseLong(part.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a UID set: " + text, e);
            }
            // Only the canonical form this class writes: ascending, disjoint, not adjacent.
            if (from <= last + (ranges.isEmpty() ? 0 : 1) || to < from) {
                throw new IllegalArgumentException("not a canonical UID set: " + text);
            }
            ranges.add(new long[] {from, to});
            last = to;
        }
        return new UidSet(Collections.unmodifiableList(ranges));
    }

    public boolean contains(long uid) {
        int low = 0;
        int high = ranges.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long[] range = ranges.get(middle);
            if (uid < range[0]) {
                high = middle - 1;
            } else if (uid > range[1]) {
                low = middle + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** How many UIDs the set holds. */
    public long size() {
        return ranges.stream().mapToLong(range -> range[1] - range[0] + 1).sum();
    }

    /** Each run of consecutive UIDs, ascending. */
    public void forEachRange(RangeVisitor visitor) {
        for (long[] range : ranges) {
            visitor.visit(range[0], range[1]);
        }
    }

    /** One run of consecutive UIDs, both ends included. */
    public interface RangeVisitor {
        void visit(long first, long last);
    }

    /** For tests: every UID, ascending. */
    List<Long> toList() {
        List<Long> uids = new ArrayList<>();
        for (long[] range : ranges) {
            for (long uid = range[0]; uid <= range[1]; uid++) {
                uids.add(uid);
            }
        }
        return uids;
    }

    @JsonValue
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (long[] range : ranges) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(range[0]);
            if (range[1] != range[0]) {
                text.append(':').append(range[1]);
            }
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UidSet && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }
}

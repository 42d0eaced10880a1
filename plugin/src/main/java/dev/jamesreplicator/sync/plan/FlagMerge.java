package dev.jamesreplicator.sync.plan;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import com.google.common.collect.ImmutableList;

import dev.jamesreplicator.model.MessageState;

/**
 * Merges one message's flags from the two sides. With the flags of the last common state, each
 * flag is decided alone: the side where it differs from the base changed it, and that change
 * wins (both sides cannot change one flag in opposite directions, a flag has two values).
 * Without a base the side with the higher MODSEQ (the later change there) wins whole; equal
 * MODSEQs go to the tie-break.
 */
final class FlagMerge {
    private FlagMerge() {
    }

    static List<String> merge(MessageState local, MessageState remote, Optional<List<String>> base, boolean localWinsTies) {
        if (base.isEmpty()) {
            boolean localWins = local.modSeq() != remote.modSeq() ? local.modSeq() > remote.modSeq() : localWinsTies;
            return localWins ? local.flags() : remote.flags();
        }
        TreeSet<String> result = new TreeSet<>();
        TreeSet<String> all = new TreeSet<>(local.flags());
        all.addAll(remote.flags());
        all.addAll(base.get());
        for (String flag : all) {
            boolean inBase = base.get().contains(flag);
            boolean inLocal = local.flags().contains(flag);
            boolean inRemote = remote.flags().contains(flag);
            boolean value = inLocal != inBase ? inLocal : inRemote;
            if (value) {
                result.add(flag);
            }
        }
        return ImmutableList.copyOf(result);
    }
}

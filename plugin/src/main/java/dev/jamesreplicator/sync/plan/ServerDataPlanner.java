package dev.jamesreplicator.sync.plan;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.model.ServerTombstones;
import dev.jamesreplicator.model.Side;

/**
 * The three-way merge of the server-wide data (docs/server-data.md): per kind and key,
 * {@link ItemMerge}'s rule against the common state of the last session. Writes come kind by
 * kind in {@code kindOrder} (domains before the rewrites that name them), removals of a kind
 * after the kinds' additions in reverse order. Pure: the same facts give both servers the same plan.
 */
public final class ServerDataPlanner {
    private final List<String> kindOrder;

    /** {@code kindOrder}: the kinds in the order their additions must go; a kind not named goes last. */
    public ServerDataPlanner(List<String> kindOrder) {
        this.kindOrder = List.copyOf(kindOrder);
    }

    public ServerDataPlan plan(ServerItems local, ServerTombstones localTombstones, ServerItems remote,
                               ServerTombstones remoteTombstones, ServerItems common, boolean localWinsTies) {
        Map<Side, ServerItems> states = Side.both(local, remote);
        Map<Side, ServerTombstones> tombstones = Side.both(localTombstones, remoteTombstones);
        Side tieWinner = localWinsTies ? Side.LOCAL : Side.REMOTE;

        List<ServerDataWrite> additions = new ArrayList<>();
        List<ServerDataWrite> removals = new ArrayList<>();
        Map<String, Map<String, String>> agreed = new TreeMap<>();
        for (String kind : kinds(local, remote)) {
            TreeSet<String> keys = new TreeSet<>(local.items(kind).keySet());
            keys.addAll(remote.items(kind).keySet());
            List<ServerDataWrite> kindRemovals = new ArrayList<>();
            for (String key : keys) {
                ItemMerge.Outcome outcome = ItemMerge.merge(new ItemMerge.Facts() {
                    @Override
                    public Optional<String> value(Side side) {
                        return states.get(side).value(kind, key);
                    }

                    @Override
                    public Optional<String> base(Side side) {
                        return tombstones.get(side).lastWritten(kind, key).orElseGet(() -> common.value(kind, key));
                    }

                    @Override
                    public boolean removedOn(Side side) {
                        return tombstones.get(side).removes(kind, key);
                    }
                }, tieWinner);
                outcome.target().ifPresent(target -> {
                    ServerDataWrite write = new ServerDataWrite(target, kind, key, outcome.agreed(),
                        states.get(target).value(kind, key), outcome.conflict());
                    (outcome.agreed().isPresent() ? additions : kindRemovals).add(write);
                });
                outcome.agreed().ifPresent(value -> agreed.computeIfAbsent(kind, k -> new TreeMap<>()).put(key, value));
            }
            removals.addAll(0, kindRemovals);
        }
        List<ServerDataWrite> writes = new ArrayList<>(additions);
        writes.addAll(removals);
        // Every record is decided on: each item either side holds was merged, an item neither holds is gone on both.
        Map<Side, ServerTombstones> honoured = new EnumMap<>(Side.class);
        Side.stream().forEach(side -> honoured.put(side, tombstones.get(side)));
        return new ServerDataPlan(writes, new ServerItems(agreed), honoured);
    }

    private List<String> kinds(ServerItems local, ServerItems remote) {
        TreeSet<String> present = new TreeSet<>(local.kinds().keySet());
        present.addAll(remote.kinds().keySet());
        List<String> ordered = new ArrayList<>();
        kindOrder.stream().filter(present::contains).forEach(ordered::add);
        present.stream().filter(kind -> !kindOrder.contains(kind)).forEach(ordered::add);
        return ordered;
    }
}

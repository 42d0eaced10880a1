package dev.jamesreplicator.sync.plan;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;
import dev.jamesreplicator.model.Side;

/**
 * The three-way merge of one user's Sieve scripts (docs/sieve.md): per script name against the
 * common state of the last session, deletions only by tombstone, the active script by who
 * changed it. Pure: the same facts give both servers the same plan.
 */
public final class SievePlanner {
    static final String CONFLICT_INFIX = "-conflict-";

    public SievePlan plan(SieveState local, SieveTombstones localTombstones,
                          SieveState remote, SieveTombstones remoteTombstones,
                          SieveState common, boolean localWinsTies) {
        return new Planning(local, localTombstones, remote, remoteTombstones, common,
            localWinsTies ? Side.LOCAL : Side.REMOTE).plan();
    }

    private static final class Planning {
        private final Map<Side, SieveState> states;
        private final Map<Side, SieveTombstones> tombstones;
        private final SieveState common;
        private final Side tieWinner;

        private final List<SieveOperation> conflictCopies = new ArrayList<>();
        private final List<SieveOperation> puts = new ArrayList<>();
        private final List<SieveOperation> activations = new ArrayList<>();
        private final List<SieveOperation> deletions = new ArrayList<>();
        private final TreeMap<String, String> agreed = new TreeMap<>();

        Planning(SieveState local, SieveTombstones localTombstones, SieveState remote,
                 SieveTombstones remoteTombstones, SieveState common, Side tieWinner) {
            this.states = Side.both(local, remote);
            this.tombstones = Side.both(localTombstones, remoteTombstones);
            this.common = common;
            this.tieWinner = tieWinner;
        }

        SievePlan plan() {
            Optional<String> active = mergeActive();
            TreeSet<String> names = new TreeSet<>(states.get(Side.LOCAL).scripts().keySet());
            names.addAll(states.get(Side.REMOTE).scripts().keySet());
            Map<String, ConflictCopy> copies = conflictCopies(names);
            TreeSet<String> all = new TreeSet<>(names);
            all.addAll(copies.keySet());
            for (String name : all) {
                ConflictCopy copy = copies.get(name);
                if (copy != null) {
                    placeCopy(name, copy);
                } else {
                    merge(name, active);
                }
            }
            Side.stream().forEach(side -> {
                if (!states.get(side).active().equals(active)) {
                    activations.add(new SieveOperation.Activate(side, active, states.get(side).active()));
                }
            });
            List<SieveOperation> operations = new ArrayList<>(conflictCopies);
            operations.addAll(puts);
            operations.addAll(activations);
            operations.addAll(deletions);
            Map<Side, SieveTombstones> honoured = new EnumMap<>(Side.class);
            // Every record read was decided on here: carried out, overruled by a change, or moot.
            Side.stream().forEach(side -> honoured.put(side, tombstones.get(side)));
            return new SievePlan(operations, new SieveState(agreed, active.orElse(null)), honoured);
        }

        /** The active script both sides get: the choice of the side that changed it (docs/sieve.md). */
        private Optional<String> mergeActive() {
            Optional<Optional<String>> localChoice = choice(Side.LOCAL);
            Optional<Optional<String>> remoteChoice = choice(Side.REMOTE);
            if (localChoice.isPresent() && remoteChoice.isPresent()) {
                Optional<String> l = localChoice.get();
                Optional<String> r = remoteChoice.get();
                if (l.equals(r) || r.isEmpty()) {
                    return l;
                }
                if (l.isEmpty()) {
                    return r;
                }
                return tieWinner == Side.LOCAL ? l : r;
            }
            if (localChoice.isPresent()) {
                return localChoice.get();
            }
            if (remoteChoice.isPresent()) {
                return remoteChoice.get();
            }
            Optional<String> l = states.get(Side.LOCAL).active();
            Optional<String> r = states.get(Side.REMOTE).active();
            if (l.isEmpty() || r.isEmpty()) {
                return l.or(() -> r);
            }
            return tieWinner == Side.LOCAL ? l : r;
        }

        /**
         * What the side's user chose since the last session: a script made active that the
         * common state did not have active, or none with a recorded deactivation; empty if
         * they changed nothing (none active without a record is no decision).
         */
        private Optional<Optional<String>> choice(Side side) {
            Optional<String> active = states.get(side).active();
            if (active.isPresent()) {
                return active.equals(common.active()) ? Optional.empty() : Optional.of(active);
            }
            return tombstones.get(side).deactivated().isPresent() ? Optional.of(Optional.empty()) : Optional.empty();
        }

        /** Scripts both sides changed apart: the loser's content gets a name of its own. */
        private Map<String, ConflictCopy> conflictCopies(TreeSet<String> names) {
            Map<String, ConflictCopy> copies = new TreeMap<>();
            for (String name : names) {
                Optional<String> l = states.get(Side.LOCAL).sha256(name);
                Optional<String> r = states.get(Side.REMOTE).sha256(name);
                Optional<String> c = common.sha256(name);
                if (l.isPresent() && r.isPresent() && !l.equals(r) && !l.equals(c) && !r.equals(c)) {
                    Side loser = tieWinner.other();
                    String sha = states.get(loser).sha256(name).orElseThrow();
                    String copyName = name + CONFLICT_INFIX + sha.substring(0, 8);
                    if (takenByOther(names, copyName, sha)) {
                        copyName = name + CONFLICT_INFIX + sha;
                    }
                    copies.put(copyName, new ConflictCopy(loser, name, sha));
                }
            }
            return copies;
        }

        private boolean takenByOther(TreeSet<String> names, String name, String sha) {
            return names.contains(name) && Side.stream()
                .map(side -> states.get(side).sha256(name))
                .anyMatch(held -> held.isPresent() && !held.get().equals(sha));
        }

        private void placeCopy(String name, ConflictCopy copy) {
            // The side the content comes from first, so both servers list the plan alike.
            for (Side side : List.of(copy.source, copy.source.other())) {
                if (!states.get(side).sha256(name).equals(Optional.of(copy.sha256))) {
                    conflictCopies.add(new SieveOperation.PutScript(side, name, copy.sha256, copy.source, copy.sourceName,
                        states.get(side).sha256(name)));
                }
            }
            agreed.put(name, copy.sha256);
        }

        private void merge(String name, Optional<String> active) {
            Optional<String> l = states.get(Side.LOCAL).sha256(name);
            Optional<String> r = states.get(Side.REMOTE).sha256(name);
            Optional<String> c = common.sha256(name);
            if (l.equals(r)) {
                agreed.put(name, l.orElseThrow());
            } else if (l.isEmpty() || r.isEmpty()) {
                Side holder = l.isPresent() ? Side.LOCAL : Side.REMOTE;
                String sha = l.or(() -> r).orElseThrow();
                boolean deletedThere = tombstones.get(holder.other()).deletes(name);
                if (deletedThere && Optional.of(sha).equals(c) && !active.equals(Optional.of(name))) {
                    deletions.add(new SieveOperation.DeleteScript(holder, name, sha));
                } else {
                    puts.add(new SieveOperation.PutScript(holder.other(), name, sha, holder, name, Optional.empty()));
                    agreed.put(name, sha);
                }
            } else if (l.equals(c)) {
                puts.add(new SieveOperation.PutScript(Side.LOCAL, name, r.get(), Side.REMOTE, name, l));
                agreed.put(name, r.get());
            } else if (r.equals(c)) {
                puts.add(new SieveOperation.PutScript(Side.REMOTE, name, l.get(), Side.LOCAL, name, r));
                agreed.put(name, l.get());
            } else {
                // Both changed it: the tie-break's content keeps the name; the other's has its
                // conflict copy (placed before this, so nothing is lost if the session is cut).
                Side loser = tieWinner.other();
                String sha = states.get(tieWinner).sha256(name).orElseThrow();
                puts.add(new SieveOperation.PutScript(loser, name, sha, tieWinner, name, states.get(loser).sha256(name)));
                agreed.put(name, sha);
            }
        }
    }

    private static final class ConflictCopy {
        final Side source;
        final String sourceName;
        final String sha256;

        ConflictCopy(Side source, String sourceName, String sha256) {
            this.source = source;
            this.sourceName = sourceName;
            this.sha256 = sha256;
        }
    }
}

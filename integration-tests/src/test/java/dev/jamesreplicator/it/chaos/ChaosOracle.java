package dev.jamesreplicator.it.chaos;

import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.tools.verify.MailStore;
import dev.jamesreplicator.tools.verify.MailboxState;
import dev.jamesreplicator.tools.verify.MessageState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Judges where the chaos left every message, from what the clients were told and saw. It knows
 * only what a client can know: the answers (an OK, or none: a failed command may still have
 * taken effect), the views each step picked from, and the faults' times. So every rule asks
 * for what an OK promises, treats anything sent and not confirmed as "may have happened", and
 * turns what a SIGKILL of the memory backend may undo into a counted excuse, never a silent pass.
 */
final class ChaosOracle {
    private final ChaosHistory history;
    private final Duration syncTimeout;
    private final List<ChaosEvent> events;
    private final Map<String, List<ChaosEvent>> byId = new TreeMap<>();
    private final List<ChaosEvent> renames;
    private final List<ChaosEvent> deletes;
    private final List<ChaosFaultRecord> kills;
    /** Every mailbox name the run used or a server ended with: renames can only lead to these. */
    private final Set<String> knownNames = new HashSet<>();

    ChaosOracle(ChaosHistory history, Duration syncTimeout) {
        this.history = history;
        this.syncTimeout = syncTimeout;
        this.events = history.events();
        for (ChaosEvent event : events) {
            if (event.chaosId() != null) {
                byId.computeIfAbsent(event.chaosId(), id -> new ArrayList<>()).add(event);
            }
        }
        this.renames = attempted(events, e -> e.operation() == ChaosOperation.RENAME);
        this.deletes = attempted(events, e -> e.operation() == ChaosOperation.DELETE);
        this.kills = history.faults().stream().filter(ChaosFaultRecord::killed).toList();
        events.forEach(e -> {
            if (e.mailbox() != null) knownNames.add(e.mailbox());
            if (e.target() != null) knownNames.add(e.target());
        });
    }

    /** A rule broken by one message, the failure the test exists to find. */
    record Finding(String rule, String chaosId, String why) {
    }

    /** A message a rule let pass for a stated reason (a SIGKILL may have undone it), counted and printed. */
    record Excuse(String reason, String chaosId, String why) {
    }

    record Verdict(List<Finding> findings, List<Excuse> excuses, int removedByClients) {
    }

    /** Judges one server's final store (both are the same once the pair converged). */
    Verdict judge(MailStore store) {
        knownNames.addAll(store.mailboxes().keySet());
        // And the name each had before the replicator renamed it aside: renames may lead there.
        store.mailboxes().keySet().forEach(name -> knownNames.add(steppedAsideFrom(name)));
        Map<String, Map<String, Integer>> found = locations(store);
        List<Finding> findings = new ArrayList<>();
        List<Excuse> excuses = new ArrayList<>();
        int removed = 0;
        for (Map.Entry<String, List<ChaosEvent>> entry : byId.entrySet()) {
            String id = entry.getKey();
            List<ChaosEvent> ops = attempted(entry.getValue(), e -> true);
            ChaosEvent append = ops.stream().filter(e -> e.operation() == ChaosOperation.APPEND).findFirst().orElse(null);
            if (append == null) {
                continue; // picked ids always come from an APPEND of this run
            }
            Map<String, Integer> where = found.getOrDefault(id, Map.of());
            int total = where.values().stream().mapToInt(Integer::intValue).sum();
            if (total == 0 && append.acknowledged()) {
                String removal = removal(id, ops);
                if (removal != null) {
                    removed++;
                } else {
                    String excuse = appendLostWithItsNode(id, append);
                    ChaosEvent unconfirmed = ops.stream().filter(e -> e.operation() == ChaosOperation.EXPUNGE).findFirst().orElse(null);
                    if (excuse != null) {
                        excuses.add(new Excuse("APPEND lost with its node", id, excuse));
                    } else if (unconfirmed != null) {
                        // James reports a UID EXPUNGE's untagged EXPUNGE from the selected mailbox's
                        // listener, which can run after the command is answered: seed 110 of 6 December
                        // had three such expunges that removed their message with no session touching it.
                        excuses.add(new Excuse("EXPUNGE sent, not confirmed by the server's answer", id,
                                "expunge sent on " + unconfirmed.node() + " by #" + unconfirmed.step() + " at +"
                                        + unconfirmed.startMillis() + " ms; the answer reported no EXPUNGE"));
                    } else {
                        findings.add(new Finding("lost", id, "APPEND acknowledged on " + append.node() + " at +"
                                + append.endMillis() + " ms; in no mailbox on " + store.source()
                                + ", and no client expunged it or deleted a mailbox that may have held it"));
                    }
                }
            }
            doubled(id, ops, where, store, findings, excuses);
            misplaced(id, ops, where, store, findings);
            movedByOneNode(id, append, ops, where, store, findings, excuses);
            resurrected(id, ops, total, store, findings, excuses);
        }
        return new Verdict(findings, excuses, removed);
    }

    /**
     * Nothing doubled. Only a COPY adds an instance of a message, and two MOVEs of one message
     * made on both nodes before either heard of the other's (contract 2 keeps both targets); a
     * sync, retried or not, never does (contract 5). Every COPY and MOVE sent counts, confirmed or
     * not, since any of them may have run. Within one mailbox, at most as many instances as
     * APPENDs, COPYs and MOVEs were sent into it (or into a name renamed to it).
     */
    private void doubled(String id, List<ChaosEvent> ops, Map<String, Integer> where, MailStore store,
                         List<Finding> findings, List<Excuse> excuses) {
        long copies = count(ops, ChaosOperation.COPY, null);
        long doublingMoves = Math.min(count(ops, ChaosOperation.MOVE, Node.A), count(ops, ChaosOperation.MOVE, Node.B));
        long allowed = 1 + copies + doublingMoves;
        int total = where.values().stream().mapToInt(Integer::intValue).sum();
        if (total > allowed) {
            String why = total + " instances on " + store.source() + " " + where + "; at most " + allowed + " (1 + "
                    + copies + " COPYs sent + " + doublingMoves + " MOVEs made on both nodes)";
            // A renumbering cut short shows a client one message at two UIDs until the session
            // that expunges the old one (docs/sync.md, "Renumberings cut short"). A client that
            // saw n instances in one view and moved each of them (by UIDVALIDITY and UID, which
            // no rename changes and no mailbox gives twice) put them where they are: up to n - 1
            // more (ChaosIT seed 202, b614: moved from Archive 39, then from Archive 32). The
            // replicator's transient double, counted, not passed.
            int extra = instancesMovedFromOneView(ops) - 1;
            if (extra > 0 && total <= allowed + extra) {
                excuses.add(new Excuse("MOVEs of instances its client saw at once", id, why + "; one view showed "
                        + (extra + 1) + " instances its client then moved, each on its own way"));
            } else {
                findings.add(new Finding("doubled", id, why));
                return;
            }
        }
        where.forEach((mailbox, instances) -> {
            // A mailbox the replicator renamed aside keeps what was sent into the name it had.
            String named = steppedAsideFrom(mailbox);
            long placements = ops.stream().filter(e -> placedInto(e) != null)
                    .filter(e -> renamedForms(Set.of(placedInto(e)), Long.MAX_VALUE).contains(named)).count();
            if (instances > Math.max(1, placements)) {
                findings.add(new Finding("doubled", id, instances + " instances in " + mailbox + " on " + store.source()
                        + ", but only " + placements + " APPEND/COPY/MOVE sent into it"));
            }
        });
    }

    /**
     * The most instances one view of a node's client showed that the same client then moved:
     * for each MOVE, the instances its view showed (UIDVALIDITY/UID) that were the source of a
     * MOVE of that node, its own included.
     */
    private static int instancesMovedFromOneView(List<ChaosEvent> ops) {
        int most = 0;
        for (ChaosEvent view : ops) {
            if (view.operation() != ChaosOperation.MOVE || view.seenAt().size() < 2) {
                continue;
            }
            int moved = (int) ops.stream().filter(e -> e.node() == view.node() && e.operation() == ChaosOperation.MOVE
                    && !e.seenAt().isEmpty() && view.seenAt().contains(e.seenAt().get(0)))
                .map(e -> e.seenAt().get(0)).distinct().count();
            most = Math.max(most, moved);
        }
        return most;
    }

    /**
     * A message is only ever where a client put it (APPEND, COPY, MOVE target), where a client saw
     * it, or where a rename of one of those mailboxes took it (children too): anywhere else is a
     * sync that put it in the wrong mailbox. Renames count both ways here: a mailbox one node
     * renamed and the other deleted may come back under either name with the mail added to it.
     */
    private void misplaced(String id, List<ChaosEvent> ops, Map<String, Integer> where, MailStore store,
                           List<Finding> findings) {
        Set<String> possible = renamedForms(names(ops, Long.MAX_VALUE), Long.MAX_VALUE, true);
        where.keySet().stream().filter(mailbox -> !possible.contains(mailbox) && !possible.contains(steppedAsideFrom(mailbox)))
            .forEach(mailbox ->
                findings.add(new Finding("misplaced", id, "in " + mailbox + " on " + store.source()
                        + ", where no client put it; it may only be in " + new TreeSet<>(possible))));
    }

    /**
     * The name a mailbox had before the replicator renamed it aside ({@code Projects-3196079660}
     * for {@code Projects}, children too: docs/sync.md, "Renames that collide"): two mailboxes
     * claimed one name, and both live on. The name itself otherwise.
     */
    static String steppedAsideFrom(String mailbox) {
        java.util.regex.Matcher aside = STEPPED_ASIDE.matcher(mailbox);
        return aside.matches() ? aside.group(1) + (aside.group(2) == null ? "" : aside.group(2)) : mailbox;
    }

    private static final java.util.regex.Pattern STEPPED_ASIDE = java.util.regex.Pattern.compile("(.+?)-\\d+-*(\\..*)?");

    /**
     * A message only one node's client moved (no COPY, no EXPUNGE, no rename or delete of a
     * mailbox it was in), every MOVE confirmed: it is in the last target, once, and nowhere else.
     * If that node was SIGKILLed after its first MOVE, the moves may be undone: excused.
     */
    private void movedByOneNode(String id, ChaosEvent append, List<ChaosEvent> ops, Map<String, Integer> where,
                                MailStore store, List<Finding> findings, List<Excuse> excuses) {
        List<ChaosEvent> placing = ops.stream().filter(e -> e.operation() == ChaosOperation.MOVE
                || e.operation() == ChaosOperation.COPY || e.operation() == ChaosOperation.EXPUNGE).toList();
        if (placing.isEmpty() || !append.acknowledged()
                || placing.stream().anyMatch(e -> e.operation() != ChaosOperation.MOVE || !e.acknowledged())
                || placing.stream().map(ChaosEvent::node).distinct().count() > 1) {
            return;
        }
        Set<String> names = names(ops, Long.MAX_VALUE);
        boolean mailboxChanged = renames.stream().anyMatch(r -> related(r.mailbox(), names) || related(r.target(), names))
                || deletes.stream().anyMatch(d -> related(d.mailbox(), names));
        if (mailboxChanged || where.isEmpty()) {
            return; // a rename or delete makes the end unknowable here; an empty result is for "lost"
        }
        if (instancesMovedFromOneView(ops) > 1) {
            return; // its client moved two instances it saw at once, each on its own way: "doubled" judges it
        }
        ChaosEvent last = placing.get(placing.size() - 1);
        if (where.equals(Map.of(last.target(), 1))) {
            return;
        }
        String why = "moved only by " + last.node() + ", last to " + last.target() + " (#" + last.step() + " at +"
                + last.startMillis() + " ms), but on " + store.source() + " it is in " + where;
        Node mover = last.node();
        long firstMove = placing.get(0).startMillis();
        if (kills.stream().anyMatch(k -> k.fault().node() == mover && k.startMillis() > firstMove)) {
            excuses.add(new Excuse("MOVE undone by a SIGKILL of its node", id, why));
        } else {
            findings.add(new Finding("moved message not in its last target only", id, why));
        }
    }

    /**
     * Nothing resurrected: a message with one instance all its life (never copied; moved, if at
     * all, only by the node that expunges it, before, so that node saw where it went), expunged
     * with a confirmed UID EXPUNGE, and touched by no other client command after or while that
     * expunge ran, is gone from both servers (contract 3, and "expunge beats a flag change"). A
     * MOVE by the other node could have left an instance the expunging client never saw. If the
     * expunging node was SIGKILLed after it, with no later view of its twin without the message,
     * the expunge may be undone: excused.
     */
    private void resurrected(String id, List<ChaosEvent> ops, int total, MailStore store, List<Finding> findings,
                             List<Excuse> excuses) {
        if (total == 0 || ops.stream().anyMatch(e -> e.operation() == ChaosOperation.COPY)) {
            return;
        }
        for (ChaosEvent expunge : ops) {
            if (expunge.operation() != ChaosOperation.EXPUNGE || !expunge.acknowledged()) {
                continue;
            }
            boolean touchedSince = ops.stream().anyMatch(e -> e.operation() == ChaosOperation.STORE
                    && e.endMillis() >= expunge.startMillis());
            boolean movedElsewhere = ops.stream().anyMatch(e -> e.operation() == ChaosOperation.MOVE
                    && (e.node() != expunge.node() || e.endMillis() >= expunge.viewMillis()));
            if (touchedSince || movedElsewhere) {
                continue;
            }
            ChaosEvent lastMove = ops.stream().filter(e -> e.operation() == ChaosOperation.MOVE
                    && e.node() == expunge.node() && e.endMillis() <= expunge.startMillis())
                    .reduce((earlier, later) -> later).orElse(null);
            if (lastMove != null && !Objects.equals(lastMove.target(), expunge.mailbox())) {
                // The client expunged an instance other than the one it had moved: it saw the
                // message twice (a renumbering copies before it expunges; 6 December, b230).
                excuses.add(new Excuse("EXPUNGE of a second instance its client saw", id, "moved to "
                        + lastMove.target() + " by #" + lastMove.step() + ", then expunged in " + expunge.mailbox()
                        + " by #" + expunge.step() + "; " + total + " instance(s) on " + store.source()));
                return;
            }
            Node node = expunge.node();
            String why = "expunged on " + node + " by #" + expunge.step() + " (OK at +" + expunge.endMillis()
                    + " ms), nothing touched it since, yet " + total + " instance(s) on " + store.source();
            boolean undoable = kills.stream().filter(k -> k.fault().node() == node && k.startMillis() > expunge.startMillis())
                    .anyMatch(k -> history.sightings().stream().noneMatch(s -> s.node() == node.twin()
                            && s.startMillis() > expunge.endMillis() && s.endMillis() < k.startMillis()
                            && !s.chaosIds().contains(id)));
            if (undoable) {
                excuses.add(new Excuse("EXPUNGE undone by a SIGKILL of its node", id, why));
            } else {
                findings.add(new Finding("resurrected", id, why));
            }
            return;
        }
    }

    /**
     * Why an acknowledged message may rightly be gone: a client sent an EXPUNGE of it (answered
     * with its EXPUNGE, or not answered), or a
     * DELETE of a mailbox that may have held it when the DELETE was answered (mail put into a
     * deleted mailbox later, on either node, must survive: contract 7), or a DELETE of the
     * mailbox the client saw it in, and in no other.
     */
    private String removal(String id, List<ChaosEvent> ops) {
        for (ChaosEvent e : ops) {
            // An UNCONFIRMED expunge may have removed nothing (the UID already gone) or its message
            // (the EXPUNGE reported late): not a removal here, an excuse in judge.
            if (e.operation() == ChaosOperation.EXPUNGE && e.outcome() != ChaosEvent.Outcome.UNCONFIRMED) {
                return "expunged by " + e.node() + " #" + e.step();
            }
        }
        for (ChaosEvent delete : deletes) {
            if (renamedForms(names(ops, delete.endMillis()), delete.endMillis()).contains(delete.mailbox())) {
                return "mailbox " + delete.mailbox() + " deleted by " + delete.node() + " #" + delete.step();
            }
            // The names only follow the RENAMEs clients sent. The replicator renames too: two
            // mailboxes that claimed one name while apart are settled by renaming one, children
            // with it (docs/sync.md, "Renames that collide"), and a client then renames and
            // deletes under names no client's command led to (the build's ChaosIT, seed 20261205:
            // a666 appended into Work.Sub.Sub.Sub, which a session made Later.Sub.Sub, which a's
            // client renamed to Work.Sub and deleted). The view a DELETE was picked from shows
            // what the user deleted: a message in that mailbox and in no other mailbox of the view
            // is one the user removed with it. A message the view also showed elsewhere is not:
            // that instance must survive, or it is lost. Nor is one that may have left the mailbox
            // between the view and the DELETE, or that outlived it: a MOVE or COPY sent by the
            // twin's client before the DELETE was answered (replicated at any time, it may have
            // taken the message out first), or a command or a view of the deleting node after it
            // (its client saw it again).
            if (delete.shownOnlyThere().contains(id) && !outlivedOrMayHaveLeft(id, ops, delete)) {
                return "mailbox " + delete.mailbox() + " deleted by " + delete.node() + " #" + delete.step()
                        + ", whose view showed the message there only";
            }
        }
        return null;
    }

    /** For {@link #removal}: the message may not have been in {@code delete}'s mailbox, or survived it. */
    private boolean outlivedOrMayHaveLeft(String id, List<ChaosEvent> ops, ChaosEvent delete) {
        Node node = delete.node();
        boolean twinMayHaveTakenIt = ops.stream().anyMatch(e -> e.node() == node.twin()
                && (e.operation() == ChaosOperation.MOVE || e.operation() == ChaosOperation.COPY)
                && e.startMillis() <= delete.endMillis());
        boolean seenAfter = ops.stream().anyMatch(e -> e.node() == node && e.startMillis() > delete.endMillis())
                || history.sightings().stream().anyMatch(s -> s.node() == node && s.startMillis() > delete.endMillis()
                        && s.chaosIds().contains(id));
        return twinMayHaveTakenIt || seenAfter;
    }

    /**
     * The memory backend loses all a SIGKILLed node held. An APPEND answered only after the full
     * syncTimeout was not confirmed by the twin (synchronous replication answers as soon as a
     * sync that read the message succeeded), so if its node was killed after the answer and no
     * view ever showed the message on the twin before that, it may be lost with the node.
     */
    private String appendLostWithItsNode(String id, ChaosEvent append) {
        if (append.latencyMillis() < syncTimeout.toMillis() - 50) {
            return null;
        }
        Node node = append.node();
        for (ChaosFaultRecord kill : kills) {
            if (kill.fault().node() == node && kill.startMillis() > append.startMillis()) {
                boolean seenOnTwin = history.sightings().stream().anyMatch(s -> s.node() == node.twin()
                        && s.endMillis() < kill.startMillis() && s.chaosIds().contains(id));
                if (!seenOnTwin) {
                    return "APPEND on " + node + " answered after " + append.latencyMillis() + " ms (syncTimeout "
                            + syncTimeout.toMillis() + " ms: the twin never confirmed it), " + node + " SIGKILLed at +"
                            + kill.startMillis() + " ms, no view of " + node.twin() + " held it before";
                }
            }
        }
        return null;
    }

    /** The mailbox an APPEND, COPY or MOVE sent the message into. */
    private static String placedInto(ChaosEvent e) {
        return switch (e.operation()) {
            case APPEND -> e.mailbox();
            case COPY, MOVE -> e.target();
            default -> null;
        };
    }

    /** Every mailbox name the message was sent into or seen in by commands sent until {@code until}. */
    private static Set<String> names(List<ChaosEvent> ops, long until) {
        Set<String> names = new HashSet<>();
        for (ChaosEvent e : ops) {
            if (e.startMillis() <= until) {
                if (e.mailbox() != null) names.add(e.mailbox());
                if (placedInto(e) != null) names.add(placedInto(e));
            }
        }
        return names;
    }

    /**
     * {@code names} and every name a RENAME sent until {@code until} may have given one of them
     * or its children ('.' is James's delimiter), in any order: a rename follows the mailbox,
     * whichever node renamed it and however the two nodes' commands interleaved. Only names the
     * run used or a server ended with count; a name on the way may be another (Clients.Old,
     * renamed with its parent to Later.Sub.Old, then Later renamed back to Clients: ChaosIT's
     * Clients.Sub.Old), but none deeper than the deepest name the run knows: renames both ways
     * (Work to Later.Sub, Later to Work.Sub) would otherwise make names without end.
     */
    private Set<String> renamedForms(Set<String> names, long until) {
        return renamedForms(names, until, false);
    }

    /** As {@link #renamedForms(Set, long)}; {@code bothWays} also takes each rename backwards. */
    private Set<String> renamedForms(Set<String> names, long until, boolean bothWays) {
        Set<String> all = new HashSet<>(names);
        int deepest = knownNames.stream().mapToInt(ChaosOracle::depth).max().orElse(0);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ChaosEvent rename : renames) {
                if (rename.startMillis() > until) {
                    continue;
                }
                for (String name : List.copyOf(all)) {
                    grew |= addRenamed(all, name, rename.mailbox(), rename.target(), deepest);
                    if (bothWays) {
                        grew |= addRenamed(all, name, rename.target(), rename.mailbox(), deepest);
                    }
                }
            }
        }
        all.removeIf(name -> !knownNames.contains(name) && !names.contains(name));
        return all;
    }

    /** Adds what renaming {@code from} to {@code to} makes of {@code name}, unless deeper than {@code deepest}. */
    private static boolean addRenamed(Set<String> all, String name, String from, String to, int deepest) {
        if (name.equals(from) || name.startsWith(from + ".")) {
            String renamed = to + name.substring(from.length());
            return depth(renamed) <= deepest && all.add(renamed);
        }
        return false;
    }

    private static int depth(String name) {
        return (int) name.chars().filter(c -> c == '.').count();
    }

    /** {@code mailbox} is one of {@code names}, or a parent or child of one. */
    private static boolean related(String mailbox, Set<String> names) {
        return mailbox != null && names.stream().anyMatch(name -> name.equals(mailbox)
                || name.startsWith(mailbox + ".") || mailbox.startsWith(name + "."));
    }

    private static long count(List<ChaosEvent> ops, ChaosOperation operation, Node node) {
        return ops.stream().filter(e -> e.operation() == operation && (node == null || e.node() == node)).count();
    }

    private static List<ChaosEvent> attempted(Collection<ChaosEvent> events, Predicate<ChaosEvent> filter) {
        return events.stream().filter(ChaosEvent::attempted).filter(filter).toList();
    }

    /** Chaos id -> mailbox -> instances, from the messages' Message-IDs. */
    static Map<String, Map<String, Integer>> locations(MailStore store) {
        Map<String, Map<String, Integer>> found = new TreeMap<>();
        for (MailboxState mailbox : store.mailboxes().values()) {
            for (MessageState message : mailbox.messages().values()) {
                String id = ChaosMessage.chaosIdOf(message.messageId());
                if (id != null) {
                    found.computeIfAbsent(id, key -> new TreeMap<>()).merge(mailbox.name(), 1, Integer::sum);
                }
            }
        }
        return found;
    }

    /** Where the message is on {@code store}: mailbox, UID and flags of each instance. */
    static String whereIs(String id, MailStore store) {
        List<String> instances = new ArrayList<>();
        for (MailboxState mailbox : store.mailboxes().values()) {
            mailbox.messages().values().stream().filter(m -> id.equals(ChaosMessage.chaosIdOf(m.messageId())))
                    .forEach(m -> instances.add(mailbox.name() + " uid " + m.uid() + " " + m.flags()));
        }
        return store.source() + ": " + (instances.isEmpty() ? "nowhere" : String.join(", ", instances));
    }

    /**
     * When the clients' views showed the message on each node: the first and last view holding
     * it, and the first view after that without it (a view is all mailboxes, read in one go).
     */
    String sightingsOf(String id) {
        List<String> lines = new ArrayList<>();
        for (Node node : Node.values()) {
            List<ChaosSighting> views = history.sightings().stream().filter(s -> s.node() == node)
                    .sorted(java.util.Comparator.comparingLong(ChaosSighting::startMillis)).toList();
            List<ChaosSighting> holding = views.stream().filter(s -> s.chaosIds().contains(id)).toList();
            if (holding.isEmpty()) {
                lines.add("no view of " + node + " (" + views.size() + ") held it");
                continue;
            }
            ChaosSighting last = holding.get(holding.size() - 1);
            String gone = views.stream().filter(s -> s.startMillis() > last.endMillis() && !s.chaosIds().contains(id))
                    .findFirst().map(s -> ", first view without it at +" + s.startMillis() + " ms").orElse("");
            lines.add(holding.size() + " of " + views.size() + " views of " + node + " held it, first at +"
                    + holding.get(0).startMillis() + " ms, last at +" + last.startMillis() + " ms" + gone);
        }
        return "seen: " + String.join("; ", lines);
    }

    /** Every command that named the message, and every rename and delete of a mailbox it may have been in. */
    List<ChaosEvent> historyOf(String id) {
        List<ChaosEvent> own = byId.getOrDefault(id, List.of());
        Set<String> names = renamedForms(names(own, Long.MAX_VALUE), Long.MAX_VALUE);
        Map<ChaosEvent, Boolean> all = new LinkedHashMap<>();
        events.stream().filter(e -> own.contains(e) || (e.chaosId() == null && e.attempted()
                && (related(e.mailbox(), names) || related(e.target(), names)))).forEach(e -> all.put(e, true));
        return List.copyOf(all.keySet());
    }
}

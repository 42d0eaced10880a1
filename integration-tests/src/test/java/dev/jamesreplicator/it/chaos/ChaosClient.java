package dev.jamesreplicator.it.chaos;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

/**
 * One node's IMAP client: runs that node's steps of the schedule in order, each picking from what
 * the client sees right then, and records every answer. A connection that breaks (its node was
 * killed, or is restarting) is opened again for the next step; a step that fails is recorded as
 * not acknowledged, never retried.
 */
final class ChaosClient implements Runnable {
    /** The mailboxes steps create, rename to and delete, beside INBOX ('.' is James's delimiter). */
    static final List<String> FOLDERS = List.of("Clients", "Clients.Old", "Later", "Later.Sub", "Lists", "Projects",
            "Work", "Work.Sub");
    private static final List<Flags> FLAGS = List.of(new Flags(Flags.Flag.FLAGGED), new Flags(Flags.Flag.SEEN),
            new Flags("$Chaos"));
    private static final List<String> FLAG_NAMES = List.of("\\Flagged", "\\Seen", "$Chaos");
    /** A node restart takes well under this; longer and the run is broken anyway. */
    private static final Duration NODE_DOWN_LIMIT = Duration.ofMinutes(5);

    private final JamesPair pair;
    private final TestUser user;
    private final Node node;
    private final List<ChaosStep> steps;
    private final long deadlineMillis;
    private final String runTag;
    /** Never renamed or deleted: INBOX and the user's provisioned mailboxes. */
    private final Set<String> protectedMailboxes;
    private final NodeGate gate;
    private final ChaosHistory history;
    private ImapSession session;
    private int ran;

    ChaosClient(JamesPair pair, TestUser user, Node node, List<ChaosStep> steps, long deadlineMillis, String runTag,
                Set<String> protectedMailboxes, NodeGate gate, ChaosHistory history) {
        this.pair = pair;
        this.user = user;
        this.node = node;
        this.steps = steps;
        this.deadlineMillis = deadlineMillis;
        this.runTag = runTag;
        this.protectedMailboxes = protectedMailboxes;
        this.gate = gate;
        this.history = history;
    }

    /** The chaos id of the message a step appends: unique in the run, and across runs by the run's tag. */
    static String chaosId(String runTag, ChaosStep step) {
        return runTag + "-" + step.node() + step.index();
    }

    int stepsRun() {
        return ran;
    }

    @Override
    public void run() {
        try {
            for (ChaosStep step : steps) {
                if (history.now() >= deadlineMillis) {
                    break;
                }
                Thread.sleep(step.pauseMillis()); // the schedule's pause, not a wait for a condition
                if (!gate.awaitUp(node, NODE_DOWN_LIMIT)) {
                    throw new IllegalStateException("node " + node + " still down after " + NODE_DOWN_LIMIT);
                }
                runStep(step);
                ran++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            disconnect();
        }
    }

    private void runStep(ChaosStep step) {
        ChaosView view;
        long viewMillis = history.now();
        try {
            view = ChaosView.read(session().store());
            history.saw(new ChaosSighting(node, viewMillis, history.now(), view.chaosIds()));
        } catch (Exception e) {
            disconnect();
            record(step, null, null, null, 0, -1, history.now(), ChaosEvent.Outcome.SKIPPED, "no view: " + e.getMessage());
            return;
        }
        Random random = new Random(step.pick());
        switch (step.operation()) {
            case APPEND -> append(step, view, viewMillis, random);
            case STORE, COPY, MOVE, EXPUNGE -> onMessage(step, view, viewMillis, random);
            case CREATE, RENAME, DELETE -> onMailbox(step, view, viewMillis, random);
        }
    }

    private void append(ChaosStep step, ChaosView view, long viewMillis, Random random) {
        String mailbox = pick(new ArrayList<>(view.mailboxes().keySet()), random);
        ChaosMessage message = ChaosMessage.create(chaosId(runTag, step), user.address());
        long start = history.now();
        try {
            long uid = session.append(mailbox, message.bytes(), new Flags(), Instant.now());
            record(step, message.chaosId(), mailbox, null, uid, viewMillis, start, ChaosEvent.Outcome.OK, null);
        } catch (Exception e) {
            failed(step, message.chaosId(), mailbox, null, 0, viewMillis, start, e);
        }
    }

    private void onMessage(ChaosStep step, ChaosView view, long viewMillis, Random random) {
        ChaosView.Pick message = pickMessage(view, random);
        if (message == null) {
            record(step, null, null, null, 0, viewMillis, history.now(), ChaosEvent.Outcome.SKIPPED, "no message seen");
            return;
        }
        String target = null;
        if (step.operation() == ChaosOperation.COPY || step.operation() == ChaosOperation.MOVE) {
            // COPY only where the client does not see the message yet: a second copy there would be a legitimate double.
            target = pick(view.mailboxes().keySet().stream().filter(name -> !name.equals(message.mailbox()))
                    .filter(name -> step.operation() == ChaosOperation.MOVE || !view.holds(name, message.chaosId()))
                    .toList(), random);
            if (target == null) {
                record(step, message.chaosId(), message.mailbox(), null, message.uid(), viewMillis, history.now(),
                        ChaosEvent.Outcome.SKIPPED, "no target mailbox");
                return;
            }
        }
        // More than one where a renumbering cut short shows the message at two UIDs: the oracle
        // then knows the client may act on each (ChaosIT seed 202: b moved both, to two mailboxes).
        List<String> seen = view.instancesOf(message);
        int flag = random.nextInt(FLAGS.size());
        Flags flags = FLAGS.get(flag);
        boolean set = random.nextBoolean();
        if (step.operation() == ChaosOperation.STORE) {
            target = (set ? "+" : "-") + FLAG_NAMES.get(flag);
        }
        long start = history.now();
        try {
            boolean confirmed;
            String detail = null;
            switch (step.operation()) {
                case STORE -> confirmed = session.uidStore(message.mailbox(), message.uidValidity(), message.uid(), flags, set);
                case EXPUNGE -> confirmed = session.uidExpunge(message.mailbox(), message.uidValidity(), message.uid());
                default -> {
                    OptionalLong newUid = step.operation() == ChaosOperation.COPY
                            ? session.uidCopy(message.mailbox(), message.uidValidity(), message.uid(), target)
                            : session.uidMove(message.mailbox(), message.uidValidity(), message.uid(), target);
                    confirmed = newUid.isPresent();
                    detail = newUid.isPresent() ? "new uid " + newUid.getAsLong() : null;
                }
            }
            record(step, message.chaosId(), message.mailbox(), target, message.uid(), viewMillis, start,
                    confirmed ? ChaosEvent.Outcome.OK : ChaosEvent.Outcome.UNCONFIRMED, detail, Set.of(), seen);
        } catch (ImapSession.StaleMailboxException e) {
            record(step, message.chaosId(), message.mailbox(), target, message.uid(), viewMillis, start,
                    ChaosEvent.Outcome.SKIPPED, e.getMessage(), Set.of(), seen);
        } catch (Exception e) {
            disconnect(); // the connection may be broken; the next step opens a new one
            record(step, message.chaosId(), message.mailbox(), target, message.uid(), viewMillis, start,
                    ChaosEvent.Outcome.FAILED, String.valueOf(e.getMessage()), Set.of(), seen);
        }
    }

    private void onMailbox(ChaosStep step, ChaosView view, long viewMillis, Random random) {
        Set<String> seen = view.mailboxes().keySet();
        List<String> free = FOLDERS.stream().filter(name -> !seen.contains(name))
                .filter(name -> !name.contains(".") || seen.contains(name.substring(0, name.lastIndexOf('.')))).toList();
        List<String> changeable = seen.stream().filter(name -> !protectedMailboxes.contains(name)).toList();
        String mailbox;
        String target = null;
        switch (step.operation()) {
            case CREATE -> mailbox = pick(free, random);
            case RENAME -> {
                mailbox = pick(changeable, random);
                String source = mailbox;
                target = mailbox == null ? null
                        : pick(free.stream().filter(name -> !name.startsWith(source + ".")).toList(), random);
                if (target == null) {
                    mailbox = null;
                }
            }
            // A mailbox with children is left alone: James refuses to delete it.
            default -> mailbox = pick(changeable.stream()
                    .filter(name -> seen.stream().noneMatch(other -> other.startsWith(name + "."))).toList(), random);
        }
        if (mailbox == null) {
            record(step, null, null, null, 0, viewMillis, history.now(), ChaosEvent.Outcome.SKIPPED, "no mailbox to pick");
            return;
        }
        // What a DELETE removes as the client sees it: the mailbox's messages it saw nowhere else.
        // The oracle needs it because a mailbox can come to the name by a rename no client sent
        // (the replicator settling two mailboxes that claimed one name).
        Set<String> shown = step.operation() == ChaosOperation.DELETE ? view.shownOnlyIn(mailbox) : Set.of();
        long start = history.now();
        try {
            switch (step.operation()) {
                case CREATE -> session.create(mailbox);
                case RENAME -> session.rename(mailbox, target);
                default -> session.delete(mailbox);
            }
            record(step, null, mailbox, target, 0, viewMillis, start, ChaosEvent.Outcome.OK, null, shown, List.of());
        } catch (Exception e) {
            disconnect(); // the connection may be broken; the next step opens a new one
            record(step, null, mailbox, target, 0, viewMillis, start, ChaosEvent.Outcome.FAILED,
                    String.valueOf(e.getMessage()), shown, List.of());
        }
    }

    /**
     * A mailbox that holds mail, then mostly one of its newest messages: both nodes' clients then
     * often work on the same few messages, the conflicts the chaos is after.
     */
    private static ChaosView.Pick pickMessage(ChaosView view, Random random) {
        List<String> mailboxes = view.messages().stream().map(ChaosView.Pick::mailbox).distinct().toList();
        String mailbox = pick(mailboxes, random);
        if (mailbox == null) {
            return null;
        }
        List<ChaosView.Pick> messages = view.messages().stream().filter(m -> m.mailbox().equals(mailbox)).toList();
        return random.nextInt(100) < 60
                ? pick(messages.subList(Math.max(0, messages.size() - 3), messages.size()), random)
                : pick(messages, random);
    }

    private static <T> T pick(List<T> sorted, Random random) {
        return sorted.isEmpty() ? null : sorted.get(random.nextInt(sorted.size()));
    }

    private void failed(ChaosStep step, String chaosId, String mailbox, String target, long uid, long viewMillis,
                        long start, Exception e) {
        disconnect(); // the connection may be broken; the next step opens a new one
        record(step, chaosId, mailbox, target, uid, viewMillis, start, ChaosEvent.Outcome.FAILED, String.valueOf(e.getMessage()));
    }

    private void record(ChaosStep step, String chaosId, String mailbox, String target, long uid, long viewMillis,
                        long start, ChaosEvent.Outcome outcome, String detail) {
        record(step, chaosId, mailbox, target, uid, viewMillis, start, outcome, detail, Set.of(), List.of());
    }

    private void record(ChaosStep step, String chaosId, String mailbox, String target, long uid, long viewMillis,
                        long start, ChaosEvent.Outcome outcome, String detail, Set<String> shownOnlyThere,
                        List<String> seenAt) {
        history.record(new ChaosEvent(step.index(), node, step.operation(), chaosId, mailbox, target, uid, viewMillis,
                start, outcome == ChaosEvent.Outcome.SKIPPED ? start : history.now(), outcome, detail, shownOnlyThere,
                seenAt));
    }

    private ImapSession session() throws MessagingException {
        if (session == null) {
            session = pair.imap(node, user);
        }
        return session;
    }

    private void disconnect() {
        if (session != null) {
            try {
                session.close();
            } catch (Exception e) {
                // a broken connection: nothing to close cleanly
            }
            session = null;
        }
    }
}

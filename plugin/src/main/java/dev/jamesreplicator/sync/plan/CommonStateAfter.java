package dev.jamesreplicator.sync.plan;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.CommonState.MailboxRecord;
import dev.jamesreplicator.model.MailboxState;
import dev.jamesreplicator.model.MessageIdentity;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Side;
import dev.jamesreplicator.model.UserState;

/**
 * The {@link CommonState} a session records once its plan has run. It reads the plan's
 * operations, so it sits beside the plan and not in the model, which knows nothing of plans.
 */
public final class CommonStateAfter {
    private CommonStateAfter() {
    }

    /**
     * The common state once {@code plan} has run, as both servers record it under
     * {@code version}: the planner's agreed flags, each agreed message's identity, and for each
     * server what it held when the session read it ({@code local} and {@code remote}): its id of
     * each mailbox the plan leaves in place, and the MODSEQ of each agreed message it held.
     * Messages the plan writes on a server are not recorded for it (their MODSEQ is not known
     * until written): the next session sends them once more. It also records both servers' runs
     * and the names the plan leaves alike on both.
     */
    public static CommonState after(SyncPlan plan, String version, String localNode, UserState local,
                                    String remoteNode, UserState remote) {
        Map<Long, Map<Long, List<String>>> agreed = plan.agreed().flags();
        Map<Long, Map<Long, MessageIdentity>> identities = new TreeMap<>();
        for (SyncOperation operation : plan.operations()) {
            Copies.of(operation).ifPresent(copy -> addIdentity(identities, agreed, copy.uidValidity(), copy.message()));
        }
        for (UserState side : List.of(local, remote)) {
            side.mailboxes().forEach(mailbox -> mailbox.messages()
                .forEach(message -> addIdentity(identities, agreed, mailbox.uidValidity(), message)));
        }
        Map<String, Map<Long, MailboxRecord>> nodes = new TreeMap<>();
        if (localNode != null && remoteNode != null && !localNode.equals(remoteNode)) {
            nodes.put(localNode, records(plan, Side.LOCAL, local, identities));
            nodes.put(remoteNode, records(plan, Side.REMOTE, remote, identities));
        }
        return new CommonState(version, agreed, identities, nodes, runs(local, remote), plan.agreed().names());
    }

    /** The runs of the two servers as the session read them: the next one tells a restarted server by its new run. */
    private static Set<String> runs(UserState local, UserState remote) {
        Set<String> runs = new TreeSet<>();
        for (UserState side : List.of(local, remote)) {
            if (side.tombstones().boot() != null) {
                runs.add(side.tombstones().boot());
            }
        }
        return runs;
    }

    private static void addIdentity(Map<Long, Map<Long, MessageIdentity>> identities, Map<Long, Map<Long, List<String>>> agreed,
                                    long uidValidity, MessageState message) {
        Map<Long, List<String>> agreedHere = agreed.get(uidValidity);
        if (message.hash() != null && agreedHere != null && agreedHere.containsKey(message.uid())) {
            identities.computeIfAbsent(uidValidity, any -> new TreeMap<>()).putIfAbsent(message.uid(), MessageIdentity.of(message));
        }
    }

    /** Each side's MODSEQ of the messages with an identity (each of them agreed: see addIdentity). */
    private static Map<Long, MailboxRecord> records(SyncPlan plan, Side side, UserState state,
                                                    Map<Long, Map<Long, MessageIdentity>> identities) {
        Set<Long> going = new HashSet<>();
        for (SyncOperation operation : plan.operations()) {
            if (operation.target() == side) {
                GoingMailbox.of(operation).ifPresent(mailbox -> going.add(mailbox.uidValidity()));
            }
        }
        Map<Long, MailboxRecord> records = new TreeMap<>();
        for (MailboxState mailbox : state.mailboxes()) {
            if (mailbox.id() == null || going.contains(mailbox.uidValidity())) {
                continue;
            }
            Map<Long, MessageIdentity> identitiesHere = identities.getOrDefault(mailbox.uidValidity(), Map.of());
            Map<Long, Long> modSeqs = new TreeMap<>();
            for (MessageState message : mailbox.messages()) {
                MessageIdentity identity = identitiesHere.get(message.uid());
                if (identity != null && identity.isOf(message)) {
                    modSeqs.put(message.uid(), message.modSeq());
                }
            }
            records.put(mailbox.uidValidity(), new MailboxRecord(mailbox.id(), modSeqs));
        }
        return records;
    }
}

package dev.jamesreplicator.sync;

import dev.jamesreplicator.model.Side;
import dev.jamesreplicator.sync.plan.StepPlan;

/** What the stores of the steps after the mail share (Sieve scripts, mailbox items, server data): their journal's end of a step. */
public interface StepStore<S, T> {
    /** This server's common state of the last session. */
    S common();

    /** The plan ran to its end: {@code agreed} is the new common state, the {@code honoured} records go. */
    void completeSync(S agreed, T honoured);

    /**
     * A plan that ran to its end, completed on both servers. The twin completes first: cut
     * between the two, this side's older common state only makes the next plan compare what
     * both sides already hold alike. Most sessions are for mail: a step with nothing to do
     * writes no journal.
     */
    static <S, T> void complete(StepPlan<S, T> plan, StepStore<S, T> local, StepStore<S, T> remote) {
        if (plan.isEmpty() && plan.agreed().equals(local.common()) && plan.honoursNone()) {
            return;
        }
        remote.completeSync(plan.agreed(), plan.honoured(Side.REMOTE));
        local.completeSync(plan.agreed(), plan.honoured(Side.LOCAL));
    }
}

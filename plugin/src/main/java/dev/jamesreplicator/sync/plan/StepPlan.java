package dev.jamesreplicator.sync.plan;

import dev.jamesreplicator.model.Side;

/**
 * What the plans of the steps after the mail share (Sieve scripts, mailbox items, server data):
 * the state both servers hold once the plan has run, the next session's common state; and each
 * side's records it decided on, dropped once it has run.
 */
public interface StepPlan<S, T> {
    /** Whether the plan has nothing to write. */
    boolean isEmpty();

    S agreed();

    T honoured(Side side);

    /** Whether the plan decided on no record of either side. */
    boolean honoursNone();
}

package dev.jamesreplicator.pin;

import java.util.function.LongUnaryOperator;

/**
 * A mailbox's last UID or highest MODSEQ as one backend keeps it, handed by the agent's advice
 * to {@link WritePins}, which holds the pinning rules for every backend.
 */
public interface MailboxCounter {

    /** The value now; 0 for a mailbox that has none yet. */
    long get();

    /**
     * Replaces the value by {@code update} of it, as atomically as the backend keeps it, and
     * returns the new value. An exception thrown by {@code update} leaves the value as it was.
     */
    long updateAndGet(LongUnaryOperator update);
}

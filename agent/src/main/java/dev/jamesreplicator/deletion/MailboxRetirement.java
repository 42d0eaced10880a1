package dev.jamesreplicator.deletion;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes "delete this mailbox if it still holds exactly what sync saw" atomic against
 * concurrent adds. James resolves a mailbox before it adds to it, so a delivery can hold a
 * mailbox that replication deletes a moment later and store its message into nothing. Sync
 * retires the mailbox first: adds that have not started fail (and are retried by their
 * client), adds under way are waited for, and only then is the mailbox counted and deleted.
 *
 * <p>The agent calls {@link #enterAdd}/{@link #exitAdd} around every message add.
 */
public final class MailboxRetirement {
    private static final ConcurrentMap<Object, AtomicInteger> ADDS_UNDER_WAY = new ConcurrentHashMap<>();
    private static final Set<Object> RETIRED = ConcurrentHashMap.newKeySet();

    private MailboxRetirement() {
    }

    /** Called by the agent before a message is added to the mailbox. */
    public static void enterAdd(Object mailboxId) throws MailboxRetiredException {
        AtomicInteger underWay = ADDS_UNDER_WAY.computeIfAbsent(mailboxId, any -> new AtomicInteger());
        underWay.incrementAndGet();
        // Counted before checking: retire() marks before counting, so one of the two always sees the other.
        if (RETIRED.contains(mailboxId)) {
            underWay.decrementAndGet();
            throw new MailboxRetiredException(mailboxId);
        }
    }

    /** Called by the agent when that add returns or throws. */
    public static void exitAdd(Object mailboxId) {
        AtomicInteger underWay = ADDS_UNDER_WAY.get(mailboxId);
        if (underWay != null) {
            underWay.decrementAndGet();
        }
    }

    /**
     * Refuses further adds to the mailbox and waits for those under way to finish.
     *
     * @return false, with the mailbox open again, when adds were still under way at the timeout
     */
    public static boolean retire(Object mailboxId, long timeout, TimeUnit unit) throws InterruptedException {
        RETIRED.add(mailboxId);
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        AtomicInteger underWay = ADDS_UNDER_WAY.computeIfAbsent(mailboxId, any -> new AtomicInteger());
        while (underWay.get() > 0) {
            if (System.nanoTime() > deadline) {
                RETIRED.remove(mailboxId);
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** Opens the mailbox to adds again (the replacement was abandoned), or forgets a deleted one. */
    public static void release(Object mailboxId) {
        RETIRED.remove(mailboxId);
        ADDS_UNDER_WAY.computeIfPresent(mailboxId, (id, underWay) -> underWay.get() == 0 ? null : underWay);
    }

    public static boolean isRetired(Object mailboxId) {
        return RETIRED.contains(mailboxId);
    }
}

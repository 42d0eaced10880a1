package dev.jamesreplicator.pin;

import java.util.Date;
import java.util.concurrent.ConcurrentMap;

/**
 * The agent's side of the contract between the plugin and the agent: where the advice, inlined
 * into James's mappers and providers, claims the values a replicated write must take instead of
 * the ones James would choose. The plugin takes a pin of one kind ({@link UidValidityPin},
 * {@link MessagePin}, {@link FlagUpdatePin}, {@link UidRaisePin}), writes through James's public
 * API, and closes it; this class holds the rules every backend's hooks apply to those pins, and
 * what the hooks track of James on each thread (the add under way, a {@code \Recent} reset).
 *
 * <p>This class and the pins sit in the agent jar, on the system class path, so that James's
 * classes and the plugin (loaded by a child class loader) share one copy.
 */
public final class WritePins {
    private static volatile boolean agentInstalled;
    private static final ThreadLocal<MessagePin> CURRENT_ADD = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> RECENT_RESET = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> OWN_THREAD = new ThreadLocal<>();

    private WritePins() {
    }

    /** True once the agent has installed its hooks in this JVM. */
    public static boolean isAgentInstalled() {
        return agentInstalled;
    }

    public static void markAgentInstalled() {
        agentInstalled = true;
    }

    // ---- UIDVALIDITY ------------------------------------------------------------------------

    /**
     * Called by the agent when James creates a mailbox: the pinned UIDVALIDITY
     * ({@link UidValidityPin}), else the chooser's, else 0 (James draws one).
     */
    public static long claimUidValidity(String user, String mailboxName) {
        return UidValidityPin.claim(user, mailboxName);
    }

    // ---- Messages ---------------------------------------------------------------------------

    /** Called by the agent when James starts storing a message with this internal date, before it guesses its thread. */
    public static void enterStore(Date internalDate) {
        MessagePin pin = MessagePin.pinnedFor(internalDate);
        if (pin != null && pin.startsThread()) {
            OWN_THREAD.set(Boolean.TRUE);
        }
    }

    /** Called by the agent when that store has built its work (the thread guess is called in it). */
    public static void exitStore() {
        OWN_THREAD.remove();
    }

    /** Asked by the agent's thread-guess hook: the message James is storing on this thread starts its own thread. */
    public static boolean startsOwnThread() {
        return OWN_THREAD.get() != null;
    }

    /** Called by the agent when a mapper starts adding a message with this internal date. */
    public static void enterAdd(Date internalDate) {
        CURRENT_ADD.set(MessagePin.pinnedFor(internalDate));
    }

    /** Called by the agent when that add returns or throws. */
    public static void exitAdd() {
        CURRENT_ADD.remove();
    }

    /**
     * Called by the agent when James asks for the next UID of a mailbox: the pinned UID when the
     * current add is pinned, after moving the mailbox's last UID up to it; outside an add, the
     * last UID after this thread's {@link UidRaisePin}; -1 otherwise.
     *
     * @param lastUid the mailbox's last UID used, as the backend keeps it
     * @throws PinRefusedException when the pinned UID is not above the last UID used
     */
    public static long claimUid(MailboxCounter lastUid) {
        MessagePin pin = CURRENT_ADD.get();
        if (pin == null) {
            return raiseLastUid(lastUid);
        }
        return lastUid.updateAndGet(current -> {
            if (current >= pin.uid()) {
                throw new PinRefusedException("UID " + pin.uid() + " is not above the mailbox's last UID " + current);
            }
            return pin.uid();
        });
    }

    /**
     * {@link #claimUid(MailboxCounter)} for a provider that keeps its counters in a map
     * (James's in-memory one).
     *
     * @param lastUids the provider's map from mailbox id to last UID used ({@code AtomicLong})
     */
    @SuppressWarnings("rawtypes")
    public static long claimUid(ConcurrentMap lastUids, Object mailboxId) {
        return claimUid(MailboxCounters.inMap(lastUids, mailboxId));
    }

    private static long raiseLastUid(MailboxCounter lastUid) {
        UidRaisePin raise = UidRaisePin.claim();
        if (raise == null) {
            return -1;
        }
        return lastUid.updateAndGet(current -> Math.max(current, raise.lastUid()));
    }

    // ---- Flag updates and MODSEQs -----------------------------------------------------------

    /**
     * Called by the agent around {@code MessageMapper.resetRecent} (a SELECT clearing
     * {@code \Recent}): meanwhile no message takes a new MODSEQ and the HIGHESTMODSEQ stays.
     */
    public static void enterRecentReset() {
        RECENT_RESET.set(Boolean.TRUE);
    }

    public static void exitRecentReset() {
        RECENT_RESET.remove();
    }

    public static boolean isResettingRecent() {
        return RECENT_RESET.get() != null;
    }

    /** Called by the agent where James decides whether an update changed a message's flags. */
    public static boolean isFlagUpdateForced() {
        FlagUpdatePin pin = FlagUpdatePin.onThisThread();
        return pin != null && pin.forced();
    }

    /**
     * Called by the agent when James asks for the next MODSEQ of a mailbox during a pinned add or
     * a pinned flag update:
     * the pinned MODSEQ when it is above the mailbox's highest, else the next one (MODSEQs never
     * go back); -1 when nothing is pinned.
     *
     * @param highestModSeq the mailbox's highest MODSEQ, as the backend keeps it
     */
    public static long claimModSeq(MailboxCounter highestModSeq) {
        MessagePin add = CURRENT_ADD.get();
        if (isResettingRecent() && add == null) {
            // The update changes no message's MODSEQ (see isResettingRecent): the highest stays.
            long highest = highestModSeq.get();
            if (highest > 0) {
                return highest;
            }
        }
        ModSeqPin pin = add != null ? add : FlagUpdatePin.onThisThread();
        if (pin == null || (pin != add && pin.assignedModSeq() > 0)) {
            return -1;
        }
        long assigned = highestModSeq.updateAndGet(current -> Math.max(current + 1, pin.modSeq()));
        pin.assignModSeq(assigned);
        return assigned;
    }

    /**
     * {@link #claimModSeq(MailboxCounter)} for a provider that keeps its counters in a map
     * (James's in-memory one).
     *
     * @param highestModSeqs the provider's map from mailbox id to highest MODSEQ ({@code AtomicLong})
     */
    @SuppressWarnings("rawtypes")
    public static long claimModSeq(ConcurrentMap highestModSeqs, Object mailboxId) {
        return claimModSeq(MailboxCounters.inMap(highestModSeqs, mailboxId));
    }
}

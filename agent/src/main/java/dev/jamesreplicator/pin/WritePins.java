package dev.jamesreplicator.pin;

import java.util.Collections;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The contract between the plugin and the agent: the values a replicated write must take
 * instead of the ones James would choose. The plugin pins, then writes through James's public
 * API; the agent's advice, inlined into James's mappers and providers, claims.
 *
 * <p>This class sits in the agent jar, on the system class path, so that James's classes and the
 * plugin (loaded by a child class loader) share one copy.
 *
 * <p>Keys are chosen for what the hooked code can see: James creates a mailbox on another thread
 * than the caller, but with its path; it adds a message on another thread, but with the very
 * {@link Date} object given as internal date. So a message pin is keyed by the identity of a
 * fresh Date, which no other writer can hold.
 */
public final class WritePins {
    private static volatile boolean agentInstalled;
    private static final ConcurrentMap<String, Long> UID_VALIDITIES = new ConcurrentHashMap<>();
    private static final Map<Date, MessagePin> MESSAGES = Collections.synchronizedMap(new IdentityHashMap<>());
    private static final ThreadLocal<MessagePin> CURRENT_ADD = new ThreadLocal<>();
    private static final ThreadLocal<FlagUpdatePin> FLAG_UPDATE = new ThreadLocal<>();
    private static final ThreadLocal<Long> UID_RAISE = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> RECENT_RESET = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> OWN_THREAD = new ThreadLocal<>();
    private static final long MAX_UID_VALIDITY = 0xFFFF_FFFFL;
    private static volatile UidValidityChooser uidValidityChooser = UidValidityChooser.JAMES;

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
     * The next creation of this user's mailbox {@code mailboxName} takes {@code uidValidity}, whoever
     * creates it (a concurrent IMAP login provisioning the same mailbox takes the pin too).
     *
     * @param user as {@code Username.asString()}
     * @param mailboxName as {@code MailboxPath.getName()}
     * @param uidValidity a non-zero unsigned 32-bit number (RFC 3501 nz-number), as James requires
     */
    public static void pinUidValidity(String user, String mailboxName, long uidValidity) {
        // Checked here: James's UidValidity.of would refuse it later, deep inside the mailbox creation.
        if (uidValidity <= 0 || uidValidity > MAX_UID_VALIDITY) {
            throw new IllegalArgumentException("UIDVALIDITY must be in 1.." + MAX_UID_VALIDITY + ": " + uidValidity);
        }
        UID_VALIDITIES.put(mailboxKey(user, mailboxName), uidValidity);
    }

    /** Drops a pin that was not claimed (the creation failed or was not needed). */
    public static void unpinUidValidity(String user, String mailboxName) {
        UID_VALIDITIES.remove(mailboxKey(user, mailboxName));
    }

    /**
     * Called by the agent when James creates a mailbox: the pinned UIDVALIDITY, else the
     * chooser's, else 0 (James draws one).
     */
    public static long claimUidValidity(String user, String mailboxName) {
        Long pinned = UID_VALIDITIES.remove(mailboxKey(user, mailboxName));
        long claimed = pinned == null ? 0 : pinned;
        long chosen;
        try {
            chosen = uidValidityChooser.choose(user, mailboxName, claimed);
        } catch (RuntimeException e) {
            // The creation goes on with James's own number; the plugin logs its own failures.
            chosen = 0;
        }
        return claimed > 0 || chosen <= 0 || chosen > MAX_UID_VALIDITY ? claimed : chosen;
    }

    /** From now on {@code chooser} is told of every creation and may give unpinned ones a UIDVALIDITY. */
    public static void chooseUidValidities(UidValidityChooser chooser) {
        uidValidityChooser = chooser;
    }

    /** Back to James's own choice, if {@code chooser} is still the one in place. */
    public static void stopChoosingUidValidities(UidValidityChooser chooser) {
        if (uidValidityChooser == chooser) {
            uidValidityChooser = UidValidityChooser.JAMES;
        }
    }

    private static String mailboxKey(String user, String mailboxName) {
        return user + '\u0000' + mailboxName;
    }

    // ---- Messages ---------------------------------------------------------------------------

    /**
     * Pins UID and MODSEQ for one append. Pass the returned Date, and no other, as the append's
     * internal date; call {@link #unpinMessage} when the append returns, whatever its outcome.
     *
     * @param modSeq the wanted MODSEQ, or 0 to let James choose
     */
    public static Date pinMessage(long internalDateMillis, long uid, long modSeq) {
        return pinMessage(internalDateMillis, uid, modSeq, false);
    }

    /**
     * The same, for a message that began a conversation thread of its own on the server it
     * comes from: James gives it a thread of its own too, instead of searching all the user's
     * messages for one (the costliest part of James's append; the agent's hook on
     * {@code SearchThreadIdGuessingAlgorithm}).
     */
    public static Date pinMessage(long internalDateMillis, long uid, long modSeq, boolean startsThread) {
        if (uid <= 0) {
            throw new IllegalArgumentException("UID must be positive: " + uid);
        }
        if (modSeq < 0) {
            throw new IllegalArgumentException("MODSEQ must be positive, or 0 to let James choose: " + modSeq);
        }
        Date token = new Date(internalDateMillis);
        MESSAGES.put(token, new MessagePin(uid, modSeq, startsThread));
        return token;
    }

    /** Removes the pin of this append and returns it (with the MODSEQ assigned), or null. */
    public static MessagePin unpinMessage(Date token) {
        return MESSAGES.remove(token);
    }

    /** Called by the agent when James starts storing a message with this internal date, before it guesses its thread. */
    public static void enterStore(Date internalDate) {
        MessagePin pin = internalDate == null ? null : MESSAGES.get(internalDate);
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
        CURRENT_ADD.set(internalDate == null ? null : MESSAGES.get(internalDate));
    }

    /** Called by the agent when that add returns or throws. */
    public static void exitAdd() {
        CURRENT_ADD.remove();
    }

    /**
     * Called by the agent when James asks for the next UID of a mailbox: the pinned UID when the
     * current add is pinned, after moving the mailbox's last UID up to it; -1 otherwise.
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

    /**
     * The next UID James is asked for on this thread, outside any add, moves the mailbox's last
     * UID up to {@code lastUid} (UIDNEXT becomes {@code lastUid + 1}); a last UID already there or
     * above stays. The plugin then asks the UID provider directly: no message takes the UID.
     * Call {@link #unpinUidRaise} afterwards, whatever the outcome.
     */
    public static void pinUidRaise(long lastUid) {
        if (lastUid <= 0) {
            throw new IllegalArgumentException("a UID must be positive: " + lastUid);
        }
        UID_RAISE.set(lastUid);
    }

    public static void unpinUidRaise() {
        UID_RAISE.remove();
    }

    private static long raiseLastUid(MailboxCounter lastUid) {
        Long wanted = UID_RAISE.get();
        if (wanted == null) {
            return -1;
        }
        UID_RAISE.remove();
        return lastUid.updateAndGet(current -> Math.max(current, wanted));
    }

    /**
     * Pins the MODSEQ of the next flag update made on this thread (James updates flags on the
     * caller's thread). Call {@link #unpinFlagUpdate} when the update returns, whatever its outcome.
     */
    public static void pinFlagUpdate(long modSeq) {
        pinFlagUpdate(modSeq, false);
    }

    private static void pinFlagUpdate(long modSeq, boolean forced) {
        if (modSeq <= 0) {
            throw new IllegalArgumentException("MODSEQ must be positive: " + modSeq);
        }
        FLAG_UPDATE.set(new FlagUpdatePin(modSeq, forced));
    }

    /**
     * As {@link #pinFlagUpdate}, and James takes the update as a change of every message it
     * touches even when their flags stay as they are: each such message gets the pinned MODSEQ.
     * This is how a message's MODSEQ is raised to its twin's without touching its flags.
     */
    public static void pinForcedFlagUpdate(long modSeq) {
        pinFlagUpdate(modSeq, true);
    }

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
        FlagUpdatePin pin = FLAG_UPDATE.get();
        return pin != null && pin.forced();
    }

    /** Removes this thread's flag-update pin and returns the MODSEQ it got, or 0 if none was claimed. */
    public static long unpinFlagUpdate() {
        FlagUpdatePin pin = FLAG_UPDATE.get();
        FLAG_UPDATE.remove();
        return pin == null ? 0 : pin.assignedModSeq();
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
        ModSeqPin pin = add != null ? add : FLAG_UPDATE.get();
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

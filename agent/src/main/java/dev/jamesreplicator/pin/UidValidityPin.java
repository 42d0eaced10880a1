package dev.jamesreplicator.pin;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The UIDVALIDITY the next creation of one user's mailbox takes, whoever creates it (a
 * concurrent IMAP login provisioning the same mailbox takes the pin too). Keyed by user and
 * mailbox name: James creates the mailbox on another thread than the caller, but with its path.
 * Closing drops the pin if no creation claimed it (the creation failed or was not needed).
 *
 * <p>Also where the plugin's {@link UidValidityChooser} sits, asked at every creation after the pin.
 */
public final class UidValidityPin implements AutoCloseable {
    private static final long MAX_UID_VALIDITY = 0xFFFF_FFFFL;
    private static final ConcurrentMap<String, Long> PINNED = new ConcurrentHashMap<>();
    private static volatile UidValidityChooser chooser = UidValidityChooser.JAMES;

    private final String key;

    private UidValidityPin(String key) {
        this.key = key;
    }

    /**
     * @param user as {@code Username.asString()}
     * @param mailboxName as {@code MailboxPath.getName()}
     * @param uidValidity a non-zero unsigned 32-bit number (RFC 3501 nz-number), as James requires
     */
    public static UidValidityPin take(String user, String mailboxName, long uidValidity) {
        // Checked here: James's UidValidity.of would refuse it later, deep inside the mailbox creation.
        if (uidValidity <= 0 || uidValidity > MAX_UID_VALIDITY) {
            throw new IllegalArgumentException("UIDVALIDITY must be in 1.." + MAX_UID_VALIDITY + ": " + uidValidity);
        }
        String key = key(user, mailboxName);
        PINNED.put(key, uidValidity);
        return new UidValidityPin(key);
    }

    @Override
    public void close() {
        PINNED.remove(key);
    }

    /** From now on {@code chooser} is told of every creation and may give unpinned ones a UIDVALIDITY. */
    public static void chooseUidValidities(UidValidityChooser chooser) {
        UidValidityPin.chooser = chooser;
    }

    /** Back to James's own choice, if {@code chooser} is still the one in place. */
    public static void stopChoosingUidValidities(UidValidityChooser chooser) {
        if (UidValidityPin.chooser == chooser) {
            UidValidityPin.chooser = UidValidityChooser.JAMES;
        }
    }

    /** For {@link WritePins#claimUidValidity}: the pinned UIDVALIDITY, else the chooser's, else 0. */
    static long claim(String user, String mailboxName) {
        Long pinned = PINNED.remove(key(user, mailboxName));
        long claimed = pinned == null ? 0 : pinned;
        long chosen;
        try {
            chosen = chooser.choose(user, mailboxName, claimed);
        } catch (RuntimeException e) {
            // The creation goes on with James's own number; the plugin logs its own failures.
            chosen = 0;
        }
        return claimed > 0 || chosen <= 0 || chosen > MAX_UID_VALIDITY ? claimed : chosen;
    }

    private static String key(String user, String mailboxName) {
        return user + '\u0000' + mailboxName;
    }
}

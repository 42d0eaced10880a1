package dev.jamesreplicator.pin;

/**
 * What the plugin decides for a mailbox James creates: told of every creation of a user's
 * mailbox, pinned or not, it may give one that nobody pinned a UIDVALIDITY of its own (the
 * plugin derives one for the mailboxes James provisions, so that both servers agree from the
 * start). Called on James's thread inside the creation: it must be quick and must not call James.
 */
@FunctionalInterface
public interface UidValidityChooser {
    /** James's own choice for everything. */
    UidValidityChooser JAMES = (user, mailboxName, pinned) -> 0;

    /**
     * @param pinned the UIDVALIDITY a replicated creation pinned (final: the answer is then
     *               ignored), or 0
     * @return the UIDVALIDITY for an unpinned creation, or 0 to let James draw one
     */
    long choose(String user, String mailboxName, long pinned);
}

package dev.jamesreplicator.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.mailbox.DefaultMailboxes;
import org.h2.mvstore.MVMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.content.Sha256;
import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.pin.UidValidityChooser;

/**
 * The same UIDVALIDITY on both servers for the mailboxes James provisions (INBOX, Outbox, Sent,
 * Trash, Drafts, Archive, Spam): a user's first logins on both servers, or a delivery on one and a
 * login on the other, then create one mailbox twice instead of two that replication must merge
 * (which changes one side's UIDVALIDITY under its clients). The number is derived from the user
 * and the name alone, so both servers compute it without talking.
 *
 * <p>A derived number is given once: to the first creation of that name for that user this server
 * sees (a replicated creation counts, pinned or not), and only if the journal knows no mailbox
 * of that number. A mailbox deleted and created again, or provisioned again on a memory server
 * that restarted empty, gets a number of its own, as RFC 3501 asks of a new mailbox; the one its
 * twin still holds then wins the merge as the one the last sync knew.
 */
@Singleton
public class ProvisionedUidValidities implements UidValidityChooser {
    private static final Logger LOGGER = LoggerFactory.getLogger(ProvisionedUidValidities.class);
    private static final Set<String> PROVISIONED = Set.copyOf(DefaultMailboxes.DEFAULT_MAILBOXES);

    private final StateStore store;
    private final Journal journal;
    /** user NUL name, for every provisioned name a creation of which this server has seen. */
    private final MVMap<String, String> created;

    @Inject
    public ProvisionedUidValidities(StateStore store, Journal journal) {
        this.store = store;
        this.journal = journal;
        this.created = store.map("provisioned.created");
    }

    @Override
    public long choose(String user, String mailboxName, long pinned) {
        if (user.isEmpty() || !PROVISIONED.contains(mailboxName)) {
            return 0;
        }
        if (created.putIfAbsent(user + '\u0000' + mailboxName, Long.toString(pinned)) != null) {
            return 0;
        }
        store.commit();
        long derived = derive(user, mailboxName);
        if (pinned > 0 || known(user, derived)) {
            return 0;
        }
        LOGGER.debug("{}: {} created with the UIDVALIDITY both servers derive, {}", user, mailboxName, derived);
        return derived;
    }

    /** A non-zero unsigned 32-bit number (RFC 3501 nz-number) from the user and the mailbox name. */
    static long derive(String user, String mailboxName) {
        byte[] digest = Sha256.digest().digest(("james-replicator provisioned UIDVALIDITY\u0000" + user + '\u0000'
            + mailboxName).getBytes(StandardCharsets.UTF_8));
        long number = Integer.toUnsignedLong(ByteBuffer.wrap(digest).getInt());
        return number == 0 ? 1 : number;
    }

    private boolean known(String user, long uidValidity) {
        CommonState common = journal.common(user);
        Tombstones tombstones = journal.tombstones(user);
        return common.knewMailbox(uidValidity)
            || tombstones.deletedMailboxes().stream().anyMatch(deleted -> deleted.uidValidity() == uidValidity)
            || tombstones.renamed().stream().anyMatch(renamed -> renamed.uidValidity() == uidValidity);
    }
}

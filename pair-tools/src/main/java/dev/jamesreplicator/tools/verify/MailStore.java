package dev.jamesreplicator.tools.verify;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A snapshot of one user's mail on one server: the mailboxes, the names the user is
 * subscribed to (IMAP LSUB; a subscription may name a mailbox that does not exist), and the
 * mailboxes' ACLs (IMAP GETACL, where the server has ACL).
 *
 * @param source names the server in difference lines (node name, host:port)
 * @param acls   by mailbox name, each entry's identifier to its rights (letters sorted); a mailbox
 *               without entries, or a server without ACL, has none here
 */
public record MailStore(String source, String user, SortedMap<String, MailboxState> mailboxes,
                        SortedSet<String> subscriptions, SortedMap<String, SortedMap<String, String>> acls) {

    public MailStore {
        mailboxes = Collections.unmodifiableSortedMap(new TreeMap<>(mailboxes));
        subscriptions = Collections.unmodifiableSortedSet(new TreeSet<>(subscriptions));
        SortedMap<String, SortedMap<String, String>> copied = new TreeMap<>();
        acls.forEach((mailbox, entries) -> {
            if (!entries.isEmpty()) {
                copied.put(mailbox, Collections.unmodifiableSortedMap(new TreeMap<>(entries)));
            }
        });
        acls = Collections.unmodifiableSortedMap(copied);
    }

    /** A store without ACLs. */
    public MailStore(String source, String user, SortedMap<String, MailboxState> mailboxes, SortedSet<String> subscriptions) {
        this(source, user, mailboxes, subscriptions, new TreeMap<>());
    }

    /** A store without subscriptions. */
    public MailStore(String source, String user, SortedMap<String, MailboxState> mailboxes) {
        this(source, user, mailboxes, new TreeSet<>());
    }

    public Optional<MailboxState> mailbox(String name) {
        return Optional.ofNullable(mailboxes.get(name));
    }

    public int messageCount() {
        return mailboxes.values().stream().mapToInt(m -> m.messages().size()).sum();
    }
}

package dev.jamesreplicator.tools.verify;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A snapshot of one user's mail on one server: the mailboxes, and the names the user is
 * subscribed to (IMAP LSUB; a subscription may name a mailbox that does not exist).
 *
 * @param source names the server in difference lines (node name, host:port)
 */
public record MailStore(String source, String user, SortedMap<String, MailboxState> mailboxes,
                        SortedSet<String> subscriptions) {

    public MailStore {
        mailboxes = Collections.unmodifiableSortedMap(new TreeMap<>(mailboxes));
        subscriptions = Collections.unmodifiableSortedSet(new TreeSet<>(subscriptions));
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

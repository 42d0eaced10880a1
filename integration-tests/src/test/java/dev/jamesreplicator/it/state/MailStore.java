package dev.jamesreplicator.it.state;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A snapshot of one user's mail on one server.
 *
 * @param source names the server in difference lines (node name, host:port)
 */
public record MailStore(String source, String user, SortedMap<String, MailboxState> mailboxes) {

    public MailStore {
        mailboxes = Collections.unmodifiableSortedMap(new TreeMap<>(mailboxes));
    }

    public Optional<MailboxState> mailbox(String name) {
        return Optional.ofNullable(mailboxes.get(name));
    }

    public int messageCount() {
        return mailboxes.values().stream().mapToInt(m -> m.messages().size()).sum();
    }
}

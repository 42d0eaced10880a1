package dev.jamesreplicator.model;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

/** Everything of one user's mail store on one server that sync compares, and that server's tombstones. */
public final class UserState {
    private final List<MailboxState> mailboxes;
    private final List<String> subscriptions;
    private final Tombstones tombstones;

    @JsonCreator
    public UserState(@JsonProperty("mailboxes") List<MailboxState> mailboxes,
                     @JsonProperty("subscriptions") List<String> subscriptions,
                     @JsonProperty("tombstones") Tombstones tombstones) {
        this.mailboxes = mailboxes == null ? ImmutableList.of() : ImmutableList.copyOf(mailboxes);
        this.subscriptions = subscriptions == null ? ImmutableList.of() : ImmutableList.sortedCopyOf(subscriptions);
        this.tombstones = tombstones == null ? Tombstones.NONE : tombstones;
    }

    public UserState(List<MailboxState> mailboxes) {
        this(mailboxes, null, null);
    }

    @JsonProperty("mailboxes")
    public List<MailboxState> mailboxes() {
        return mailboxes;
    }

    /** Names of the subscribed mailboxes, sorted. */
    @JsonProperty("subscriptions")
    public List<String> subscriptions() {
        return subscriptions;
    }

    @JsonProperty("tombstones")
    public Tombstones tombstones() {
        return tombstones;
    }

    public Optional<MailboxState> mailbox(String name) {
        return mailboxes.stream().filter(mailbox -> mailbox.name().equals(name)).findFirst();
    }

    public Optional<MailboxState> mailbox(long uidValidity) {
        return mailboxes.stream().filter(mailbox -> mailbox.uidValidity() == uidValidity).findFirst();
    }
}

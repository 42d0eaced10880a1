package dev.jamesreplicator.sync;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

/** Everything of one user's mail store on one server that sync compares. */
public final class UserState {
    private final List<MailboxState> mailboxes;

    @JsonCreator
    public UserState(@JsonProperty("mailboxes") List<MailboxState> mailboxes) {
        this.mailboxes = mailboxes == null ? ImmutableList.of() : ImmutableList.copyOf(mailboxes);
    }

    @JsonProperty("mailboxes")
    public List<MailboxState> mailboxes() {
        return mailboxes;
    }

    public Optional<MailboxState> mailbox(String name) {
        return mailboxes.stream().filter(mailbox -> mailbox.name().equals(name)).findFirst();
    }
}

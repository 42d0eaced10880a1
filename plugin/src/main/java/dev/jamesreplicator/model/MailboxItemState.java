package dev.jamesreplicator.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableSortedMap;

/**
 * One user's mailbox annotations (IMAP METADATA) on one server as sync compares them: per
 * mailbox, by UIDVALIDITY (its identity across renames), its name and its annotations, key to
 * value. A server's read lists every mailbox, annotated or not (a mailbox one side lacks is left
 * to the mail step); the common state of the last session keeps only annotated ones.
 */
public final class MailboxItemState {
    public static final MailboxItemState NONE = new MailboxItemState(null);

    private final Map<Long, Mailbox> mailboxes;

    @JsonCreator
    public MailboxItemState(@JsonProperty("mailboxes") Map<Long, Mailbox> mailboxes) {
        this.mailboxes = mailboxes == null ? ImmutableSortedMap.of() : ImmutableSortedMap.copyOf(mailboxes);
    }

    /** UIDVALIDITY to the mailbox, sorted. */
    @JsonProperty("mailboxes")
    public Map<Long, Mailbox> mailboxes() {
        return mailboxes;
    }

    public Optional<Mailbox> mailbox(long uidValidity) {
        return Optional.ofNullable(mailboxes.get(uidValidity));
    }

    public Optional<String> value(long uidValidity, String key) {
        return mailbox(uidValidity).flatMap(mailbox -> mailbox.value(key));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MailboxItemState && mailboxes.equals(((MailboxItemState) other).mailboxes);
    }

    @Override
    public int hashCode() {
        return mailboxes.hashCode();
    }

    @Override
    public String toString() {
        return mailboxes.toString();
    }

    /** One mailbox: its name where it was read, and its annotations (key, as James writes it, to value), sorted. */
    public static final class Mailbox {
        private final String name;
        private final Map<String, String> annotations;

        @JsonCreator
        public Mailbox(@JsonProperty("name") String name, @JsonProperty("annotations") Map<String, String> annotations) {
            this.name = Objects.requireNonNull(name);
            this.annotations = annotations == null ? ImmutableSortedMap.of() : ImmutableSortedMap.copyOf(annotations);
        }

        @JsonProperty("name")
        public String name() {
            return name;
        }

        @JsonProperty("annotations")
        public Map<String, String> annotations() {
            return annotations;
        }

        public Optional<String> value(String key) {
            return Optional.ofNullable(annotations.get(key));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Mailbox && name.equals(((Mailbox) other).name)
                && annotations.equals(((Mailbox) other).annotations);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, annotations);
        }

        @Override
        public String toString() {
            return name + annotations;
        }
    }
}

package dev.jamesreplicator.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

/**
 * One mailbox on one server: its name, UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and messages by UID,
 * and the server's own id of it (James's MailboxId: a mailbox deleted and created again under
 * the same name and UIDVALIDITY is another mailbox, with another id).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class MailboxState {
    private final String name;
    private final long uidValidity;
    private final long uidNext;
    private final long highestModSeq;
    private final List<MessageState> messages;
    private final String id;

    @JsonCreator
    public MailboxState(@JsonProperty("name") String name, @JsonProperty("uidValidity") long uidValidity,
                        @JsonProperty("uidNext") long uidNext, @JsonProperty("highestModSeq") long highestModSeq,
                        @JsonProperty("messages") List<MessageState> messages, @JsonProperty("id") String id) {
        this.name = name;
        this.uidValidity = uidValidity;
        this.uidNext = uidNext;
        this.highestModSeq = highestModSeq;
        this.messages = messages == null ? ImmutableList.of() : ImmutableList.copyOf(messages);
        this.id = id;
    }

    public MailboxState(String name, long uidValidity, long uidNext, long highestModSeq, List<MessageState> messages) {
        this(name, uidValidity, uidNext, highestModSeq, messages, null);
    }

    @JsonProperty("name")
    public String name() {
        return name;
    }

    @JsonProperty("uidValidity")
    public long uidValidity() {
        return uidValidity;
    }

    @JsonProperty("uidNext")
    public long uidNext() {
        return uidNext;
    }

    @JsonProperty("highestModSeq")
    public long highestModSeq() {
        return highestModSeq;
    }

    /** Ordered by UID. */
    @JsonProperty("messages")
    public List<MessageState> messages() {
        return messages;
    }

    /** The server's own id of this mailbox, or null from a peer that sends none. */
    @JsonProperty("id")
    public String id() {
        return id;
    }

    public Optional<MessageState> message(long uid) {
        return messages.stream().filter(message -> message.uid() == uid).findFirst();
    }

    public MailboxState renamed(String newName) {
        return new MailboxState(newName, uidValidity, uidNext, highestModSeq, messages, id);
    }

    /** The same mailbox holding {@code messages} instead. */
    public MailboxState withMessages(List<MessageState> messages) {
        return new MailboxState(name, uidValidity, uidNext, highestModSeq, messages, id);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MailboxState)) {
            return false;
        }
        MailboxState other = (MailboxState) o;
        return uidValidity == other.uidValidity && uidNext == other.uidNext && highestModSeq == other.highestModSeq
            && name.equals(other.name) && Objects.equals(id, other.id) && messages.equals(other.messages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, uidValidity, uidNext, highestModSeq, id, messages.size());
    }

    @Override
    public String toString() {
        return name + " (uidvalidity " + uidValidity + ", uidnext " + uidNext + ", " + messages.size() + " messages)";
    }
}

package dev.jamesreplicator.sync;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

/** One mailbox on one server: its name, UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and messages by UID. */
public final class MailboxState {
    private final String name;
    private final long uidValidity;
    private final long uidNext;
    private final long highestModSeq;
    private final List<MessageState> messages;

    @JsonCreator
    public MailboxState(@JsonProperty("name") String name, @JsonProperty("uidValidity") long uidValidity,
                        @JsonProperty("uidNext") long uidNext, @JsonProperty("highestModSeq") long highestModSeq,
                        @JsonProperty("messages") List<MessageState> messages) {
        this.name = name;
        this.uidValidity = uidValidity;
        this.uidNext = uidNext;
        this.highestModSeq = highestModSeq;
        this.messages = messages == null ? ImmutableList.of() : ImmutableList.copyOf(messages);
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

    public Optional<MessageState> message(long uid) {
        return messages.stream().filter(message -> message.uid() == uid).findFirst();
    }

    public MailboxState renamed(String newName) {
        return new MailboxState(newName, uidValidity, uidNext, highestModSeq, messages);
    }

    @Override
    public String toString() {
        return name + " (uidvalidity " + uidValidity + ", uidnext " + uidNext + ", " + messages.size() + " messages)";
    }
}

package dev.jamesreplicator.model;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a message is, as opposed to its flags and MODSEQ, which change: its SHA-256, size and
 * internal date. A stored message's bytes never change and James never reuses a UID in a
 * mailbox, so the common state records it once per message. An array on disk and on the wire.
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"hash", "size", "internalDate"})
public final class MessageIdentity {
    private final String hash;
    private final long size;
    private final long internalDate;

    @JsonCreator
    public MessageIdentity(@JsonProperty("hash") String hash, @JsonProperty("size") long size,
                           @JsonProperty("internalDate") long internalDate) {
        this.hash = hash;
        this.size = size;
        this.internalDate = internalDate;
    }

    public static MessageIdentity of(MessageState message) {
        return new MessageIdentity(message.hash(), message.size(), message.internalDate());
    }

    @JsonProperty("hash")
    public String hash() {
        return hash;
    }

    @JsonProperty("size")
    public long size() {
        return size;
    }

    @JsonProperty("internalDate")
    public long internalDate() {
        return internalDate;
    }

    /** True when {@code message} is this message (only a known hash counts: without one nothing is certain). */
    public boolean isOf(MessageState message) {
        return hash != null && hash.equals(message.hash()) && size == message.size() && internalDate == message.internalDate();
    }

    /** The message with this identity under {@code uid}, with these flags and MODSEQ. */
    public MessageState message(long uid, long modSeq, java.util.List<String> flags) {
        return new MessageState(uid, modSeq, flags, internalDate, size, hash);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MessageIdentity)) {
            return false;
        }
        MessageIdentity other = (MessageIdentity) o;
        return size == other.size && internalDate == other.internalDate && Objects.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hash, size, internalDate);
    }

    @Override
    public String toString() {
        return hash + "/" + size + "/" + internalDate;
    }
}

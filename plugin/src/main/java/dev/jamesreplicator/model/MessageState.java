package dev.jamesreplicator.model;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

/** One message as sync sees it: identity (UID), version (MODSEQ), flags, internal date, size. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class MessageState {
    private final long uid;
    private final long modSeq;
    private final List<String> flags;
    private final long internalDate;
    private final long size;
    private final String hash;

    @JsonCreator
    public MessageState(@JsonProperty("uid") long uid, @JsonProperty("modSeq") long modSeq,
                        @JsonProperty("flags") List<String> flags, @JsonProperty("internalDate") long internalDate,
                        @JsonProperty("size") long size, @JsonProperty("hash") String hash) {
        this.uid = uid;
        this.modSeq = modSeq;
        this.flags = flags == null ? ImmutableList.of() : ImmutableList.sortedCopyOf(flags);
        this.internalDate = internalDate;
        this.size = size;
        this.hash = hash;
    }

    /** The same message under another UID (and MODSEQ: 0 lets the target choose). */
    public MessageState renumbered(long newUid, long newModSeq) {
        return new MessageState(newUid, newModSeq, flags, internalDate, size, hash);
    }

    @JsonProperty("uid")
    public long uid() {
        return uid;
    }

    @JsonProperty("modSeq")
    public long modSeq() {
        return modSeq;
    }

    /** System flags as {@code \Seen} etc., then keywords; sorted; never {@code \Recent}. */
    @JsonProperty("flags")
    public List<String> flags() {
        return flags;
    }

    /** Milliseconds since the epoch. */
    @JsonProperty("internalDate")
    public long internalDate() {
        return internalDate;
    }

    @JsonProperty("size")
    public long size() {
        return size;
    }

    /** SHA-256 of the message bytes, hex; identifies the message across servers. */
    @JsonProperty("hash")
    public String hash() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MessageState)) {
            return false;
        }
        MessageState other = (MessageState) o;
        return uid == other.uid && modSeq == other.modSeq && internalDate == other.internalDate && size == other.size
            && flags.equals(other.flags) && Objects.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uid, modSeq, flags, internalDate, size, hash);
    }

    @Override
    public String toString() {
        return "uid " + uid + " modseq " + modSeq + " " + flags + " " + size + " bytes";
    }
}

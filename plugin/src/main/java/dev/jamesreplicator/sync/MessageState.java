package dev.jamesreplicator.sync;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

/** One message as sync sees it: identity (UID), version (MODSEQ), flags, internal date, size. */
public final class MessageState {
    private final long uid;
    private final long modSeq;
    private final List<String> flags;
    private final long internalDate;
    private final long size;

    @JsonCreator
    public MessageState(@JsonProperty("uid") long uid, @JsonProperty("modSeq") long modSeq,
                        @JsonProperty("flags") List<String> flags, @JsonProperty("internalDate") long internalDate,
                        @JsonProperty("size") long size) {
        this.uid = uid;
        this.modSeq = modSeq;
        this.flags = flags == null ? ImmutableList.of() : ImmutableList.sortedCopyOf(flags);
        this.internalDate = internalDate;
        this.size = size;
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

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MessageState)) {
            return false;
        }
        MessageState other = (MessageState) o;
        return uid == other.uid && modSeq == other.modSeq && internalDate == other.internalDate && size == other.size
            && flags.equals(other.flags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uid, modSeq, flags, internalDate, size);
    }

    @Override
    public String toString() {
        return "uid " + uid + " modseq " + modSeq + " " + flags + " " + size + " bytes";
    }
}

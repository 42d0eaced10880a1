package dev.jamesreplicator.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The first frame each side sends: who it is, which protocol it speaks, and its fresh nonce. */
public final class Hello {
    private final int protocol;
    private final String node;
    private final String nonce;

    @JsonCreator
    public Hello(@JsonProperty("protocol") int protocol, @JsonProperty("node") String node, @JsonProperty("nonce") String nonce) {
        this.protocol = protocol;
        this.node = node;
        this.nonce = nonce;
    }

    @JsonProperty("protocol")
    public int protocol() {
        return protocol;
    }

    @JsonProperty("node")
    public String node() {
        return node;
    }

    @JsonProperty("nonce")
    public String nonce() {
        return nonce;
    }
}

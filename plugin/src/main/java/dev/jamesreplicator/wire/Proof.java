package dev.jamesreplicator.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A side's answer to the challenge: see {@link MutualAuth}. */
public final class Proof {
    private final String mac;

    @JsonCreator
    public Proof(@JsonProperty("mac") String mac) {
        this.mac = mac;
    }

    @JsonProperty("mac")
    public String mac() {
        return mac;
    }
}

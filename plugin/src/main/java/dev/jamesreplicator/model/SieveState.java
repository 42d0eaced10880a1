package dev.jamesreplicator.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableSortedMap;

/**
 * One user's Sieve scripts on one server as sync compares them: each script's name and the
 * SHA-256 of its bytes, and the active script's name. Also the common state of the last session.
 */
public final class SieveState {
    public static final SieveState NONE = new SieveState(null, null);

    private final Map<String, String> scripts;
    private final String active;

    @JsonCreator
    public SieveState(@JsonProperty("scripts") Map<String, String> scripts,
                      @JsonProperty("active") String active) {
        this.scripts = scripts == null ? ImmutableSortedMap.of() : ImmutableSortedMap.copyOf(scripts);
        this.active = active == null || active.isEmpty() ? null : active;
    }

    /** Script name to the SHA-256 (hex) of its content, sorted by name. */
    @JsonProperty("scripts")
    public Map<String, String> scripts() {
        return scripts;
    }

    public Optional<String> sha256(String name) {
        return Optional.ofNullable(scripts.get(name));
    }

    @JsonProperty("active")
    public String activeName() {
        return active;
    }

    public Optional<String> active() {
        return Optional.ofNullable(active);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SieveState
            && scripts.equals(((SieveState) other).scripts)
            && Objects.equals(active, ((SieveState) other).active);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scripts, active);
    }

    @Override
    public String toString() {
        return scripts + " active " + (active == null ? "none" : active);
    }
}

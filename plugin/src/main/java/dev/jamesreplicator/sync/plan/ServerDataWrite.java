package dev.jamesreplicator.sync.plan;

import java.util.Objects;
import java.util.Optional;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.model.Side;

/**
 * Set one server-wide item on one side to {@code value} (empty: remove it), if that side still
 * holds {@code replacing}. {@code conflict}: both sides changed it apart and the tie-break
 * overrules {@code replacing}, which the session logs.
 */
public final class ServerDataWrite {
    private final Side target;
    private final String kind;
    private final String key;
    private final Optional<String> value;
    private final Optional<String> replacing;
    private final boolean conflict;

    public ServerDataWrite(Side target, String kind, String key, Optional<String> value, Optional<String> replacing,
                           boolean conflict) {
        this.target = target;
        this.kind = kind;
        this.key = key;
        this.value = value;
        this.replacing = replacing;
        this.conflict = conflict;
    }

    public Side target() {
        return target;
    }

    public String kind() {
        return kind;
    }

    public String key() {
        return key;
    }

    public Optional<String> value() {
        return value;
    }

    public Optional<String> replacing() {
        return replacing;
    }

    public boolean conflict() {
        return conflict;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof ServerDataWrite)) {
            return false;
        }
        ServerDataWrite that = (ServerDataWrite) other;
        return target == that.target && kind.equals(that.kind) && key.equals(that.key) && value.equals(that.value)
            && replacing.equals(that.replacing) && conflict == that.conflict;
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, kind, key, value, replacing, conflict);
    }

    @Override
    public String toString() {
        return (value.isPresent() ? "set " : "remove ") + kind + " " + key + value.filter(v -> !v.isEmpty()).map(v -> " = " + ServerItems.shown(kind, v)).orElse("")
            + " on " + target + (conflict ? " (both changed it: the tie-break's value)" : "");
    }
}

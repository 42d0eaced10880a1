package dev.jamesreplicator.sieve;

import java.util.Objects;
import java.util.Optional;

/** One change a user made to their Sieve scripts, as the repository was asked for it. */
public final class SieveChange {
    /** The four {@code SieveRepository} methods that change anything. */
    public enum Kind {
        PUT,
        DELETE,
        RENAME,
        ACTIVATE
    }

    private final Kind kind;
    private final String name;
    private final String newName;

    private SieveChange(Kind kind, String name, String newName) {
        this.kind = kind;
        this.name = name;
        this.newName = newName;
    }

    public static SieveChange put(String name) {
        return new SieveChange(Kind.PUT, Objects.requireNonNull(name), null);
    }

    public static SieveChange delete(String name) {
        return new SieveChange(Kind.DELETE, Objects.requireNonNull(name), null);
    }

    public static SieveChange rename(String from, String to) {
        return new SieveChange(Kind.RENAME, Objects.requireNonNull(from), Objects.requireNonNull(to));
    }

    /** An empty or blank name leaves no script active, as James reads it. */
    public static SieveChange activate(String name) {
        return new SieveChange(Kind.ACTIVATE, name == null || name.trim().isEmpty() ? null : name, null);
    }

    /**
     * The change a call of {@code SieveRepository}'s {@code method} ({@code putScript},
     * {@code deleteScript}, {@code renameScript}, {@code setActive}) makes to script {@code name}
     * ({@code newName}: a rename's).
     */
    public static SieveChange ofRepositoryCall(String method, String name, String newName) {
        switch (method) {
            case "putScript":
                return put(name);
            case "deleteScript":
                return delete(name);
            case "renameScript":
                return rename(name, newName);
            case "setActive":
                return activate(name);
            default:
                throw new IllegalArgumentException("not a SieveRepository method that changes scripts: " + method);
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The script put, deleted, renamed (its old name) or activated; empty for a deactivation. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** A rename's new name. */
    public Optional<String> newName() {
        return Optional.ofNullable(newName);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SieveChange && kind == ((SieveChange) other).kind
            && Objects.equals(name, ((SieveChange) other).name) && Objects.equals(newName, ((SieveChange) other).newName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, newName);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + (name == null ? "" : " " + name) + (newName == null ? "" : " " + newName);
    }
}

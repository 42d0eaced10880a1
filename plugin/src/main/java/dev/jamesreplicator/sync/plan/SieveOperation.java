package dev.jamesreplicator.sync.plan;

import java.util.Objects;
import java.util.Optional;

import dev.jamesreplicator.model.Side;

/**
 * One step of a {@link SievePlan}, carried out on its target side. Plain data; whatever acts
 * per kind does it through a {@link Visitor}, so a new kind does not compile until each such
 * place handles it.
 */
public abstract class SieveOperation {
    private final Side target;

    SieveOperation(Side target) {
        this.target = target;
    }

    public Side target() {
        return target;
    }

    public abstract <R> R accept(Visitor<R> visitor);

    /** One method per kind of operation. */
    public interface Visitor<R> {
        R visit(PutScript put);

        R visit(Activate activate);

        R visit(DeleteScript delete);
    }

    /**
     * Writes the content of script {@code sourceName} on side {@code source} as script
     * {@code name} on the target (the same name but for a conflict's copy). The content must
     * still have {@code sha256}, and the target still hold what the plan saw there
     * ({@link #replacing}): a script changed since the state was read fails the step.
     */
    public static final class PutScript extends SieveOperation {
        private final String name;
        private final String sha256;
        private final Side source;
        private final String sourceName;
        private final String replacing;

        public PutScript(Side target, String name, String sha256, Side source, String sourceName, Optional<String> replacing) {
            super(target);
            this.name = Objects.requireNonNull(name);
            this.sha256 = Objects.requireNonNull(sha256);
            this.source = Objects.requireNonNull(source);
            this.sourceName = Objects.requireNonNull(sourceName);
            this.replacing = replacing.orElse(null);
        }

        /** The SHA-256 of the script of that name on the target as the plan saw it; empty if it had none. */
        public Optional<String> replacing() {
            return Optional.ofNullable(replacing);
        }

        public String name() {
            return name;
        }

        public String sha256() {
            return sha256;
        }

        public Side source() {
            return source;
        }

        public String sourceName() {
            return sourceName;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

        @Override
        public String toString() {
            return "put " + name + " (" + sha256 + ") on " + target()
                + (name.equals(sourceName) ? " from " + source : " from " + source + " " + sourceName);
        }
    }

    /** Makes the named script the active one on the target, or with none, leaves none active. */
    public static final class Activate extends SieveOperation {
        private final String name;
        private final String replacing;

        public Activate(Side target, Optional<String> name, Optional<String> replacing) {
            super(target);
            this.name = name.orElse(null);
            this.replacing = replacing.orElse(null);
        }

        /** The target's active script as the plan saw it. */
        public Optional<String> replacing() {
            return Optional.ofNullable(replacing);
        }

        public Optional<String> name() {
            return Optional.ofNullable(name);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

        @Override
        public String toString() {
            return name == null ? "deactivate on " + target() : "activate " + name + " on " + target();
        }
    }

    /** Deletes the script on the target (never the active one: the plan changes that first). */
    public static final class DeleteScript extends SieveOperation {
        private final String name;
        private final String sha256;

        public DeleteScript(Side target, String name, String sha256) {
            super(target);
            this.name = Objects.requireNonNull(name);
            this.sha256 = Objects.requireNonNull(sha256);
        }

        /** The script's SHA-256 on the target as the plan saw it: a script changed since is not deleted. */
        public String sha256() {
            return sha256;
        }

        public String name() {
            return name;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

        @Override
        public String toString() {
            return "delete " + name + " on " + target();
        }
    }
}

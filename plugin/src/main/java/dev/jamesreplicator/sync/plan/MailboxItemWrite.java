package dev.jamesreplicator.sync.plan;

import java.util.Objects;
import java.util.Optional;

import dev.jamesreplicator.model.Side;

/**
 * One step of an {@link MailboxItemPlan}: on the target side, the mailbox of UIDVALIDITY
 * {@code uidValidity} (named {@code mailbox} there) gets {@code value} for {@code key}, or with
 * none loses the key; only if the key still holds {@link #replacing} (what the plan saw there),
 * else the step fails and the session plans again. One kind of step is enough: an annotation is
 * a value or nothing.
 */
public final class MailboxItemWrite {
    private final Side target;
    private final long uidValidity;
    private final String mailbox;
    private final String key;
    private final String value;
    private final String replacing;
    private final boolean conflict;

    public MailboxItemWrite(Side target, long uidValidity, String mailbox, String key, Optional<String> value,
                           Optional<String> replacing, boolean conflict) {
        this.target = Objects.requireNonNull(target);
        this.uidValidity = uidValidity;
        this.mailbox = Objects.requireNonNull(mailbox);
        this.key = Objects.requireNonNull(key);
        this.value = value.orElse(null);
        this.replacing = replacing.orElse(null);
        this.conflict = conflict;
    }

    public Side target() {
        return target;
    }

    public long uidValidity() {
        return uidValidity;
    }

    /** The mailbox's name on the target as the plan saw it. */
    public String mailbox() {
        return mailbox;
    }

    public String key() {
        return key;
    }

    /** The new value; empty: the key is removed. */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /** The key's value on the target as the plan saw it; empty if it had none. */
    public Optional<String> replacing() {
        return Optional.ofNullable(replacing);
    }

    /** Both sides changed the key apart, and this overrules the target's value (docs/metadata.md). */
    public boolean conflict() {
        return conflict;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof MailboxItemWrite)) {
            return false;
        }
        MailboxItemWrite that = (MailboxItemWrite) other;
        return target == that.target && uidValidity == that.uidValidity && mailbox.equals(that.mailbox)
            && key.equals(that.key) && Objects.equals(value, that.value) && Objects.equals(replacing, that.replacing)
            && conflict == that.conflict;
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, uidValidity, mailbox, key, value, replacing, conflict);
    }

    @Override
    public String toString() {
        return (value == null ? "remove " + key : "set " + key) + " of " + mailbox + " (uidvalidity " + uidValidity
            + ") on " + target + (conflict ? " (conflict)" : "");
    }
}

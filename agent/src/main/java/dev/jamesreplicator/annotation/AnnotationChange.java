package dev.jamesreplicator.annotation;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.apache.james.mailbox.model.MailboxAnnotation;

/**
 * One SETMETADATA as it reached James's annotation manager: the mailbox (owner and name), the
 * keys it set and the keys it removed (NIL). Keys as James writes them, e.g. {@code /private/comment}.
 */
public final class AnnotationChange {
    private final String owner;
    private final String mailbox;
    private final Set<String> set;
    private final Set<String> removed;

    public AnnotationChange(String owner, String mailbox, Set<String> set, Set<String> removed) {
        this.owner = Objects.requireNonNull(owner);
        this.mailbox = Objects.requireNonNull(mailbox);
        this.set = Set.copyOf(new TreeSet<>(set));
        this.removed = Set.copyOf(new TreeSet<>(removed));
    }

    /** The change a call of {@code updateAnnotations} on {@code owner}'s {@code mailbox} makes. */
    public static AnnotationChange of(String owner, String mailbox, List<MailboxAnnotation> annotations) {
        Set<String> set = new TreeSet<>();
        Set<String> removed = new TreeSet<>();
        for (MailboxAnnotation annotation : annotations) {
            String key = annotation.getKey().asString();
            // James applies them in order: the last word on a key is what it holds after.
            set.remove(key);
            removed.remove(key);
            (annotation.isNil() ? removed : set).add(key);
        }
        return new AnnotationChange(owner, mailbox, set, removed);
    }

    /** The user whose mailbox it is (the one to sync), not necessarily the one who asked. */
    public String owner() {
        return owner;
    }

    public String mailbox() {
        return mailbox;
    }

    public Set<String> set() {
        return set;
    }

    public Set<String> removed() {
        return removed;
    }

    @Override
    public String toString() {
        return mailbox + " set " + new TreeSet<>(set) + " removed " + new TreeSet<>(removed);
    }
}

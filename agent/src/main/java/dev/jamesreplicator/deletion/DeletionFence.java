package dev.jamesreplicator.deletion;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;

/**
 * Mailbox deletions under way, per owner, so that a sync never plans from a state read while one
 * ran, nor creates a mailbox while one runs. James makes a deleted mailbox invisible before its
 * event reaches the journal's listener, which writes the tombstone; a state read in between would
 * show the mailbox gone without a tombstone, and the sync would recreate it from the twin, undoing
 * the user's delete. On JPA the deletion's rows go only when its transaction commits, after
 * {@code doDeleteMailbox} has returned: a deletion is under way until that commit (or rollback).
 *
 * <p>The agent counts every deletion from the call of StoreMailboxManager's public
 * {@code deleteMailbox}/{@code deleteMailboxReactive} to the end of its transaction ({@link #begin},
 * {@link #around}); the plugin takes a
 * {@link #quietMark} before and after reading a user's state and plans only when both are the same
 * and not -1, and creates or renames a mailbox only when the mark is not -1.
 */
public final class DeletionFence {
    private static final ConcurrentMap<String, Counts> OWNERS = new ConcurrentHashMap<>();

    private DeletionFence() {
    }

    /**
     * The deletion as James built it, counted from its subscription until it ends, however it
     * ends; the end is counted before James's caller hears of it.
     */
    public static <T> Mono<T> around(Mono<T> deletion, String owner) {
        return Mono.defer(() -> {
            Deletion underWay = begin(owner);
            return deletion.doOnTerminate(underWay::end).doOnCancel(underWay::end);
        });
    }

    /** A deletion of {@code owner}'s mailbox begins on this thread; it is under way until {@link Deletion#end}. */
    public static Deletion begin(String owner) {
        Counts counts = OWNERS.computeIfAbsent(owner, any -> new Counts());
        counts.begin();
        return new Deletion(counts);
    }

    /** One deletion under way; its end is counted once, however often it is reported. */
    public static final class Deletion {
        private final Counts counts;
        private final AtomicBoolean ended = new AtomicBoolean();

        private Deletion(Counts counts) {
            this.counts = counts;
        }

        public void end() {
            if (ended.compareAndSet(false, true)) {
                counts.end();
            }
        }
    }

    /**
     * How many deletions of {@code owner}'s mailboxes have begun in this JVM, or -1 while one is
     * under way. Two equal marks (not -1) around a read mean no deletion overlapped it.
     */
    public static long quietMark(String owner) {
        Counts counts = OWNERS.get(owner);
        return counts == null ? 0 : counts.mark();
    }

    private static final class Counts {
        private long begun;
        private int underWay;

        synchronized void begin() {
            begun++;
            underWay++;
        }

        synchronized void end() {
            underWay--;
        }

        synchronized long mark() {
            return underWay > 0 ? -1 : begun;
        }
    }
}

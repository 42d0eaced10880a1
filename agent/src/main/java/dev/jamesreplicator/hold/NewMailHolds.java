package dev.jamesreplicator.hold;

import java.util.concurrent.CompletionStage;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The hook between James's append path and the plugin's {@link NewMailHold}. This class sits in
 * the agent jar, on the system class path, so that James's classes and the plugin (a child class
 * loader) share one copy. With no hold installed, appends are left as they are.
 */
public final class NewMailHolds {
    private static volatile NewMailHold installed;

    private NewMailHolds() {
    }

    public static void install(NewMailHold hold) {
        installed = hold;
    }

    /** Removes {@code hold} if it is the one installed (a later install is left alone). */
    public static void uninstall(NewMailHold hold) {
        if (installed == hold) {
            installed = null;
        }
    }

    /**
     * The append as James built it, then the hold. James's append emits its result once the
     * mailbox lock is released, so the wait never holds the lock a sync into the same mailbox needs.
     * A failed append is not held.
     */
    public static <T> Mono<T> holdAfter(Mono<T> append, String owner, long sessionId) {
        NewMailHold hold = installed;
        if (hold == null) {
            return append;
        }
        return append.flatMap(result -> {
            CompletionStage<?> released = hold.afterAppend(owner, sessionId);
            if (released == null || released.toCompletableFuture().isDone()) {
                return Mono.just(result);
            }
            // Continue on a Reactor worker, not on the plugin thread that completes the stage.
            return Mono.fromCompletionStage(released)
                .onErrorResume(error -> Mono.empty())
                .then(Mono.just(result))
                .publishOn(Schedulers.boundedElastic());
        });
    }
}

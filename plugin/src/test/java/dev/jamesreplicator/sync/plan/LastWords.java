package dev.jamesreplicator.sync.plan;

import java.util.Optional;

/** The oracle the keyed items' property tests share (mailbox items, server data). */
final class LastWords {
    private LastWords() {
    }

    /**
     * What an item must hold after the next complete session, from the last words of a's and b's
     * users since the last one (null: none; empty: a removal): untouched, the common value; one
     * side's word; of two values, b's (its node name sorts last); a value over a removal.
     */
    static Optional<String> after(Optional<String> wordA, Optional<String> wordB, Optional<String> common) {
        if (wordA == null && wordB == null) {
            return common;
        }
        if (wordA == null || wordB == null) {
            return wordA == null ? wordB : wordA;
        }
        if (wordA.isPresent() && wordB.isPresent()) {
            return wordB;
        }
        return wordA.or(() -> wordB);
    }
}

package dev.jamesreplicator.tools.pair;

/** A job of bin/james-pair that failed: the message is what james-pair prints before it exits 1. */
final class PairToolException extends Exception {
    PairToolException(String message) {
        super(message);
    }

    PairToolException(String message, Throwable cause) {
        super(message, cause);
    }
}

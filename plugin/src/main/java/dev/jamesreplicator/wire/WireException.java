package dev.jamesreplicator.wire;

/** A peer broke the protocol, failed authentication, or the link failed. */
public class WireException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WireException(String message) {
        super(message);
    }

    public WireException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.jamesreplicator.wire;

/** The kinds of frame on the replication port. */
public enum FrameType {
    /** Protocol version, node name and a fresh nonce; each side sends one first. */
    HELLO(1),
    /** Proof of knowing the shared password, bound to both nonces and both names. */
    PROOF(2),
    /** A request of the sync protocol, after authentication. */
    CALL(3),
    /** The answer to a call. */
    REPLY(4),
    /** Raw message bytes that go with the call or reply before it. */
    BODY(5),
    /** A refusal; the sender closes the connection after it. */
    ERROR(6);

    private final byte code;

    FrameType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static FrameType fromCode(byte code) {
        for (FrameType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new WireException("unknown frame type " + code);
    }
}

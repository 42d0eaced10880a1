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
    /**
     * A whole message that goes with the call or reply before it, as the session code sees it: a
     * {@code MessageContent}, streamed. Never on the wire as such: it travels as
     * {@link #BODY_CHUNK}s and a {@link #BODY_END}.
     */
    BODY(5),
    /** A refusal; the sender closes the connection after it. */
    ERROR(6),
    /** Up to {@link WireLimits#BODY_CHUNK_BYTES} bytes of a message body. */
    BODY_CHUNK(7),
    /** Ends a body: its total length, 8 bytes big-endian, checked against the chunks received. */
    BODY_END(8),
    /**
     * After authentication: ends the sync session on this connection (the serving side releases
     * the user it locked) and is answered by an END; the connection may then carry another
     * session. Empty payload.
     */
    END(9),
    /** After authentication: answered by a PING; keeps a connection that waits between sessions open. Empty payload. */
    PING(10);

    private final byte code;

    FrameType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The type of a frame read from the wire; {@link #BODY} is not one. */
    public static FrameType fromCode(byte code) {
        for (FrameType type : values()) {
            if (type.code == code && type != BODY) {
                return type;
            }
        }
        throw new WireException("unknown frame type " + code);
    }
}

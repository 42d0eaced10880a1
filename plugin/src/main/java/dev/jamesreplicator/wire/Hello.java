package dev.jamesreplicator.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The first frame each side sends: who it is, which protocol it speaks, and its fresh nonce; the
 * server's also carries its salt and iteration count, from which both sides derive the key
 * ({@link MutualAuth}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Hello {
    private final int protocol;
    private final String node;
    private final String nonce;
    private final String salt;
    private final Integer iterations;

    /** A client's. */
    public Hello(int protocol, String node, String nonce) {
        this(protocol, node, nonce, null, null);
    }

    @JsonCreator
    public Hello(@JsonProperty("protocol") int protocol, @JsonProperty("node") String node, @JsonProperty("nonce") String nonce,
                 @JsonProperty("salt") String salt, @JsonProperty("iterations") Integer iterations) {
        this.protocol = protocol;
        this.node = node;
        this.nonce = nonce;
        this.salt = salt;
        this.iterations = iterations;
    }

    /** A server's, with the salt and iteration count it asks for. */
    static Hello server(String node, String nonce, ServerSalt salt) {
        return new Hello(MutualAuth.PROTOCOL_VERSION, node, nonce, salt.salt(), salt.iterations());
    }

    @JsonProperty("protocol")
    public int protocol() {
        return protocol;
    }

    @JsonProperty("node")
    public String node() {
        return node;
    }

    @JsonProperty("nonce")
    public String nonce() {
        return nonce;
    }

    /** The server's salt (Base64); absent in a client's HELLO. */
    @JsonProperty("salt")
    public String salt() {
        return salt;
    }

    /** The server's PBKDF2 iteration count; absent in a client's HELLO. */
    @JsonProperty("iterations")
    public Integer iterations() {
        return iterations;
    }
}

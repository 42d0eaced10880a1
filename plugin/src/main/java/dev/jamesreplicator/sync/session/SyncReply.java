package dev.jamesreplicator.sync.session;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.UserState;
import dev.jamesreplicator.sync.SyncException;

/** The answer to a {@link SyncCall}; a BODY frame follows the answer to FETCH. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class SyncReply {
    private final SyncException.Code error;
    private final String detail;
    private final UserState state;
    private final MessageState message;
    private final String node;
    private final StateDelta delta;
    private final Boolean stale;
    private final Boolean startsThread;
    private final Boolean gone;
    private final List<String> noReplicate;
    private final SieveAnswer sieve;
    private final MailboxItemAnswer annotations;
    private final MailboxItemAnswer acl;
    private final ServerDataAnswer serverData;

    @JsonCreator
    public SyncReply(@JsonProperty("error") SyncException.Code error, @JsonProperty("detail") String detail,
                     @JsonProperty("state") UserState state, @JsonProperty("message") MessageState message,
                     @JsonProperty("node") String node, @JsonProperty("delta") StateDelta delta,
                     @JsonProperty("stale") Boolean stale,
                     @JsonProperty("startsThread") Boolean startsThread, @JsonProperty("gone") Boolean gone,
                     @JsonProperty("noReplicate") List<String> noReplicate,
                     @JsonProperty("sieve") SieveAnswer sieve,
                     @JsonProperty("annotations") MailboxItemAnswer annotations,
                     @JsonProperty("acl") MailboxItemAnswer acl,
                     @JsonProperty("serverData") ServerDataAnswer serverData) {
        this.serverData = serverData;
        this.annotations = annotations;
        this.acl = acl;
        this.sieve = sieve;
        this.noReplicate = noReplicate;
        this.node = node;
        this.error = error;
        this.detail = detail;
        this.state = state;
        this.message = message;
        this.delta = delta;
        this.stale = stale;
        this.startsThread = startsThread;
        this.gone = gone;
    }

    private SyncReply(SyncException.Code error, String detail, UserState state, MessageState message, String node,
                      StateDelta delta, Boolean stale, Boolean startsThread, Boolean gone, List<String> noReplicate) {
        this(error, detail, state, message, node, delta, stale, startsThread, gone, noReplicate, null, null, null, null);
    }

    /** The answer to a Sieve call that returns something. */
    public static SyncReply of(SieveAnswer sieve) {
        return new SyncReply(null, null, null, null, null, null, null, null, null, null, sieve, null, null, null);
    }

    /** The answer to ANNOTATION_STATE. */
    public static SyncReply of(MailboxItemAnswer annotations) {
        return new SyncReply(null, null, null, null, null, null, null, null, null, null, null, annotations, null, null);
    }

    /** The answer to ACL_STATE: the same shape as ANNOTATION_STATE's, an entry key to its rights (docs/acl.md). */
    public static SyncReply ofAcl(MailboxItemAnswer acl) {
        return new SyncReply(null, null, null, null, null, null, null, null, null, null, null, null, acl, null);
    }

    /** The answer to SERVER_DATA_STATE. */
    public static SyncReply of(ServerDataAnswer serverData) {
        return new SyncReply(null, null, null, null, null, null, null, null, null, null, null, null, null, serverData);
    }

    public static SyncReply ok() {
        return new SyncReply(null, null, null, null, null, null, null, null, null, null);
    }

    /** The answer to FETCH, before the body; {@code startsThread} as in {@link SyncCall.Append#startsThread()}. */
    public static SyncReply body(boolean startsThread) {
        return new SyncReply(null, null, null, null, null, null, null, startsThread ? Boolean.TRUE : null, null, null);
    }

    public static SyncReply of(UserState state) {
        return new SyncReply(null, null, state, null, null, null, null, null, null, null);
    }

    public static SyncReply of(StateDelta delta) {
        return new SyncReply(null, null, null, null, null, delta, null, null, null, null);
    }

    public static SyncReply of(MessageState message) {
        return new SyncReply(null, null, null, message, null, null, null, null, null, null);
    }

    /**
     * The answer to OPEN: the serving node's name (the tie-break in conflicts). Every server of
     * protocol version 8 serves every call, Sieve, annotations, ACLs and server data included: OPEN lists no
     * features.
     */
    public static SyncReply opened(String node) {
        return new SyncReply(null, null, null, null, node, null, null, null, null, null);
    }

    /** The answer to a COMPLETE diff whose base this server does not hold: send the whole agreed state. */
    public static SyncReply staleBase() {
        return new SyncReply(null, null, null, null, null, null, true, null, null, null);
    }

    /** The answer to EXPUNGE_RENUMBERED when the message was no longer there (a client removed it during the session). */
    public static SyncReply alreadyGone() {
        return new SyncReply(null, null, null, null, null, null, null, null, true, null);
    }

    /** The answer to NO_REPLICATE: this server's masks, lower case and sorted. */
    public static SyncReply noReplicate(List<String> masks) {
        return new SyncReply(null, null, null, null, null, null, null, null, null, List.copyOf(masks));
    }

    public static SyncReply failed(SyncException error) {
        return new SyncReply(error.code(), error.getMessage(), null, null, null, null, null, null, null, null);
    }

    @JsonProperty("error")
    public SyncException.Code error() {
        return error;
    }

    @JsonProperty("detail")
    public String detail() {
        return detail;
    }

    @JsonProperty("state")
    public UserState state() {
        return state;
    }

    @JsonProperty("message")
    public MessageState message() {
        return message;
    }

    @JsonProperty("node")
    public String node() {
        return node;
    }

    @JsonProperty("delta")
    public StateDelta delta() {
        return delta;
    }

    @JsonProperty("stale")
    public Boolean stale() {
        return stale;
    }

    /** FETCH: the message began a thread of its own on the serving side; absent otherwise. */
    @JsonProperty("startsThread")
    public Boolean startsThread() {
        return startsThread;
    }

    /** EXPUNGE_RENUMBERED: the message was gone before the call (absent: it was removed by the call). */
    @JsonProperty("gone")
    public Boolean gone() {
        return gone;
    }

    /** NO_REPLICATE: the serving server's masks. */
    @JsonProperty("noReplicate")
    public List<String> noReplicate() {
        return noReplicate;
    }

    /** ANNOTATION_STATE: the answer. */
    @JsonProperty("annotations")
    public MailboxItemAnswer annotations() {
        return annotations;
    }

    @JsonProperty("acl")
    public MailboxItemAnswer acl() {
        return acl;
    }

    @JsonProperty("serverData")
    public ServerDataAnswer serverData() {
        return serverData;
    }

    /** SIEVE_STATE, SIEVE_CONTENT: the answer. */
    @JsonProperty("sieve")
    public SieveAnswer sieve() {
        return sieve;
    }

    /** The answer to a COMPLETE diff: this server does not hold its base and needs the whole agreed state. */
    public boolean wantsWholeState() {
        return Boolean.TRUE.equals(stale);
    }

    /** Turns a refusal back into the exception the serving side raised. */
    public SyncReply orThrow() {
        if (error != null) {
            throw new SyncException(error, "twin: " + detail);
        }
        return this;
    }
}

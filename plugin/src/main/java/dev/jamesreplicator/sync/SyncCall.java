package dev.jamesreplicator.sync;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A request of the sync protocol; a BODY frame follows when {@code op} is APPEND. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class SyncCall {
    public enum Op {
        /** Bind the connection to a user (locks the user on the server side). */
        OPEN,
        /** The user's state: whole, or with a request the changes since the common state (see {@link StateRequest}). */
        STATE,
        CREATE_MAILBOX,
        REPLACE_MAILBOX,
        APPEND,
        FETCH,
        /**
         * Store a copy of a message the serving side holds (mailbox, uidValidity, uid) as
         * {@code message} in {@code newName} of UIDVALIDITY {@code newUidValidity}: no body on the wire.
         */
        COPY,
        EXPUNGE,
        SET_FLAGS,
        /** MODSEQ alignment: the message's MODSEQ and the HIGHESTMODSEQ ({@code newUidValidity} is the MODSEQ). */
        RAISE_MESSAGE_MODSEQ,
        /** MODSEQ alignment: the HIGHESTMODSEQ alone, through message {@code uid}. */
        RAISE_HIGHEST_MODSEQ,
        /** UIDNEXT alignment: {@code uid} is the UIDNEXT wanted. */
        RAISE_UID_NEXT,
        DELETE_MAILBOX,
        RENAME_MAILBOX,
        SUBSCRIBE,
        UNSUBSCRIBE,
        /**
         * The plan ran to its end: the payload is the agreed state (or its diff from the common
         * state both sides hold) and the tombstones honoured.
         */
        COMPLETE
    }

    private final Op op;
    private final String user;
    private final String mailbox;
    private final Long uidValidity;
    private final Long uid;
    private final MessageState message;
    private final Integer expectedMessages;
    private final Long newUidValidity;
    private final String newName;
    private final java.util.List<String> flags;
    private final CommonState agreed;
    private final Tombstones honoured;
    private final StateRequest request;
    private final CommonStateDiff diff;

    @JsonCreator
    public SyncCall(@JsonProperty("op") Op op, @JsonProperty("user") String user, @JsonProperty("mailbox") String mailbox,
                    @JsonProperty("uidValidity") Long uidValidity, @JsonProperty("uid") Long uid,
                    @JsonProperty("message") MessageState message,
                    @JsonProperty("expectedMessages") Integer expectedMessages,
                    @JsonProperty("newUidValidity") Long newUidValidity,
                    @JsonProperty("newName") String newName,
                    @JsonProperty("flags") java.util.List<String> flags,
                    @JsonProperty("agreed") CommonState agreed,
                    @JsonProperty("honoured") Tombstones honoured,
                    @JsonProperty("request") StateRequest request,
                    @JsonProperty("diff") CommonStateDiff diff) {
        this.request = request;
        this.diff = diff;
        this.op = op;
        this.newName = newName;
        this.flags = flags;
        this.agreed = agreed;
        this.honoured = honoured;
        this.expectedMessages = expectedMessages;
        this.newUidValidity = newUidValidity;
        this.user = user;
        this.mailbox = mailbox;
        this.uidValidity = uidValidity;
        this.uid = uid;
        this.message = message;
    }

    public static SyncCall open(String user) {
        return new SyncCall(Op.OPEN, user, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** STATE answered incrementally: a {@link StateDelta}. */
    public static SyncCall state(StateRequest request) {
        return new SyncCall(Op.STATE, null, null, null, null, null, null, null, null, null, null, null, request, null);
    }

    /** COMPLETE with the diff from the common state both sides hold to the agreed one. */
    public static SyncCall complete(CommonStateDiff diff, Tombstones honoured) {
        return new SyncCall(Op.COMPLETE, null, null, null, null, null, null, null, null, null, null, honoured, null, diff);
    }

    public static SyncCall state() {
        return new SyncCall(Op.STATE, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static SyncCall onMailbox(Op op, String mailbox, long uidValidity) {
        return new SyncCall(op, null, mailbox, uidValidity, null, null, null, null, null, null, null, null, null, null);
    }

    public static SyncCall replace(String mailbox, long oldUidValidity, int expectedMessages, long newUidValidity) {
        return new SyncCall(Op.REPLACE_MAILBOX, null, mailbox, oldUidValidity, null, null, expectedMessages, newUidValidity, null, null, null, null, null, null);
    }

    public static SyncCall append(String mailbox, long uidValidity, MessageState message) {
        return new SyncCall(Op.APPEND, null, mailbox, uidValidity, null, message, null, null, null, null, null, null, null, null);
    }

    public static SyncCall fetch(String mailbox, long uidValidity, long uid) {
        return new SyncCall(Op.FETCH, null, mailbox, uidValidity, uid, null, null, null, null, null, null, null, null, null);
    }

    public static SyncCall copy(String sourceMailbox, long sourceUidValidity, long sourceUid,
                                String mailbox, long uidValidity, MessageState message) {
        return new SyncCall(Op.COPY, null, sourceMailbox, sourceUidValidity, sourceUid, message, null, uidValidity, mailbox, null,
            null, null, null, null);
    }

    public static SyncCall expunge(String mailbox, long uidValidity, long uid) {
        return new SyncCall(Op.EXPUNGE, null, mailbox, uidValidity, uid, null, null, null, null, null, null, null, null, null);
    }

    public static SyncCall setFlags(String mailbox, long uidValidity, long uid, java.util.List<String> flags, long modSeq) {
        return new SyncCall(Op.SET_FLAGS, null, mailbox, uidValidity, uid, null, null, modSeq, null, flags, null, null, null, null);
    }

    public static SyncCall raiseModSeq(String mailbox, long uidValidity, long uid, long modSeq, boolean messageToo) {
        return new SyncCall(messageToo ? Op.RAISE_MESSAGE_MODSEQ : Op.RAISE_HIGHEST_MODSEQ, null, mailbox, uidValidity, uid,
            null, null, modSeq, null, null, null, null, null, null);
    }

    public static SyncCall raiseUidNext(String mailbox, long uidValidity, long uidNext) {
        return new SyncCall(Op.RAISE_UID_NEXT, null, mailbox, uidValidity, uidNext, null, null, null, null, null, null, null,
            null, null);
    }

    public static SyncCall deleteMailbox(String mailbox, long uidValidity, int expectedMessages) {
        return new SyncCall(Op.DELETE_MAILBOX, null, mailbox, uidValidity, null, null, expectedMessages, null, null, null, null, null, null, null);
    }

    public static SyncCall renameMailbox(long uidValidity, String from, String to) {
        return new SyncCall(Op.RENAME_MAILBOX, null, from, uidValidity, null, null, null, null, to, null, null, null, null, null);
    }

    public static SyncCall subscription(String mailbox, boolean subscribed) {
        return new SyncCall(subscribed ? Op.SUBSCRIBE : Op.UNSUBSCRIBE, null, mailbox, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static SyncCall complete(CommonState agreed, Tombstones honoured) {
        return new SyncCall(Op.COMPLETE, null, null, null, null, null, null, null, null, null, agreed, honoured, null, null);
    }

    @JsonProperty("op")
    public Op op() {
        return op;
    }

    @JsonProperty("user")
    public String user() {
        return user;
    }

    @JsonProperty("mailbox")
    public String mailbox() {
        return mailbox;
    }

    @JsonProperty("uidValidity")
    public Long uidValidity() {
        return uidValidity;
    }

    @JsonProperty("uid")
    public Long uid() {
        return uid;
    }

    @JsonProperty("message")
    public MessageState message() {
        return message;
    }

    @JsonProperty("expectedMessages")
    public Integer expectedMessages() {
        return expectedMessages;
    }

    /** REPLACE_MAILBOX: the new UIDVALIDITY; SET_FLAGS and RAISE_*: the MODSEQ wanted; COPY: the target mailbox's UIDVALIDITY. */
    @JsonProperty("newUidValidity")
    public Long newUidValidity() {
        return newUidValidity;
    }

    /** RENAME_MAILBOX: the new name; COPY: the target mailbox. */
    @JsonProperty("newName")
    public String newName() {
        return newName;
    }

    @JsonProperty("flags")
    public java.util.List<String> flags() {
        return flags;
    }

    @JsonProperty("agreed")
    public CommonState agreed() {
        return agreed;
    }

    @JsonProperty("honoured")
    public Tombstones honoured() {
        return honoured;
    }

    /** STATE: answer incrementally, as asked; absent: answer with the whole state (older peers). */
    @JsonProperty("request")
    public StateRequest request() {
        return request;
    }

    /** COMPLETE: the agreed state as a diff from the common state both sides hold. */
    @JsonProperty("diff")
    public CommonStateDiff diff() {
        return diff;
    }
}

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
        STATE,
        CREATE_MAILBOX,
        REPLACE_MAILBOX,
        APPEND,
        FETCH,
        EXPUNGE
    }

    private final Op op;
    private final String user;
    private final String mailbox;
    private final Long uidValidity;
    private final Long uid;
    private final MessageState message;
    private final Integer expectedMessages;
    private final Long newUidValidity;

    @JsonCreator
    public SyncCall(@JsonProperty("op") Op op, @JsonProperty("user") String user, @JsonProperty("mailbox") String mailbox,
                    @JsonProperty("uidValidity") Long uidValidity, @JsonProperty("uid") Long uid,
                    @JsonProperty("message") MessageState message,
                    @JsonProperty("expectedMessages") Integer expectedMessages,
                    @JsonProperty("newUidValidity") Long newUidValidity) {
        this.op = op;
        this.expectedMessages = expectedMessages;
        this.newUidValidity = newUidValidity;
        this.user = user;
        this.mailbox = mailbox;
        this.uidValidity = uidValidity;
        this.uid = uid;
        this.message = message;
    }

    public static SyncCall open(String user) {
        return new SyncCall(Op.OPEN, user, null, null, null, null, null, null);
    }

    public static SyncCall state() {
        return new SyncCall(Op.STATE, null, null, null, null, null, null, null);
    }

    public static SyncCall onMailbox(Op op, String mailbox, long uidValidity) {
        return new SyncCall(op, null, mailbox, uidValidity, null, null, null, null);
    }

    public static SyncCall replace(String mailbox, long oldUidValidity, int expectedMessages, long newUidValidity) {
        return new SyncCall(Op.REPLACE_MAILBOX, null, mailbox, oldUidValidity, null, null, expectedMessages, newUidValidity);
    }

    public static SyncCall append(String mailbox, long uidValidity, MessageState message) {
        return new SyncCall(Op.APPEND, null, mailbox, uidValidity, null, message, null, null);
    }

    public static SyncCall fetch(String mailbox, long uidValidity, long uid) {
        return new SyncCall(Op.FETCH, null, mailbox, uidValidity, uid, null, null, null);
    }

    public static SyncCall expunge(String mailbox, long uidValidity, long uid) {
        return new SyncCall(Op.EXPUNGE, null, mailbox, uidValidity, uid, null, null, null);
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

    @JsonProperty("newUidValidity")
    public Long newUidValidity() {
        return newUidValidity;
    }
}

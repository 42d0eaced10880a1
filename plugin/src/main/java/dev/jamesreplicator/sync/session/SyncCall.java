package dev.jamesreplicator.sync.session;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.google.common.collect.ImmutableList;

import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.model.MailboxItemTombstones;
import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.CommonStateDiff;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.model.ServerTombstones;
import dev.jamesreplicator.model.SieveState;
import dev.jamesreplicator.model.SieveTombstones;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.wire.WireException;

/**
 * A request of the sync protocol: one type per call, with the fields that call carries. The
 * JSON names the call in {@code op}; a name this version does not know, or a call without a
 * field it needs, is refused as the frame is read ({@link dev.jamesreplicator.wire.WireJson}).
 *
 * <p>Whatever answers the calls does it through a {@link Visitor}, so a new call does not
 * compile until it is answered. The constructor is package-private: the calls below are all
 * there are. A BODY frame follows an {@link Append}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(SyncCall.Open.class),
    @JsonSubTypes.Type(SyncCall.NoReplicate.class),
    @JsonSubTypes.Type(SyncCall.State.class),
    @JsonSubTypes.Type(SyncCall.CreateMailbox.class),
    @JsonSubTypes.Type(SyncCall.ReplaceMailbox.class),
    @JsonSubTypes.Type(SyncCall.DeleteMailbox.class),
    @JsonSubTypes.Type(SyncCall.RenameMailbox.class),
    @JsonSubTypes.Type(SyncCall.Append.class),
    @JsonSubTypes.Type(SyncCall.Fetch.class),
    @JsonSubTypes.Type(SyncCall.Copy.class),
    @JsonSubTypes.Type(SyncCall.Expunge.class),
    @JsonSubTypes.Type(SyncCall.ExpungeRenumbered.class),
    @JsonSubTypes.Type(SyncCall.SetFlags.class),
    @JsonSubTypes.Type(SyncCall.RaiseUidNext.class),
    @JsonSubTypes.Type(SyncCall.RaiseMessageModSeq.class),
    @JsonSubTypes.Type(SyncCall.RaiseHighestModSeq.class),
    @JsonSubTypes.Type(SyncCall.Subscribe.class),
    @JsonSubTypes.Type(SyncCall.Unsubscribe.class),
    @JsonSubTypes.Type(SyncCall.Complete.class),
    @JsonSubTypes.Type(SyncCall.SieveStateCall.class),
    @JsonSubTypes.Type(SyncCall.SieveContent.class),
    @JsonSubTypes.Type(SyncCall.SievePut.class),
    @JsonSubTypes.Type(SyncCall.SieveActivate.class),
    @JsonSubTypes.Type(SyncCall.SieveDelete.class),
    @JsonSubTypes.Type(SyncCall.SieveComplete.class),
    @JsonSubTypes.Type(SyncCall.AnnotationStateCall.class),
    @JsonSubTypes.Type(SyncCall.AnnotationWriteCall.class),
    @JsonSubTypes.Type(SyncCall.AnnotationComplete.class),
    @JsonSubTypes.Type(SyncCall.AclStateCall.class),
    @JsonSubTypes.Type(SyncCall.AclWriteCall.class),
    @JsonSubTypes.Type(SyncCall.AclComplete.class),
    @JsonSubTypes.Type(SyncCall.ServerDataOpen.class),
    @JsonSubTypes.Type(SyncCall.ServerDataStateCall.class),
    @JsonSubTypes.Type(SyncCall.ServerDataWriteCall.class),
    @JsonSubTypes.Type(SyncCall.ServerDataComplete.class),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class SyncCall {
    SyncCall() {
    }

    /** Calls the {@code visitor}'s method for this call and returns what it returns. */
    public abstract <R> R accept(Visitor<R> visitor);

    /** One method per call (the served session answers each). */
    public interface Visitor<R> {
        R visit(Open open);

        R visit(NoReplicate noReplicate);

        R visit(State state);

        R visit(CreateMailbox create);

        R visit(ReplaceMailbox replace);

        R visit(DeleteMailbox delete);

        R visit(RenameMailbox rename);

        R visit(Append append);

        R visit(Fetch fetch);

        R visit(Copy copy);

        R visit(Expunge expunge);

        R visit(ExpungeRenumbered expunge);

        R visit(SetFlags set);

        R visit(RaiseUidNext raise);

        R visit(RaiseMessageModSeq raise);

        R visit(RaiseHighestModSeq raise);

        R visit(Subscribe subscribe);

        R visit(Unsubscribe unsubscribe);

        R visit(Complete complete);

        R visit(SieveStateCall state);

        R visit(SieveContent content);

        R visit(SievePut put);

        R visit(SieveActivate activate);

        R visit(SieveDelete delete);

        R visit(SieveComplete complete);

        R visit(AnnotationStateCall state);

        R visit(AnnotationWriteCall write);

        R visit(AnnotationComplete complete);

        R visit(AclStateCall state);

        R visit(AclWriteCall write);

        R visit(AclComplete complete);

        R visit(ServerDataOpen open);

        R visit(ServerDataStateCall state);

        R visit(ServerDataWriteCall write);

        R visit(ServerDataComplete complete);
    }

    /** The call's name on the wire ({@code op}). */
    public final String op() {
        return getClass().getAnnotation(JsonTypeName.class).value();
    }

    /** OPEN, and NO_REPLICATE (which binds no user), may come before a user is bound; every other call may not. */
    boolean allowedBeforeOpen() {
        return false;
    }

    @Override
    public String toString() {
        return op();
    }

    /** {@code value}, which this call cannot do without: missing, the call is refused as it is read. */
    final <T> T required(T value, String field) {
        if (value == null) {
            throw new WireException(op() + " without its " + field);
        }
        return value;
    }

    /** Bind the connection to a user (locks the user on the serving side). */
    @JsonTypeName("OPEN")
    public static final class Open extends SyncCall {
        private final String user;

        @JsonCreator
        public Open(@JsonProperty("user") String user) {
            this.user = required(user, "user");
        }

        @JsonProperty("user")
        public String user() {
            return user;
        }

        @Override
        boolean allowedBeforeOpen() {
            return true;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /**
     * The serving server's {@code noReplicate} masks (lower case, sorted), for the health check's
     * comparison; binds no user, so it may come before OPEN.
     */
    @JsonTypeName("NO_REPLICATE")
    public static final class NoReplicate extends SyncCall {
        @Override
        boolean allowedBeforeOpen() {
            return true;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /**
     * The user's state: with a {@code request}, the changes since the common state (a
     * {@link StateDelta}); without, the whole state.
     */
    @JsonTypeName("STATE")
    public static final class State extends SyncCall {
        private final StateRequest request;

        @JsonCreator
        public State(@JsonProperty("request") StateRequest request) {
            this.request = request;
        }

        /** The whole state (IncrementalSyncIT's measure of what sessions read before incremental ones). */
        public static State whole() {
            return new State(null);
        }

        /** Null: answer with the whole state. */
        @JsonProperty("request")
        public StateRequest request() {
            return request;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** A call on one mailbox of one UIDVALIDITY. */
    public abstract static class OnMailbox extends SyncCall {
        private final String mailbox;
        private final long uidValidity;

        OnMailbox(String mailbox, Long uidValidity) {
            this.mailbox = required(mailbox, "mailbox");
            this.uidValidity = required(uidValidity, "uidValidity");
        }

        @JsonProperty("mailbox")
        public final String mailbox() {
            return mailbox;
        }

        @JsonProperty("uidValidity")
        public final long uidValidity() {
            return uidValidity;
        }

        @Override
        public String toString() {
            return op() + " " + mailbox + " uidvalidity " + uidValidity;
        }
    }

    /** A call on one message, by its UID in a mailbox of one UIDVALIDITY. */
    public abstract static class OnMessage extends OnMailbox {
        private final long uid;

        OnMessage(String mailbox, Long uidValidity, Long uid) {
            super(mailbox, uidValidity);
            this.uid = required(uid, "uid");
        }

        @JsonProperty("uid")
        public final long uid() {
            return uid;
        }

        @Override
        public String toString() {
            return super.toString() + " uid " + uid;
        }
    }

    @JsonTypeName("CREATE_MAILBOX")
    public static final class CreateMailbox extends OnMailbox {
        @JsonCreator
        public CreateMailbox(@JsonProperty("mailbox") String mailbox, @JsonProperty("uidValidity") Long uidValidity) {
            super(mailbox, uidValidity);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /**
     * Replace the mailbox of {@code uidValidity} (the old one) if it still holds exactly
     * {@code expectedMessages}, by an empty one of {@code newUidValidity}.
     */
    @JsonTypeName("REPLACE_MAILBOX")
    public static final class ReplaceMailbox extends OnMailbox {
        private final int expectedMessages;
        private final long newUidValidity;

        @JsonCreator
        public ReplaceMailbox(@JsonProperty("mailbox") String mailbox, @JsonProperty("uidValidity") Long uidValidity,
                              @JsonProperty("expectedMessages") Integer expectedMessages,
                              @JsonProperty("newUidValidity") Long newUidValidity) {
            super(mailbox, uidValidity);
            this.expectedMessages = required(expectedMessages, "expectedMessages");
            this.newUidValidity = required(newUidValidity, "newUidValidity");
        }

        @JsonProperty("expectedMessages")
        public int expectedMessages() {
            return expectedMessages;
        }

        @JsonProperty("newUidValidity")
        public long newUidValidity() {
            return newUidValidity;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** Delete the mailbox if it still holds exactly {@code expectedMessages}. */
    @JsonTypeName("DELETE_MAILBOX")
    public static final class DeleteMailbox extends OnMailbox {
        private final int expectedMessages;

        @JsonCreator
        public DeleteMailbox(@JsonProperty("mailbox") String mailbox, @JsonProperty("uidValidity") Long uidValidity,
                             @JsonProperty("expectedMessages") Integer expectedMessages) {
            super(mailbox, uidValidity);
            this.expectedMessages = required(expectedMessages, "expectedMessages");
        }

        @JsonProperty("expectedMessages")
        public int expectedMessages() {
            return expectedMessages;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** Rename the mailbox of {@code uidValidity} from {@code from} to {@code to}. */
    @JsonTypeName("RENAME_MAILBOX")
    public static final class RenameMailbox extends SyncCall {
        private final long uidValidity;
        private final String from;
        private final String to;

        @JsonCreator
        public RenameMailbox(@JsonProperty("uidValidity") Long uidValidity, @JsonProperty("from") String from,
                             @JsonProperty("to") String to) {
            this.uidValidity = required(uidValidity, "uidValidity");
            this.from = required(from, "from");
            this.to = required(to, "to");
        }

        @JsonProperty("uidValidity")
        public long uidValidity() {
            return uidValidity;
        }

        @JsonProperty("from")
        public String from() {
            return from;
        }

        @JsonProperty("to")
        public String to() {
            return to;
        }

        @Override
        public String toString() {
            return op() + " " + from + " to " + to + " uidvalidity " + uidValidity;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /**
     * Store {@code message} under its UID; its body follows as a BODY frame and is checked
     * against the message's size and SHA-256 before James sees it.
     */
    @JsonTypeName("APPEND")
    public static final class Append extends OnMailbox {
        private final MessageState message;
        private final boolean startsThread;

        @JsonCreator
        public Append(@JsonProperty("mailbox") String mailbox, @JsonProperty("uidValidity") Long uidValidity,
                      @JsonProperty("message") MessageState message, @JsonProperty("startsThread") Boolean startsThread) {
            super(mailbox, uidValidity);
            this.message = required(message, "message");
            this.startsThread = Boolean.TRUE.equals(startsThread);
        }

        @JsonProperty("message")
        public MessageState message() {
            return message;
        }

        /** The message began a thread of its own on the calling side (MessageContent#startsThread). */
        public boolean startsThread() {
            return startsThread;
        }

        /** Only a true value is sent: absent, the serving side threads the message itself. */
        @JsonProperty("startsThread")
        Boolean startsThreadOnTheWire() {
            return startsThread ? Boolean.TRUE : null;
        }

        @Override
        public String toString() {
            return super.toString() + " " + message;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** A message's body: answered by a REPLY, then the body. */
    @JsonTypeName("FETCH")
    public static final class Fetch extends OnMessage {
        @JsonCreator
        public Fetch(@JsonProperty("mailbox") String mailbox, @JsonProperty("uidValidity") Long uidValidity,
                     @JsonProperty("uid") Long uid) {
            super(mailbox, uidValidity, uid);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /**
     * Store a copy of a message the serving side holds (source mailbox, UIDVALIDITY and UID) as
     * {@code message} in {@code mailbox} of {@code uidValidity}: no body on the wire.
     */
    @JsonTypeName("COPY")
    public static final class Copy extends OnMailbox {
        private final String sourceMailbox;
        private final long sourceUidValidity;
        private final long sourceUid;
        private final MessageState message;

        @JsonCreator
        public Copy(@JsonProperty("sourceMailbox") String sourceMailbox,
                    @JsonProperty("sourceUidValidity") Long sourceUidValidity, @JsonProperty("sourceUid") Long sourceUid,
                    @JsonProperty("mailbox") String mailbox, @JsonProperty("uidValidity") Long uidValidity,
                    @JsonProperty("message") MessageState message) {
            super(mailbox, uidValidity);
            this.sourceMailbox = required(sourceMailbox, "sourceMailbox");
            this.sourceUidValidity = required(sourceUidValidity, "sourceUidValidity");
            this.sourceUid = required(sourceUid, "sourceUid");
            this.message = required(message, "message");
        }

        @JsonProperty("sourceMailbox")
        public String sourceMailbox() {
            return sourceMailbox;
        }

        @JsonProperty("sourceUidValidity")
        public long sourceUidValidity() {
            return sourceUidValidity;
        }

        @JsonProperty("sourceUid")
        public long sourceUid() {
            return sourceUid;
        }

        @JsonProperty("message")
        public MessageState message() {
            return message;
        }

        @Override
        public String toString() {
            return op() + " " + sourceMailbox + " uidvalidity " + sourceUidValidity + " uid " + sourceUid + " to "
                + mailbox() + " uidvalidity " + uidValidity() + " " + message;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    @JsonTypeName("EXPUNGE")
    public static final class Expunge extends OnMessage {
        @JsonCreator
        public Expunge(@JsonProperty("mailbox") String mailbox, @JsonProperty("uidValidity") Long uidValidity,
                       @JsonProperty("uid") Long uid) {
            super(mailbox, uidValidity, uid);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** A renumbering's old UID: expunged, answered {@code gone} when it was no longer there. */
    @JsonTypeName("EXPUNGE_RENUMBERED")
    public static final class ExpungeRenumbered extends OnMessage {
        @JsonCreator
        public ExpungeRenumbered(@JsonProperty("mailbox") String mailbox, @JsonProperty("uidValidity") Long uidValidity,
                                 @JsonProperty("uid") Long uid) {
            super(mailbox, uidValidity, uid);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** The message's flags become {@code flags}, its MODSEQ {@code modSeq}. */
    @JsonTypeName("SET_FLAGS")
    public static final class SetFlags extends OnMessage {
        private final List<String> flags;
        private final long modSeq;

        @JsonCreator
        public SetFlags(@JsonProperty("mailbox") String mailbox, @JsonProperty("uidValidity") Long uidValidity,
                        @JsonProperty("uid") Long uid, @JsonProperty("flags") List<String> flags,
                        @JsonProperty("modSeq") Long modSeq) {
            super(mailbox, uidValidity, uid);
            this.flags = ImmutableList.copyOf(required(flags, "flags"));
            this.modSeq = modSeq == null ? 0 : modSeq;
        }

        @JsonProperty("flags")
        public List<String> flags() {
            return flags;
        }

        /** 0 (or absent on the wire): no MODSEQ to pin, James chooses. */
        @JsonProperty("modSeq")
        public long modSeq() {
            return modSeq;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** UIDNEXT alignment: the mailbox's UIDNEXT is raised to {@code uidNext}. */
    @JsonTypeName("RAISE_UID_NEXT")
    public static final class RaiseUidNext extends OnMailbox {
        private final long uidNext;

        @JsonCreator
        public RaiseUidNext(@JsonProperty("mailbox") String mailbox, @JsonProperty("uidValidity") Long uidValidity,
                            @JsonProperty("uidNext") Long uidNext) {
            super(mailbox, uidValidity);
            this.uidNext = required(uidNext, "uidNext");
        }

        @JsonProperty("uidNext")
        public long uidNext() {
            return uidNext;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** MODSEQ alignment: the message's MODSEQ and the HIGHESTMODSEQ are raised to {@code modSeq}. */
    @JsonTypeName("RAISE_MESSAGE_MODSEQ")
    public static final class RaiseMessageModSeq extends OnMessage {
        private final long modSeq;

        @JsonCreator
        public RaiseMessageModSeq(@JsonProperty("mailbox") String mailbox, @JsonProperty("uidValidity") Long uidValidity,
                                  @JsonProperty("uid") Long uid, @JsonProperty("modSeq") Long modSeq) {
            super(mailbox, uidValidity, uid);
            this.modSeq = required(modSeq, "modSeq");
        }

        @JsonProperty("modSeq")
        public long modSeq() {
            return modSeq;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** MODSEQ alignment: the HIGHESTMODSEQ alone; no message takes it (an empty mailbox is raised too). */
    @JsonTypeName("RAISE_HIGHEST_MODSEQ")
    public static final class RaiseHighestModSeq extends OnMailbox {
        private final long modSeq;

        @JsonCreator
        public RaiseHighestModSeq(@JsonProperty("mailbox") String mailbox, @JsonProperty("uidValidity") Long uidValidity,
                                  @JsonProperty("modSeq") Long modSeq) {
            super(mailbox, uidValidity);
            this.modSeq = required(modSeq, "modSeq");
        }

        @JsonProperty("modSeq")
        public long modSeq() {
            return modSeq;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** A call on the user's subscription to a mailbox (by name: one need not exist to be subscribed to). */
    public abstract static class OnSubscription extends SyncCall {
        private final String mailbox;

        OnSubscription(String mailbox) {
            this.mailbox = required(mailbox, "mailbox");
        }

        @JsonProperty("mailbox")
        public final String mailbox() {
            return mailbox;
        }

        @Override
        public String toString() {
            return op() + " " + mailbox;
        }
    }

    @JsonTypeName("SUBSCRIBE")
    public static final class Subscribe extends OnSubscription {
        @JsonCreator
        public Subscribe(@JsonProperty("mailbox") String mailbox) {
            super(mailbox);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    @JsonTypeName("UNSUBSCRIBE")
    public static final class Unsubscribe extends OnSubscription {
        @JsonCreator
        public Unsubscribe(@JsonProperty("mailbox") String mailbox) {
            super(mailbox);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /**
     * The plan ran to its end: the agreed state, as its {@code diff} from the common state both
     * sides hold or whole ({@code agreed}), and the tombstones {@code honoured}.
     */
    @JsonTypeName("COMPLETE")
    public static final class Complete extends SyncCall {
        private final CommonStateDiff diff;
        private final CommonState agreed;
        private final Tombstones honoured;

        @JsonCreator
        public Complete(@JsonProperty("diff") CommonStateDiff diff, @JsonProperty("agreed") CommonState agreed,
                        @JsonProperty("honoured") Tombstones honoured) {
            this.diff = diff;
            // the diff, when there is one, is what the serving side applies
            this.agreed = diff == null ? required(agreed, "agreed") : agreed;
            this.honoured = required(honoured, "honoured");
        }

        public static Complete withDiff(CommonStateDiff diff, Tombstones honoured) {
            return new Complete(diff, null, honoured);
        }

        public static Complete whole(CommonState agreed, Tombstones honoured) {
            return new Complete(null, agreed, honoured);
        }

        /** Null: the agreed state is whole, in {@link #agreed()}. */
        @JsonProperty("diff")
        public CommonStateDiff diff() {
            return diff;
        }

        /** Null when the call carries a {@link #diff()}. */
        @JsonProperty("agreed")
        public CommonState agreed() {
            return agreed;
        }

        @JsonProperty("honoured")
        public Tombstones honoured() {
            return honoured;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** SIEVE_STATE: the user's Sieve scripts and the serving server's records of them (docs/sieve.md). */
    @JsonTypeName("SIEVE_STATE")
    public static final class SieveStateCall extends SyncCall {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** A Sieve script's bytes. */
    @JsonTypeName("SIEVE_CONTENT")
    public static final class SieveContent extends SyncCall {
        private final String script;

        @JsonCreator
        public SieveContent(@JsonProperty("script") String script) {
            this.script = required(script, "script");
        }

        @JsonProperty("script")
        public String script() {
            return script;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /**
     * A change to the user's Sieve scripts, carried out only if what it changes still is
     * {@code expected} (as the plan saw it); else CONFLICT.
     */
    public abstract static class SieveChange extends SyncCall {
        private final String script;
        private final String expected;

        SieveChange(String script, String expected) {
            this.script = script;
            this.expected = expected;
        }

        @JsonProperty("script")
        public final String script() {
            return script;
        }

        @JsonProperty("expected")
        public final String expected() {
            return expected;
        }
    }

    /** Store a Sieve script if the one of that name still has the SHA-256 {@code expected} (null: there is none). */
    @JsonTypeName("SIEVE_PUT")
    public static final class SievePut extends SieveChange {
        private final byte[] content;

        @JsonCreator
        public SievePut(@JsonProperty("script") String script, @JsonProperty("content") byte[] content,
                        @JsonProperty("expected") String expected) {
            super(script, expected);
            required(script, "script");
            this.content = required(content, "content").clone();
        }

        /** The script's bytes, base64 in the JSON. */
        @JsonProperty("content")
        public byte[] content() {
            return content.clone();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** Make {@code script} active (null: none) if the active one still is {@code expected} (null: none). */
    @JsonTypeName("SIEVE_ACTIVATE")
    public static final class SieveActivate extends SieveChange {
        @JsonCreator
        public SieveActivate(@JsonProperty("script") String script, @JsonProperty("expected") String expected) {
            super(script, expected);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** Delete a Sieve script if it still has the SHA-256 {@code expected}. */
    @JsonTypeName("SIEVE_DELETE")
    public static final class SieveDelete extends SieveChange {
        @JsonCreator
        public SieveDelete(@JsonProperty("script") String script, @JsonProperty("expected") String expected) {
            super(script, expected);
            required(script, "script");
            required(expected, "expected");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** The Sieve plan ran to its end: the agreed scripts and the records it decided on. */
    @JsonTypeName("SIEVE_COMPLETE")
    public static final class SieveComplete extends SyncCall {
        private final SieveState state;
        private final SieveTombstones tombstones;

        @JsonCreator
        public SieveComplete(@JsonProperty("state") SieveState state, @JsonProperty("tombstones") SieveTombstones tombstones) {
            this.state = required(state, "state");
            this.tombstones = required(tombstones, "tombstones");
        }

        @JsonProperty("state")
        public SieveState state() {
            return state;
        }

        @JsonProperty("tombstones")
        public SieveTombstones tombstones() {
            return tombstones;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** ANNOTATION_STATE: the user's mailbox annotations and the serving server's records of them (docs/metadata.md). */
    @JsonTypeName("ANNOTATION_STATE")
    public static class AnnotationStateCall extends SyncCall {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /**
     * Set {@code key} of the mailbox of UIDVALIDITY {@code uidValidity} named {@code mailbox} to
     * {@code value} (null: remove it), if it still holds {@code expected} (null: none); else CONFLICT.
     */
    @JsonTypeName("ANNOTATION_WRITE")
    public static class AnnotationWriteCall extends SyncCall {
        private final long uidValidity;
        private final String mailbox;
        private final String key;
        private final String value;
        private final String expected;

        @JsonCreator
        public AnnotationWriteCall(@JsonProperty("uidValidity") Long uidValidity, @JsonProperty("mailbox") String mailbox,
                                   @JsonProperty("key") String key, @JsonProperty("value") String value,
                                   @JsonProperty("expected") String expected) {
            this.uidValidity = required(uidValidity, "uidValidity");
            this.mailbox = required(mailbox, "mailbox");
            this.key = required(key, "key");
            this.value = value;
            this.expected = expected;
        }

        @JsonProperty("uidValidity")
        public long uidValidity() {
            return uidValidity;
        }

        @JsonProperty("mailbox")
        public String mailbox() {
            return mailbox;
        }

        @JsonProperty("key")
        public String key() {
            return key;
        }

        @JsonProperty("value")
        public String value() {
            return value;
        }

        @JsonProperty("expected")
        public String expected() {
            return expected;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** The annotation plan ran to its end: the agreed annotations and the records it decided on. */
    @JsonTypeName("ANNOTATION_COMPLETE")
    public static class AnnotationComplete extends SyncCall {
        private final MailboxItemState state;
        private final MailboxItemTombstones tombstones;

        @JsonCreator
        public AnnotationComplete(@JsonProperty("state") MailboxItemState state,
                                  @JsonProperty("tombstones") MailboxItemTombstones tombstones) {
            this.state = required(state, "state");
            this.tombstones = required(tombstones, "tombstones");
        }

        @JsonProperty("state")
        public MailboxItemState state() {
            return state;
        }

        @JsonProperty("tombstones")
        public MailboxItemTombstones tombstones() {
            return tombstones;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /**
     * ACL_STATE: the user's mailbox ACLs and the serving server's records of them, in the shape of
     * ANNOTATION_STATE's answer (each entry key to its rights, docs/acl.md), under {@code acl}.
     */
    @JsonTypeName("ACL_STATE")
    public static final class AclStateCall extends AnnotationStateCall {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** ANNOTATION_WRITE's fields for an ACL entry: {@code key} the entry's key, {@code value} its rights (null: no entry). */
    @JsonTypeName("ACL_WRITE")
    public static final class AclWriteCall extends AnnotationWriteCall {
        @JsonCreator
        public AclWriteCall(@JsonProperty("uidValidity") Long uidValidity, @JsonProperty("mailbox") String mailbox,
                            @JsonProperty("key") String key, @JsonProperty("value") String value,
                            @JsonProperty("expected") String expected) {
            super(uidValidity, mailbox, key, value, expected);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** The ACL plan ran to its end: the agreed entries and the records it decided on. */
    @JsonTypeName("ACL_COMPLETE")
    public static final class AclComplete extends AnnotationComplete {
        @JsonCreator
        public AclComplete(@JsonProperty("state") MailboxItemState state,
                           @JsonProperty("tombstones") MailboxItemTombstones tombstones) {
            super(state, tombstones);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /**
     * The server-wide calls bind the connection to the server unit, not to a user: they come
     * without OPEN; the served session refuses all but SERVER_DATA_OPEN until it has bound it.
     */
    public abstract static class OnServerData extends SyncCall {
        OnServerData() {
        }

        @Override
        boolean allowedBeforeOpen() {
            return true;
        }
    }

    /** SERVER_DATA_OPEN: bind the connection to the server-wide data (locks it on the serving side; docs/server-data.md). */
    @JsonTypeName("SERVER_DATA_OPEN")
    public static final class ServerDataOpen extends OnServerData {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** SERVER_DATA_STATE: every kind's items and the serving server's records of them. */
    @JsonTypeName("SERVER_DATA_STATE")
    public static final class ServerDataStateCall extends OnServerData {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** Set the item {@code key} of {@code kind} to {@code value} (null: remove it), if it still holds {@code expected} (null: none); else CONFLICT. */
    @JsonTypeName("SERVER_DATA_WRITE")
    public static final class ServerDataWriteCall extends OnServerData {
        private final String kind;
        private final String key;
        private final String value;
        private final String expected;

        @JsonCreator
        public ServerDataWriteCall(@JsonProperty("kind") String kind, @JsonProperty("key") String key,
                                   @JsonProperty("value") String value, @JsonProperty("expected") String expected) {
            this.kind = required(kind, "kind");
            this.key = required(key, "key");
            this.value = value;
            this.expected = expected;
        }

        @JsonProperty("kind")
        public String kind() {
            return kind;
        }

        @JsonProperty("key")
        public String key() {
            return key;
        }

        @JsonProperty("value")
        public String value() {
            return value;
        }

        @JsonProperty("expected")
        public String expected() {
            return expected;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** The server data plan ran to its end: the agreed items and the records it decided on. */
    @JsonTypeName("SERVER_DATA_COMPLETE")
    public static final class ServerDataComplete extends OnServerData {
        private final ServerItems state;
        private final ServerTombstones tombstones;

        @JsonCreator
        public ServerDataComplete(@JsonProperty("state") ServerItems state,
                                  @JsonProperty("tombstones") ServerTombstones tombstones) {
            this.state = required(state, "state");
            this.tombstones = required(tombstones, "tombstones");
        }

        @JsonProperty("state")
        public ServerItems state() {
            return state;
        }

        @JsonProperty("tombstones")
        public ServerTombstones tombstones() {
            return tombstones;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }
}

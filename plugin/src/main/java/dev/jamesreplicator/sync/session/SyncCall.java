package dev.jamesreplicator.sync.session;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.CommonStateDiff;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Tombstones;

/** A request of the sync protocol; a BODY frame follows when {@code op} is APPEND. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class SyncCall {
    public enum Op {
        /** Bind the connection to a user (locks the user on the server side). */
        OPEN {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.open();
            }
        },
        /** The user's state: whole, or with a request the changes since the common state (see {@link StateRequest}). */
        STATE {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.state();
            }
        },
        CREATE_MAILBOX {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.createMailbox();
            }
        },
        REPLACE_MAILBOX {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.replaceMailbox();
            }
        },
        APPEND {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.append();
            }
        },
        FETCH {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.fetch();
            }
        },
        /**
         * Store a copy of a message the serving side holds (mailbox, uidValidity, uid) as
         * {@code message} in {@code newName} of UIDVALIDITY {@code newUidValidity}: no body on the wire.
         */
        COPY {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.copy();
            }
        },
        EXPUNGE {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.expunge();
            }
        },
        /** A renumbering's old UID: expunged, answered {@code gone} when it was no longer there. */
        EXPUNGE_RENUMBERED {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.expungeRenumbered();
            }
        },
        SET_FLAGS {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.setFlags();
            }
        },
        /** MODSEQ alignment: the message's MODSEQ and the HIGHESTMODSEQ ({@code newUidValidity} is the MODSEQ). */
        RAISE_MESSAGE_MODSEQ {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.raiseMessageModSeq();
            }
        },
        /** MODSEQ alignment: the HIGHESTMODSEQ alone; no message takes it (an empty mailbox is raised too). */
        RAISE_HIGHEST_MODSEQ {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.raiseHighestModSeq();
            }
        },
        /** UIDNEXT alignment: {@code uid} is the UIDNEXT wanted. */
        RAISE_UID_NEXT {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.raiseUidNext();
            }
        },
        DELETE_MAILBOX {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.deleteMailbox();
            }
        },
        RENAME_MAILBOX {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.renameMailbox();
            }
        },
        SUBSCRIBE {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.subscribe();
            }
        },
        UNSUBSCRIBE {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.unsubscribe();
            }
        },
        /**
         * The plan ran to its end: the payload is the agreed state (or its diff from the common
         * state both sides hold) and the tombstones honoured.
         */
        COMPLETE {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.complete();
            }
        },
        /** The user's Sieve scripts and the serving server's records of them (docs/sieve.md). */
        SIEVE_STATE {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.sieveState();
            }
        },
        /** A Sieve script's bytes. */
        SIEVE_CONTENT {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.sieveContent();
            }
        },
        /** Store a Sieve script if the one of that name still is what the plan saw; else CONFLICT. */
        SIEVE_PUT {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.sievePut();
            }
        },
        /** Make a Sieve script active (or none) if the active one still is what the plan saw; else CONFLICT. */
        SIEVE_ACTIVATE {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.sieveActivate();
            }
        },
        /** Delete a Sieve script if it still is what the plan saw; else CONFLICT. */
        SIEVE_DELETE {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.sieveDelete();
            }
        },
        /** The Sieve plan ran to its end: the agreed scripts and the records it decided on. */
        SIEVE_COMPLETE {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.sieveComplete();
            }
        },
        /**
         * The serving server's {@code noReplicate} masks (lower case, sorted), for the health
         * check's comparison; allowed before OPEN, binds no user.
         */
        NO_REPLICATE {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.noReplicate();
            }
        };

        /** Calls the {@code visitor}'s method for this op: a new op does not compile until it has one. */
        public abstract <R> R accept(Visitor<R> visitor);

        /** One method per op, for whatever acts on each (the served session answers each). */
        public interface Visitor<R> {
            R open();

            R state();

            R createMailbox();

            R replaceMailbox();

            R append();

            R fetch();

            R copy();

            R expunge();

            R expungeRenumbered();

            R setFlags();

            R raiseMessageModSeq();

            R raiseHighestModSeq();

            R raiseUidNext();

            R deleteMailbox();

            R renameMailbox();

            R subscribe();

            R unsubscribe();

            R complete();

            R sieveState();

            R sieveContent();

            R sievePut();

            R sieveActivate();

            R sieveDelete();

            R sieveComplete();

            R noReplicate();
        }
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
    private final List<String> flags;
    private final CommonState agreed;
    private final Tombstones honoured;
    private final StateRequest request;
    private final CommonStateDiff diff;
    private final Boolean startsThread;
    private final SieveFields sieve;

    @JsonCreator
    public SyncCall(@JsonProperty("op") Op op, @JsonProperty("user") String user, @JsonProperty("mailbox") String mailbox,
                    @JsonProperty("uidValidity") Long uidValidity, @JsonProperty("uid") Long uid,
                    @JsonProperty("message") MessageState message,
                    @JsonProperty("expectedMessages") Integer expectedMessages,
                    @JsonProperty("newUidValidity") Long newUidValidity,
                    @JsonProperty("newName") String newName,
                    @JsonProperty("flags") List<String> flags,
                    @JsonProperty("agreed") CommonState agreed,
                    @JsonProperty("honoured") Tombstones honoured,
                    @JsonProperty("request") StateRequest request,
                    @JsonProperty("diff") CommonStateDiff diff,
                    @JsonProperty("startsThread") Boolean startsThread,
                    @JsonProperty("sieve") SieveFields sieve) {
        this.op = op;
        this.user = user;
        this.mailbox = mailbox;
        this.uidValidity = uidValidity;
        this.uid = uid;
        this.message = message;
        this.expectedMessages = expectedMessages;
        this.newUidValidity = newUidValidity;
        this.newName = newName;
        this.flags = flags;
        this.agreed = agreed;
        this.honoured = honoured;
        this.request = request;
        this.diff = diff;
        this.startsThread = startsThread;
        this.sieve = sieve;
    }

    private SyncCall(Builder builder) {
        this(builder.op, builder.user, builder.mailbox, builder.uidValidity, builder.uid, builder.message,
            builder.expectedMessages, builder.newUidValidity, builder.newName, builder.flags, builder.agreed,
            builder.honoured, builder.request, builder.diff, builder.startsThread, builder.sieve);
    }

    public static SyncCall open(String user) {
        return call(Op.OPEN).user(user).build();
    }

    /** Asks for the serving server's noReplicate masks. */
    public static SyncCall noReplicate() {
        return call(Op.NO_REPLICATE).build();
    }

    /** STATE answered incrementally: a {@link StateDelta}. */
    public static SyncCall state(StateRequest request) {
        return call(Op.STATE).request(request).build();
    }

    /** STATE answered with the whole state. */
    public static SyncCall state() {
        return call(Op.STATE).build();
    }

    /** COMPLETE with the diff from the common state both sides hold to the agreed one. */
    public static SyncCall complete(CommonStateDiff diff, Tombstones honoured) {
        return call(Op.COMPLETE).diff(diff).honoured(honoured).build();
    }

    /** COMPLETE with the whole agreed state. */
    public static SyncCall complete(CommonState agreed, Tombstones honoured) {
        return call(Op.COMPLETE).agreed(agreed).honoured(honoured).build();
    }

    public static SyncCall onMailbox(Op op, String mailbox, long uidValidity) {
        return call(op).mailbox(mailbox, uidValidity).build();
    }

    public static SyncCall replace(String mailbox, long oldUidValidity, int expectedMessages, long newUidValidity) {
        return call(Op.REPLACE_MAILBOX).mailbox(mailbox, oldUidValidity).expectedMessages(expectedMessages)
            .newUidValidity(newUidValidity).build();
    }

    /** APPEND; {@code startsThread}: the message began a thread of its own on this side (MessageContent#startsThread). */
    public static SyncCall append(String mailbox, long uidValidity, MessageState message, boolean startsThread) {
        return call(Op.APPEND).mailbox(mailbox, uidValidity).message(message).startsThread(startsThread).build();
    }

    public static SyncCall fetch(String mailbox, long uidValidity, long uid) {
        return call(Op.FETCH).mailbox(mailbox, uidValidity).uid(uid).build();
    }

    public static SyncCall copy(String sourceMailbox, long sourceUidValidity, long sourceUid,
                                String mailbox, long uidValidity, MessageState message) {
        return call(Op.COPY).mailbox(sourceMailbox, sourceUidValidity).uid(sourceUid).message(message)
            .newUidValidity(uidValidity).newName(mailbox).build();
    }

    public static SyncCall expunge(String mailbox, long uidValidity, long uid) {
        return call(Op.EXPUNGE).mailbox(mailbox, uidValidity).uid(uid).build();
    }

    public static SyncCall expungeRenumbered(String mailbox, long uidValidity, long uid) {
        return call(Op.EXPUNGE_RENUMBERED).mailbox(mailbox, uidValidity).uid(uid).build();
    }

    public static SyncCall setFlags(String mailbox, long uidValidity, long uid, List<String> flags, long modSeq) {
        return call(Op.SET_FLAGS).mailbox(mailbox, uidValidity).uid(uid).flags(flags).newUidValidity(modSeq).build();
    }

    /** RAISE_MESSAGE_MODSEQ of message {@code uid}, or RAISE_HIGHEST_MODSEQ (no message: {@code uid} is not sent). */
    public static SyncCall raiseModSeq(String mailbox, long uidValidity, long uid, long modSeq, boolean messageToo) {
        Builder call = call(messageToo ? Op.RAISE_MESSAGE_MODSEQ : Op.RAISE_HIGHEST_MODSEQ).mailbox(mailbox, uidValidity)
            .newUidValidity(modSeq);
        return (messageToo ? call.uid(uid) : call).build();
    }

    public static SyncCall raiseUidNext(String mailbox, long uidValidity, long uidNext) {
        return call(Op.RAISE_UID_NEXT).mailbox(mailbox, uidValidity).uid(uidNext).build();
    }

    public static SyncCall deleteMailbox(String mailbox, long uidValidity, int expectedMessages) {
        return call(Op.DELETE_MAILBOX).mailbox(mailbox, uidValidity).expectedMessages(expectedMessages).build();
    }

    public static SyncCall renameMailbox(long uidValidity, String from, String to) {
        return call(Op.RENAME_MAILBOX).mailbox(from, uidValidity).newName(to).build();
    }

    public static SyncCall subscription(String mailbox, boolean subscribed) {
        return call(subscribed ? Op.SUBSCRIBE : Op.UNSUBSCRIBE).mailbox(mailbox).build();
    }

    /** A Sieve call of the user's session (docs/sieve.md). */
    public static SyncCall sieve(Op op, SieveFields fields) {
        return call(op).sieve(fields).build();
    }

    private static Builder call(Op op) {
        return new Builder(op);
    }

    /** The fields one call sets; the others stay null and are left out of the JSON. */
    private static final class Builder {
        private final Op op;
        private String user;
        private String mailbox;
        private Long uidValidity;
        private Long uid;
        private MessageState message;
        private Integer expectedMessages;
        private Long newUidValidity;
        private String newName;
        private List<String> flags;
        private CommonState agreed;
        private Tombstones honoured;
        private StateRequest request;
        private CommonStateDiff diff;
        private Boolean startsThread;
        private SieveFields sieve;

        Builder(Op op) {
            this.op = op;
        }

        Builder user(String value) {
            this.user = value;
            return this;
        }

        Builder mailbox(String name) {
            this.mailbox = name;
            return this;
        }

        Builder mailbox(String name, long uidValidityOfIt) {
            this.mailbox = name;
            this.uidValidity = uidValidityOfIt;
            return this;
        }

        Builder uid(long value) {
            this.uid = value;
            return this;
        }

        Builder message(MessageState value) {
            this.message = value;
            return this;
        }

        Builder expectedMessages(int value) {
            this.expectedMessages = value;
            return this;
        }

        Builder newUidValidity(long value) {
            this.newUidValidity = value;
            return this;
        }

        Builder newName(String value) {
            this.newName = value;
            return this;
        }

        Builder flags(List<String> value) {
            this.flags = value;
            return this;
        }

        Builder agreed(CommonState value) {
            this.agreed = value;
            return this;
        }

        Builder honoured(Tombstones value) {
            this.honoured = value;
            return this;
        }

        Builder request(StateRequest value) {
            this.request = value;
            return this;
        }

        Builder diff(CommonStateDiff value) {
            this.diff = value;
            return this;
        }

        /** Only a true value is sent: a twin that does not know the field threads the message itself. */
        Builder startsThread(boolean value) {
            this.startsThread = value ? Boolean.TRUE : null;
            return this;
        }

        Builder sieve(SieveFields value) {
            this.sieve = value;
            return this;
        }

        SyncCall build() {
            return new SyncCall(this);
        }
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
    public List<String> flags() {
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

    /** APPEND: true when the message began a thread of its own on the calling side; absent otherwise. */
    @JsonProperty("startsThread")
    public Boolean startsThread() {
        return startsThread;
    }

    /** SIEVE_*: what the call carries. */
    @JsonProperty("sieve")
    public SieveFields sieve() {
        return sieve;
    }
}

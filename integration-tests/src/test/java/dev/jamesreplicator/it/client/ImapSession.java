package dev.jamesreplicator.it.client;

import dev.jamesreplicator.tools.verify.ImapMailStoreReader;
import dev.jamesreplicator.tools.verify.MailStore;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.MessageIDTerm;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One logged-in IMAP connection (plain LOGIN over loopback, no TLS). */
public final class ImapSession implements AutoCloseable {
    private static final String TIMEOUT_MILLIS = "30000";
    /** RFC 4315's response code for the UIDs a COPY or MOVE gave: UIDVALIDITY, source set, destination set. */
    /** One entry of a METADATA response: a key and its quoted value. */
    private static final Pattern METADATA_ENTRY = Pattern.compile("(/[A-Za-z0-9/]+) \"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern COPY_UID = Pattern.compile("\\[COPYUID \\d+ \\S+ (\\d+)[^\\]]*\\]", Pattern.CASE_INSENSITIVE);

    private final String source;
    private final String user;
    private final Session session;
    private final Store store;

    private ImapSession(String source, String user, Session session, Store store) {
        this.source = source;
        this.user = user;
        this.session = session;
        this.store = store;
    }

    /** @param source names this server in snapshots and difference lines */
    public static ImapSession login(String source, String host, int port, String user, String password)
            throws MessagingException {
        Properties props = new Properties();
        props.setProperty("mail.imap.connectiontimeout", TIMEOUT_MILLIS);
        props.setProperty("mail.imap.timeout", TIMEOUT_MILLIS);
        props.setProperty("mail.imap.writetimeout", TIMEOUT_MILLIS);
        props.setProperty("mail.imap.starttls.enable", "false");
        // No SASL mechanism: Jakarta Mail then sends a plain LOGIN command.
        props.setProperty("mail.imap.auth.mechanisms", "");
        props.setProperty("mail.imap.peek", "true");
        Session session = Session.getInstance(props);
        Store store = session.getStore("imap");
        store.connect(host, port, user, password);
        return new ImapSession(source, user, session, store);
    }

    public Store store() {
        return store;
    }

    /** The hierarchy delimiter the server uses ('.' for James 3.8.1). */
    public char delimiter() throws MessagingException {
        return store.getDefaultFolder().getSeparator();
    }

    /** A mailbox name from its hierarchy levels, joined by the server's delimiter. */
    public String mailboxName(String... levels) throws MessagingException {
        return String.join(String.valueOf(delimiter()), levels);
    }

    public void create(String mailbox) throws MessagingException {
        Folder folder = store.getFolder(mailbox);
        if (!folder.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("CREATE " + mailbox + " refused by " + source);
        }
    }

    public List<String> list() throws MessagingException {
        List<String> names = new ArrayList<>();
        for (Folder folder : store.getDefaultFolder().list("*")) {
            names.add(folder.getFullName());
        }
        return names;
    }

    public MailboxStatus status(String mailbox) throws MessagingException {
        IMAPFolder folder = (IMAPFolder) store.getFolder(mailbox);
        return new MailboxStatus(mailbox, folder.getUIDValidity(), folder.getUIDNext(), folder.getMessageCount());
    }

    /**
     * APPENDs {@code rfc822} with the given flags and internal date and returns its UID: from the
     * UIDPLUS APPENDUID response, else by searching for its Message-ID.
     */
    public long append(String mailbox, byte[] rfc822, Flags flags, Instant internalDate)
            throws MessagingException, IOException {
        IMAPFolder folder = (IMAPFolder) store.getFolder(mailbox);
        DatedMessage message = new DatedMessage(session, rfc822, internalDate);
        message.setFlags(flags, true);
        AppendUID[] appended;
        try {
            appended = folder.appendUIDMessages(new Message[] {message});
        } catch (MessagingException e) {
            throw new MessagingException("APPEND of " + message.getMessageID() + " to \"" + mailbox + "\" on "
                    + source + " failed: " + e.getMessage(), e);
        }
        if (appended.length == 1 && appended[0] != null) {
            return appended[0].uid;
        }
        return uidOf(folder, message.getMessageID());
    }

    /** UID STORE +FLAGS or -FLAGS on one message. */
    public void setFlags(String mailbox, long uid, Flags flags, boolean set) throws MessagingException {
        withMessage(mailbox, uid, (folder, message) -> message.setFlags(flags, set));
    }

    /**
     * One message's flags, read with EXAMINE: unlike SELECT it clears no {@code \\Recent}, which
     * James would count as a change of every recent message.
     */
    public Flags flags(String mailbox, long uid) throws MessagingException {
        IMAPFolder folder = (IMAPFolder) store.getFolder(mailbox);
        folder.open(Folder.READ_ONLY);
        try {
            Message message = folder.getMessageByUID(uid);
            if (message == null) {
                throw new MessagingException("no UID " + uid + " in " + mailbox + " on " + source);
            }
            return message.getFlags();
        } finally {
            folder.close(false);
        }
    }

    /** Marks one message \\Deleted and expunges it (UID EXPUNGE where the server has UIDPLUS). */
    public void expunge(String mailbox, long uid) throws MessagingException {
        withMessage(mailbox, uid, (folder, message) -> {
            message.setFlag(Flags.Flag.DELETED, true);
            folder.expunge(new Message[] {message});
        });
    }

    /** UID MOVE of one message under the mailbox's UIDVALIDITY as it is now: as {@link #uidMove}. */
    public OptionalLong move(String mailbox, long uid, String target) throws MessagingException {
        return uidMove(mailbox, status(mailbox).uidValidity(), uid, target);
    }

    /**
     * UID COPY of one message; the UID it got in {@code target} from the COPYUID answer, or empty
     * when the server copied nothing (the UID was gone: IMAP answers OK all the same).
     *
     * @param uidValidity the UIDVALIDITY the UID was read under; another one fails with {@link StaleMailboxException}
     */
    public OptionalLong uidCopy(String mailbox, long uidValidity, long uid, String target) throws MessagingException {
        return copyUid(uidCommand(mailbox, uidValidity, "UID COPY " + uid + " " + quoted(target)));
    }

    /** UID MOVE of one message (RFC 6851): as {@link #uidCopy}, the source's copy expunged. */
    public OptionalLong uidMove(String mailbox, long uidValidity, long uid, String target) throws MessagingException {
        return copyUid(uidCommand(mailbox, uidValidity, "UID MOVE " + uid + " " + quoted(target)));
    }

    /** UID STORE of flags on one message; true when the server answered with the message's FETCH. */
    public boolean uidStore(String mailbox, long uidValidity, long uid, Flags flags, boolean set) throws MessagingException {
        List<String> names = new ArrayList<>();
        for (Flags.Flag flag : flags.getSystemFlags()) {
            names.add(flag == Flags.Flag.SEEN ? "\\Seen" : flag == Flags.Flag.FLAGGED ? "\\Flagged"
                    : flag == Flags.Flag.DELETED ? "\\Deleted" : flag == Flags.Flag.ANSWERED ? "\\Answered" : "\\Draft");
        }
        names.addAll(List.of(flags.getUserFlags()));
        List<String> answer = uidCommand(mailbox, uidValidity,
                "UID STORE " + uid + " " + (set ? "+" : "-") + "FLAGS (" + String.join(" ", names) + ")");
        return answer.stream().anyMatch(line -> line.matches("\\* \\d+ FETCH .*"));
    }

    /** Marks one message \\Deleted and UID EXPUNGEs it; true when the server reported it expunged. */
    public boolean uidExpunge(String mailbox, long uidValidity, long uid) throws MessagingException {
        uidStore(mailbox, uidValidity, uid, new Flags(Flags.Flag.DELETED), true);
        List<String> answer = uidCommand(mailbox, uidValidity, "UID EXPUNGE " + uid);
        return answer.stream().anyMatch(line -> line.matches("\\* \\d+ EXPUNGE.*"));
    }

    /** The mailbox's UIDVALIDITY is not the one a UID was read under: the UID means nothing here. */
    public static final class StaleMailboxException extends MessagingException {
        StaleMailboxException(String message) {
            super(message);
        }
    }

    private static OptionalLong copyUid(List<String> answer) {
        for (String line : answer) {
            Matcher matcher = COPY_UID.matcher(line);
            if (matcher.find()) {
                return OptionalLong.of(Long.parseLong(matcher.group(1)));
            }
        }
        return OptionalLong.empty();
    }

    /** The UIDs of the messages in {@code mailbox} with this Message-ID, read with EXAMINE. */
    public List<Long> uidsOf(String mailbox, String messageId) throws MessagingException {
        IMAPFolder folder = (IMAPFolder) store.getFolder(mailbox);
        folder.open(Folder.READ_ONLY);
        try {
            List<Long> uids = new ArrayList<>();
            for (Message message : folder.search(new MessageIDTerm(messageId))) {
                uids.add(folder.getUID(message));
            }
            return uids;
        } finally {
            folder.close(false);
        }
    }

    /**
     * SETMETADATA (RFC 5464) of one key on {@code mailbox} ("" for the server): {@code value}, or
     * with null NIL (removes it). Jakarta Mail has no METADATA command: sent raw. NO or BAD fails.
     */
    public void setMetadata(String mailbox, String key, String value) throws MessagingException {
        rawCommand("SETMETADATA " + quoted(mailbox) + " (" + key + " " + (value == null ? "NIL" : quoted(value)) + ")");
    }

    /**
     * GETMETADATA of {@code keys} on {@code mailbox}, one key per command: James 3.8.1's JPA
     * mailbox answers a GETMETADATA of several keys with none at all when one of them has no value.
     * The keys that have a value, to it (quoted values only, as James sends them).
     */
    public Map<String, String> metadata(String mailbox, String... keys) throws MessagingException {
        Map<String, String> values = new TreeMap<>();
        for (String key : keys) {
            for (String line : metadataResponse(mailbox, key)) {
                if (!line.startsWith("* METADATA ")) {
                    continue;
                }
                Matcher entry = METADATA_ENTRY.matcher(line);
                while (entry.find()) {
                    values.put(entry.group(1), entry.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
        }
        return values;
    }

    /** The lines of the answer to GETMETADATA of {@code keys} on {@code mailbox}, as the server sent them. */
    public List<String> metadataResponse(String mailbox, String... keys) throws MessagingException {
        return rawCommand("GETMETADATA " + quoted(mailbox) + " (" + String.join(" ", keys) + ")");
    }

    /** Sends one command outside any selected mailbox and returns every line of the answer; NO or BAD fails. */
    private List<String> rawCommand(String command) throws MessagingException {
        IMAPFolder folder = (IMAPFolder) store.getDefaultFolder();
        Object lines = folder.doCommand(protocol -> {
            Response[] responses = protocol.command(command, null);
            protocol.handleResult(responses[responses.length - 1]);
            List<String> text = new ArrayList<>();
            for (Response response : responses) {
                text.add(response.toString());
            }
            return text;
        });
        @SuppressWarnings("unchecked")
        List<String> answer = (List<String>) lines;
        return answer;
    }

    private static String quoted(String mailbox) {
        return "\"" + mailbox.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * SELECTs {@code mailbox}, checks its UIDVALIDITY, sends one command and returns every line of
     * the answer (untagged ones and the tagged OK); NO or BAD fails.
     */
    private List<String> uidCommand(String mailbox, long uidValidity, String command) throws MessagingException {
        IMAPFolder folder = (IMAPFolder) store.getFolder(mailbox);
        folder.open(Folder.READ_WRITE);
        try {
            if (folder.getUIDValidity() != uidValidity) {
                throw new StaleMailboxException("UIDVALIDITY of " + mailbox + " on " + source + " is now "
                        + folder.getUIDValidity() + ", not " + uidValidity);
            }
            Object lines = folder.doCommand(protocol -> {
                Response[] responses = protocol.command(command, null);
                protocol.notifyResponseHandlers(responses);
                protocol.handleResult(responses[responses.length - 1]);
                List<String> text = new ArrayList<>();
                for (Response response : responses) {
                    text.add(response.toString());
                }
                return text;
            });
            @SuppressWarnings("unchecked")
            List<String> answer = (List<String>) lines;
            return answer;
        } finally {
            if (folder.isOpen()) {
                folder.close(false);
            }
        }
    }

    private void withMessage(String mailbox, long uid, MessageAction action) throws MessagingException {
        IMAPFolder folder = (IMAPFolder) store.getFolder(mailbox);
        folder.open(Folder.READ_WRITE);
        try {
            Message message = folder.getMessageByUID(uid);
            if (message == null) {
                throw new MessagingException("no UID " + uid + " in " + mailbox + " on " + source);
            }
            action.apply(folder, message);
        } finally {
            folder.close(false);
        }
    }

    private interface MessageAction {
        void apply(IMAPFolder folder, Message message) throws MessagingException;
    }

    public void rename(String from, String to) throws MessagingException {
        if (!store.getFolder(from).renameTo(store.getFolder(to))) {
            throw new MessagingException("RENAME " + from + " " + to + " refused by " + source);
        }
    }

    public void delete(String mailbox) throws MessagingException {
        if (!store.getFolder(mailbox).delete(false)) {
            throw new MessagingException("DELETE " + mailbox + " refused by " + source);
        }
    }

    public void subscribe(String mailbox, boolean subscribed) throws MessagingException {
        store.getFolder(mailbox).setSubscribed(subscribed);
    }

    /** LSUB "" "*". */
    public List<String> subscriptions() throws MessagingException {
        List<String> names = new ArrayList<>();
        for (Folder folder : store.getDefaultFolder().listSubscribed("*")) {
            names.add(folder.getFullName());
        }
        names.sort(null);
        return names;
    }

    public MailStore snapshot() throws MessagingException, IOException {
        return ImapMailStoreReader.read(source, user, store);
    }

    private static long uidOf(IMAPFolder folder, String messageId) throws MessagingException {
        if (messageId == null) {
            throw new MessagingException("no APPENDUID from the server and no Message-ID to search for");
        }
        folder.open(Folder.READ_ONLY);
        try {
            Message[] found = folder.search(new MessageIDTerm(messageId));
            if (found.length == 0) {
                throw new MessagingException("appended message " + messageId + " not found in " + folder.getFullName());
            }
            return folder.getUID(found[found.length - 1]);
        } finally {
            folder.close(false);
        }
    }

    @Override
    public void close() throws MessagingException {
        store.close();
    }

    /** Jakarta Mail APPENDs a message's received date as its internal date. */
    private static final class DatedMessage extends MimeMessage {
        private final Date internalDate;

        DatedMessage(Session session, byte[] rfc822, Instant internalDate) throws MessagingException {
            super(session, new ByteArrayInputStream(rfc822));
            this.internalDate = Date.from(internalDate);
        }

        @Override
        public Date getReceivedDate() {
            return new Date(internalDate.getTime());
        }
    }
}

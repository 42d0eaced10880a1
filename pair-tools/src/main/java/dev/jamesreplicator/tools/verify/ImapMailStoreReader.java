package dev.jamesreplicator.tools.verify;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetHeaders;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.ACL;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.MODSEQ;
import org.eclipse.angus.mail.imap.protocol.UID;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a {@link MailStore} over an authenticated IMAP connection. Read-only throughout:
 * mailboxes are opened with EXAMINE and bodies fetched with BODY.PEEK, so taking a snapshot
 * neither sets \Seen nor resets \Recent, and so gives the replicator nothing to replicate.
 * When the server supports CONDSTORE (James 3.8.1 does), a mailbox's HIGHESTMODSEQ is taken
 * from the EXAMINE response and every message's MODSEQ fetched in one {@code UID FETCH 1:* (MODSEQ)}.
 */
public final class ImapMailStoreReader {
    /** Bodies are fetched in batches: few round trips, and memory bounded however big the mailbox. */
    private static final int BATCH_MESSAGES = 200;
    private static final long BATCH_BYTES = 8 * 1024 * 1024;

    private ImapMailStoreReader() {
    }

    public static MailStore read(String source, String user, Store store) throws MessagingException, IOException {
        // James 3.8.1 announces QRESYNC (which implies CONDSTORE) but not CONDSTORE itself.
        boolean condstore = store instanceof IMAPStore imap
                && (imap.hasCapability("CONDSTORE") || imap.hasCapability("QRESYNC"));
        SortedMap<String, MailboxState> mailboxes = new TreeMap<>();
        for (Folder listed : store.getDefaultFolder().list("*")) {
            IMAPFolder folder = (IMAPFolder) listed;
            if ((folder.getType() & Folder.HOLDS_MESSAGES) == 0) {
                mailboxes.put(folder.getFullName(), new MailboxState(folder.getFullName(), 0, 0, new TreeMap<>()));
                continue;
            }
            mailboxes.put(folder.getFullName(), readMailbox(folder, condstore));
        }
        SortedSet<String> subscriptions = new TreeSet<>();
        for (Folder subscribed : store.getDefaultFolder().listSubscribed("*")) {
            subscriptions.add(subscribed.getFullName());
        }
        return new MailStore(source, user, mailboxes, subscriptions, acls(store, mailboxes.keySet()));
    }

    /** Each mailbox's GETACL, identifier to rights (letters sorted: a server may list them in any order). */
    private static SortedMap<String, SortedMap<String, String>> acls(Store store, Set<String> names) throws MessagingException {
        SortedMap<String, SortedMap<String, String>> acls = new TreeMap<>();
        if (!(store instanceof IMAPStore imap) || !imap.hasCapability("ACL")) {
            return acls;
        }
        for (String name : names) {
            IMAPFolder folder = (IMAPFolder) store.getFolder(name);
            if ((folder.getType() & Folder.HOLDS_MESSAGES) == 0) {
                continue;
            }
            SortedMap<String, String> entries = new TreeMap<>();
            for (ACL entry : folder.getACL()) {
                char[] letters = entry.getRights().toString().toCharArray();
                Arrays.sort(letters);
                entries.put(entry.getName(), new String(letters));
            }
            acls.put(name, entries);
        }
        return acls;
    }

    /** Read again when a message goes while it is read: a sync renumbering or a client expunged it meanwhile. */
    private static MailboxState readMailbox(IMAPFolder folder, boolean condstore) throws MessagingException, IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return readMailboxOnce(folder, condstore);
            } catch (MessageRemovedException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static MailboxState readMailboxOnce(IMAPFolder folder, boolean condstore) throws MessagingException, IOException {
        // A plain EXAMINE: James answers HIGHESTMODSEQ to it, and Jakarta Mail's
        // open(mode, ResyncData.CONDSTORE) insists on the CONDSTORE capability James lacks.
        folder.open(Folder.READ_ONLY);
        try {
            long uidValidity = folder.getUIDValidity();
            long uidNext = folder.getUIDNext();
            long highestModSeq = condstore ? Math.max(folder.getHighestModSeq(), MessageState.UNKNOWN_MODSEQ)
                    : MessageState.UNKNOWN_MODSEQ;
            Message[] messages = folder.getMessages();
            FetchProfile profile = new FetchProfile();
            profile.add(UIDFolder.FetchProfileItem.UID);
            profile.add(FetchProfile.Item.FLAGS);
            profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
            profile.add(IMAPFolder.FetchProfileItem.SIZE);
            folder.fetch(messages, profile);
            Map<Long, Long> modSeqs = condstore && messages.length > 0 ? modSeqsByUid(folder) : Map.of();
            SortedMap<Long, MessageState> byUid = new TreeMap<>();
            for (int from = 0; from < messages.length; ) {
                int to = from + 1;
                long bytes = messages[from].getSize();
                while (to < messages.length && to - from < BATCH_MESSAGES
                        && bytes + messages[to].getSize() <= BATCH_BYTES) {
                    bytes += messages[to++].getSize();
                }
                Message[] batch = Arrays.copyOfRange(messages, from, to);
                from = to;
                Map<Long, byte[]> bodies = bodiesByUid(folder, folder.getUID(batch[0]), folder.getUID(batch[batch.length - 1]));
                for (Message message : batch) {
                    MessageState state = readMessage(folder, (IMAPMessage) message, bodies, modSeqs);
                    byUid.put(state.uid(), state);
                }
            }
            return new MailboxState(folder.getFullName(), uidValidity, uidNext, highestModSeq, byUid);
        } finally {
            folder.close(false);
        }
    }

    /** Every message's MODSEQ in one command (IMAPMessage.getModSeq would cost one per message). */
    @SuppressWarnings("unchecked")
    private static Map<Long, Long> modSeqsByUid(IMAPFolder folder) throws MessagingException {
        return (Map<Long, Long>) folder.doCommand(protocol -> {
            Response[] responses = protocol.command("UID FETCH 1:* (UID MODSEQ)", null);
            Map<Long, Long> byUid = new HashMap<>();
            for (Response response : responses) {
                if (response instanceof FetchResponse fetch) {
                    UID uid = fetch.getItem(UID.class);
                    MODSEQ modSeq = fetch.getItem(MODSEQ.class);
                    if (uid != null && modSeq != null) {
                        byUid.put(uid.uid, modSeq.modseq);
                    }
                }
            }
            protocol.notifyResponseHandlers(responses);
            protocol.handleResult(responses[responses.length - 1]);
            return byUid;
        });
    }

    /**
     * The exact bytes of the messages with UIDs {@code first..last}, in one
     * {@code UID FETCH (BODY.PEEK[])} (a fetch per message costs a round trip each).
     */
    @SuppressWarnings("unchecked")
    private static Map<Long, byte[]> bodiesByUid(IMAPFolder folder, long first, long last) throws MessagingException {
        return (Map<Long, byte[]>) folder.doCommand(protocol -> {
            Response[] responses = protocol.command("UID FETCH " + first + ":" + last + " (UID BODY.PEEK[])", null);
            Map<Long, byte[]> byUid = new HashMap<>();
            for (Response response : responses) {
                if (response instanceof FetchResponse fetch) {
                    UID uid = fetch.getItem(UID.class);
                    BODY body = fetch.getItem(BODY.class);
                    if (uid != null && body != null && body.getByteArray() != null) {
                        ByteArray bytes = body.getByteArray();
                        byUid.put(uid.uid, Arrays.copyOfRange(bytes.getBytes(), bytes.getStart(),
                                bytes.getStart() + bytes.getCount()));
                    }
                }
            }
            protocol.notifyResponseHandlers(responses);
            protocol.handleResult(responses[responses.length - 1]);
            return byUid;
        });
    }

    private static MessageState readMessage(IMAPFolder folder, IMAPMessage message, Map<Long, byte[]> bodies,
                                            Map<Long, Long> modSeqs) throws MessagingException, IOException {
        long uid = folder.getUID(message);
        byte[] bytes = bodies.get(uid);
        if (bytes == null) {
            // Not in the batch's answer: fetch it alone.
            message.setPeek(true);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            message.writeTo(raw);
            bytes = raw.toByteArray();
        }
        return new MessageState(uid, flagNames(message.getFlags()),
                message.getReceivedDate().toInstant(), bytes.length,
                ContentHash.of(bytes), ContentHash.ofBody(bytes), messageId(bytes),
                modSeqs.getOrDefault(uid, MessageState.UNKNOWN_MODSEQ));
    }

    /** System flags by their IMAP names, and keywords; \Recent (and Jakarta Mail's USER marker) left out. */
    public static SortedSet<String> flagNames(Flags flags) {
        SortedSet<String> names = new TreeSet<>();
        for (Flags.Flag flag : flags.getSystemFlags()) {
            if (flag == Flags.Flag.ANSWERED) {
                names.add("\\Answered");
            } else if (flag == Flags.Flag.DELETED) {
                names.add("\\Deleted");
            } else if (flag == Flags.Flag.DRAFT) {
                names.add("\\Draft");
            } else if (flag == Flags.Flag.FLAGGED) {
                names.add("\\Flagged");
            } else if (flag == Flags.Flag.SEEN) {
                names.add("\\Seen");
            }
        }
        for (String keyword : flags.getUserFlags()) {
            names.add(keyword);
        }
        return names;
    }

    private static String messageId(byte[] rfc822) throws MessagingException {
        String[] ids = new InternetHeaders(new ByteArrayInputStream(rfc822)).getHeader("Message-ID");
        return ids == null || ids.length == 0 ? null : ids[0].trim();
    }
}

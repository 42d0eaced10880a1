package dev.jamesreplicator.it.state;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetHeaders;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a {@link MailStore} over an authenticated IMAP connection. Read-only throughout:
 * mailboxes are opened with EXAMINE and bodies fetched with BODY.PEEK, so taking a snapshot
 * neither sets \Seen nor resets \Recent, and so gives the replicator nothing to replicate.
 */
public final class ImapMailStoreReader {

    private ImapMailStoreReader() {
    }

    public static MailStore read(String source, String user, Store store) throws MessagingException, IOException {
        SortedMap<String, MailboxState> mailboxes = new TreeMap<>();
        for (Folder listed : store.getDefaultFolder().list("*")) {
            IMAPFolder folder = (IMAPFolder) listed;
            if ((folder.getType() & Folder.HOLDS_MESSAGES) == 0) {
                mailboxes.put(folder.getFullName(), new MailboxState(folder.getFullName(), 0, 0, new TreeMap<>()));
                continue;
            }
            mailboxes.put(folder.getFullName(), readMailbox(folder));
        }
        return new MailStore(source, user, mailboxes);
    }

    private static MailboxState readMailbox(IMAPFolder folder) throws MessagingException, IOException {
        folder.open(Folder.READ_ONLY);
        try {
            long uidValidity = folder.getUIDValidity();
            long uidNext = folder.getUIDNext();
            Message[] messages = folder.getMessages();
            FetchProfile profile = new FetchProfile();
            profile.add(UIDFolder.FetchProfileItem.UID);
            profile.add(FetchProfile.Item.FLAGS);
            profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
            folder.fetch(messages, profile);
            SortedMap<Long, MessageState> byUid = new TreeMap<>();
            for (Message message : messages) {
                MessageState state = readMessage(folder, (IMAPMessage) message);
                byUid.put(state.uid(), state);
            }
            return new MailboxState(folder.getFullName(), uidValidity, uidNext, byUid);
        } finally {
            folder.close(false);
        }
    }

    private static MessageState readMessage(IMAPFolder folder, IMAPMessage message) throws MessagingException, IOException {
        message.setPeek(true);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        byte[] bytes = raw.toByteArray();
        return new MessageState(folder.getUID(message), flagNames(message.getFlags()),
                message.getReceivedDate().toInstant(), bytes.length,
                ContentHash.of(bytes), ContentHash.ofBody(bytes), messageId(bytes));
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

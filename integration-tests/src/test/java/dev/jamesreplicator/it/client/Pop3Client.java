package dev.jamesreplicator.it.client;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import org.eclipse.angus.mail.pop3.POP3Folder;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Reads POP3 UIDL lists; leaves the maildrop untouched (no DELE, no RETR). */
public final class Pop3Client {
    private static final String TIMEOUT_MILLIS = "30000";

    private Pop3Client() {
    }

    /** The UIDL list in message-number order. */
    public static List<String> uidl(String host, int port, String user, String password) throws MessagingException {
        Properties props = new Properties();
        props.setProperty("mail.pop3.connectiontimeout", TIMEOUT_MILLIS);
        props.setProperty("mail.pop3.timeout", TIMEOUT_MILLIS);
        // James 3.8.1 lists UIDL in CAPA only after login, but Jakarta Mail asks before login and
        // would then never send UIDL; without CAPA it assumes UIDL is there.
        props.setProperty("mail.pop3.disablecapa", "true");
        Session session = Session.getInstance(props);
        Store store = session.getStore("pop3");
        store.connect(host, port, user, password);
        try {
            POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                Message[] messages = inbox.getMessages();
                FetchProfile profile = new FetchProfile();
                profile.add(UIDFolder.FetchProfileItem.UID);
                inbox.fetch(messages, profile);
                List<String> uids = new ArrayList<>();
                for (Message message : messages) {
                    uids.add(inbox.getUID(message));
                }
                return uids;
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }
}

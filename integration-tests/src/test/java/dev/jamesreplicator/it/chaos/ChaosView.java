package dev.jamesreplicator.it.chaos;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import org.eclipse.angus.mail.imap.IMAPFolder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one client sees of the user's mail: every mailbox with its UIDVALIDITY and, per UID, the
 * message's {@code X-Chaos-Id} (read with EXAMINE and UID FETCH of that header only).
 */
public record ChaosView(SortedMap<String, Mailbox> mailboxes) {

    public static final String HEADER = "X-Chaos-Id";

    public record Mailbox(String name, long uidValidity, SortedMap<Long, String> chaosIds) {
    }

    /** One message as a client picks it: sorted by mailbox, then UID. */
    public record Pick(String mailbox, long uidValidity, long uid, String chaosId) {
    }

    public static ChaosView read(Store store) throws MessagingException {
        SortedMap<String, Mailbox> mailboxes = new TreeMap<>();
        for (Folder listed : store.getDefaultFolder().list("*")) {
            if ((listed.getType() & Folder.HOLDS_MESSAGES) == 0) {
                continue;
            }
            IMAPFolder folder = (IMAPFolder) listed;
            try {
                folder.open(Folder.READ_ONLY);
            } catch (MessagingException e) {
                continue; // deleted between LIST and EXAMINE, by the other node's sync
            }
            try {
                Message[] messages = folder.getMessages();
                FetchProfile profile = new FetchProfile();
                profile.add(UIDFolder.FetchProfileItem.UID);
                profile.add(HEADER);
                folder.fetch(messages, profile);
                SortedMap<Long, String> ids = new TreeMap<>();
                for (Message message : messages) {
                    if (message.isExpunged()) {
                        continue;
                    }
                    String[] header = message.getHeader(HEADER);
                    ids.put(folder.getUID(message), header == null || header.length == 0 ? "" : header[0].trim());
                }
                mailboxes.put(folder.getFullName(), new Mailbox(folder.getFullName(), folder.getUIDValidity(), ids));
            } finally {
                if (folder.isOpen()) {
                    folder.close(false);
                }
            }
        }
        return new ChaosView(mailboxes);
    }

    /** Every chaos message seen, in order of mailbox and UID. */
    public List<Pick> messages() {
        List<Pick> picks = new ArrayList<>();
        for (Mailbox mailbox : mailboxes.values()) {
            mailbox.chaosIds().forEach((uid, id) -> {
                if (!id.isEmpty()) {
                    picks.add(new Pick(mailbox.name(), mailbox.uidValidity(), uid, id));
                }
            });
        }
        picks.sort(Comparator.comparing(Pick::mailbox).thenComparingLong(Pick::uid));
        return picks;
    }

    public Set<String> chaosIds() {
        Set<String> ids = new HashSet<>();
        messages().forEach(pick -> ids.add(pick.chaosId()));
        return ids;
    }

    /** Every instance of the picked message this view shows, as UIDVALIDITY/UID, the picked one first. */
    public List<String> instancesOf(Pick picked) {
        List<String> instances = new ArrayList<>(List.of(picked.uidValidity() + "/" + picked.uid()));
        messages().stream().filter(pick -> pick.chaosId().equals(picked.chaosId()) && !pick.equals(picked))
            .forEach(pick -> instances.add(pick.uidValidity() + "/" + pick.uid()));
        return instances;
    }

    /** The chaos messages this view shows in {@code mailbox} and in no other mailbox. */
    public Set<String> shownOnlyIn(String mailbox) {
        Set<String> there = new HashSet<>();
        Set<String> elsewhere = new HashSet<>();
        messages().forEach(pick -> (pick.mailbox().equals(mailbox) ? there : elsewhere).add(pick.chaosId()));
        there.removeAll(elsewhere);
        return there;
    }

    public boolean holds(String mailbox, String chaosId) {
        Mailbox seen = mailboxes.get(mailbox);
        return seen != null && seen.chaosIds().containsValue(chaosId);
    }
}

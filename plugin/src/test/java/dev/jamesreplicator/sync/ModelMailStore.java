package dev.jamesreplicator.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.content.Sha256;
import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.Json;
import dev.jamesreplicator.model.MailboxState;
import dev.jamesreplicator.model.MessageIdentity;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.model.UserState;

/**
 * An in-memory mail store with James's rules that matter to sync (UIDs only grow, a pinned
 * UID at or below the last one is refused, MODSEQs only grow, renames carry children) and a
 * journal, for driving the real planner and applier through generated histories.
 */
public class ModelMailStore implements MailStore {
    static final class Mailbox {
        final long uidValidity;
        final String id;
        long lastUid;
        long highestModSeq;
        final TreeMap<Long, Stored> messages = new TreeMap<>();

        Mailbox(long uidValidity, String id) {
            this.uidValidity = uidValidity;
            this.id = id;
        }
    }

    static final class Stored {
        final String content;
        final long internalDate;
        List<String> flags;
        long modSeq;
        /**
         * As JamesMailStore's hash cache: a message's SHA-256 is known once a session read it or
         * stored it; an expunge before that writes a tombstone with size and internal date only.
         */
        boolean hashed;

        Stored(String content, long internalDate, List<String> flags, long modSeq) {
            this.content = content;
            this.internalDate = internalDate;
            this.flags = flags;
            this.modSeq = modSeq;
        }
    }

    /**
     * As JournalListener: what a user adds is hashed at once. {@code -Dsync.hashlessTombstones=true}
     * hashes it only when a session reads it, as before, so that its expunges may leave
     * tombstones without a hash (docs/sync.md, "Known gaps").
     */
    private static final boolean HASHED_WHEN_ADDED = !Boolean.getBoolean("sync.hashlessTombstones");

    final TreeMap<String, Mailbox> mailboxes = new TreeMap<>();
    final TreeSet<String> subscriptions = new TreeSet<>();
    Tombstones tombstones = Tombstones.NONE;
    /**
     * Expunges made while {@link #journalLags}, not in the journal yet: James's listener writes
     * a tombstone just after the expunge, so a sync can read the state between the two.
     */
    private final List<Tombstones.Expunged> unwritten = new ArrayList<>();
    boolean journalLags;
    CommonState common = CommonState.NONE;
    /** As a twin's {@code <maxMessageSize>}. */
    long maxMessageBytes = Long.MAX_VALUE;
    private final Random random;
    private long lastMailboxId;
    /** As JamesMailStore, per session: the renumberings it recorded, finished once its plan has run through. */
    private final List<Tombstones.Renumbered> renumberedHere = new ArrayList<>();
    /** The server's run, as the journal stamps it: a restart begins another. */
    private int boot = 1;
    /** As the journal's random run ids, no two servers share one: which store this is. */
    private static final java.util.concurrent.atomic.AtomicLong STORES = new java.util.concurrent.atomic.AtomicLong();
    private final long store = STORES.incrementAndGet();
    int openContents;

    public ModelMailStore(Random random) {
        this.random = random;
    }

    // ---- what users do (recorded in the journal like JournalListener does) ----------------

    public Mailbox userCreate(String name) {
        Mailbox mailbox = new Mailbox(1 + random.nextInt(Integer.MAX_VALUE - 1), newMailboxId());
        mailboxes.put(name, mailbox);
        return mailbox;
    }

    /**
     * The memory backend restarted: every mailbox and subscription is gone, the journal (in the
     * state store) stays, and mailbox ids start again from the first (so a new mailbox may get
     * the id a lost one had).
     */
    void restart() {
        mailboxes.clear();
        subscriptions.clear();
        lastMailboxId = 0;
        boot++;
    }

    private String run() {
        return store + "-" + boot;
    }

    private String newMailboxId() {
        return String.valueOf(++lastMailboxId);
    }

    public long userAppend(String name, String content, List<String> flags) {
        Mailbox mailbox = mailboxes.get(name);
        long uid = ++mailbox.lastUid;
        Stored stored = new Stored(content, 1_000L * content.length(), flags, ++mailbox.highestModSeq);
        stored.hashed = HASHED_WHEN_ADDED;
        mailbox.messages.put(uid, stored);
        return uid;
    }

    void userSetFlags(String name, long uid, List<String> flags) {
        Mailbox mailbox = mailboxes.get(name);
        Stored stored = mailbox.messages.get(uid);
        stored.flags = flags;
        stored.modSeq = ++mailbox.highestModSeq;
    }

    void userExpunge(String name, long uid) {
        userExpunge(name, uid, null);
    }

    private void userExpunge(String name, long uid, Tombstones.MovedTo movedTo) {
        Mailbox mailbox = mailboxes.get(name);
        Stored stored = mailbox.messages.remove(uid);
        Tombstones.Expunged tombstone = new Tombstones.Expunged(mailbox.uidValidity, uid,
            stored.hashed ? Sha256.of(stored.content.getBytes()) : null,
            stored.content.length(), stored.internalDate, movedTo).writtenInBoot(run());
        if (journalLags) {
            unwritten.add(tombstone);
        } else {
            record(List.of(tombstone));
        }
    }

    /** IMAP MOVE: a new message (new UID) in the target, then the source expunged, as James does. */
    long userMove(String from, long uid, String to) {
        Stored stored = mailboxes.get(from).messages.get(uid);
        Mailbox target = mailboxes.get(to);
        long newUid = ++target.lastUid;
        Stored copy = new Stored(stored.content, stored.internalDate, stored.flags, ++target.highestModSeq);
        copy.hashed = HASHED_WHEN_ADDED;
        target.messages.put(newUid, copy);
        userExpunge(from, uid, new Tombstones.MovedTo(target.uidValidity, newUid));
        return newUid;
    }

    /** The journal listener catches up. */
    void writeJournal() {
        record(unwritten);
        unwritten.clear();
    }

    private void record(List<Tombstones.Expunged> more) {
        List<Tombstones.Expunged> expunged = new ArrayList<>(tombstones.expunged());
        expunged.addAll(more);
        tombstones = tombstones.withExpunged(expunged);
    }

    void userDelete(String name) {
        Mailbox mailbox = mailboxes.remove(name);
        List<Tombstones.DeletedMailbox> deleted = new ArrayList<>(tombstones.deletedMailboxes());
        // As James's MailboxDeletion event tells the journal listener: how many messages it held;
        // and as the listener's hash cache names them: those whose content it knew.
        Map<Long, String> shown = new TreeMap<>();
        mailbox.messages.forEach((uid, stored) -> {
            if (stored.hashed) {
                shown.put(uid, Sha256.of(stored.content.getBytes()));
            }
        });
        deleted.add(new Tombstones.DeletedMailbox(name, mailbox.uidValidity).writtenInBoot(run())
            .holding(mailbox.messages.size()).showing(shown));
        tombstones = tombstones.withDeletedMailboxes(deleted);
    }

    void userRename(String from, String to) {
        List<Tombstones.Renamed> renamed = new ArrayList<>(tombstones.renamed());
        for (String name : new ArrayList<>(mailboxes.keySet())) {
            if (name.equals(from) || name.startsWith(from + ".")) {
                String newName = to + name.substring(from.length());
                Mailbox mailbox = mailboxes.remove(name);
                mailboxes.put(newName, mailbox);
                renamed.add(new Tombstones.Renamed(mailbox.uidValidity, name, newName));
            }
        }
        tombstones = tombstones.withRenamed(renamed);
    }

    void userSubscribe(String name, boolean subscribed) {
        List<String> unsubscribed = new ArrayList<>(tombstones.unsubscribed());
        unsubscribed.remove(name);
        if (subscribed) {
            subscriptions.add(name);
        } else {
            subscriptions.remove(name);
            unsubscribed.add(name);
        }
        tombstones = tombstones.withUnsubscribed(unsubscribed);
    }

    // ---- MailStore: what sync does ------------------------------------------------------

    @Override
    public UserState state() {
        return stateReadAcross(Integer.MAX_VALUE, () -> { });
    }

    /**
     * The state read as JamesMailStore reads it, one mailbox after another and the journal
     * last, with a user's action ({@code between}) after the first {@code before} mailboxes:
     * the mailboxes read before it show the store as it was, the rest and the journal after.
     */
    UserState stateReadAcross(int before, Runnable between) {
        // A session begins with this read: what an earlier one recorded and did not finish stays.
        renumberedHere.clear();
        List<MailboxState> states = new ArrayList<>();
        List<String> read = new ArrayList<>(mailboxes.keySet());
        read.subList(0, Math.min(before, read.size())).forEach(name -> states.add(mailboxState(name)));
        if (before < read.size()) {
            between.run();
            mailboxes.keySet().stream().filter(name -> name.compareTo(read.get(before)) >= 0)
                .forEach(name -> states.add(mailboxState(name)));
        }
        return new UserState(states, new ArrayList<>(subscriptions), tombstones.readInBoot(run()));
    }

    private MailboxState mailboxState(String name) {
        Mailbox mailbox = mailboxes.get(name);
        mailbox.messages.values().forEach(stored -> stored.hashed = true);
        return new MailboxState(name, mailbox.uidValidity, mailbox.lastUid + 1,
            mailbox.highestModSeq, mailbox.messages.entrySet().stream()
            .map(entry -> new MessageState(entry.getKey(), entry.getValue().modSeq, entry.getValue().flags,
                entry.getValue().internalDate, entry.getValue().content.length(), Sha256.of(entry.getValue().content.getBytes())))
            .collect(Collectors.toList()), mailbox.id);
    }

    @Override
    public void createMailbox(String name, long uidValidity) {
        if (mailboxes.containsKey(name)) {
            throw new SyncException(SyncException.Code.CONFLICT, "exists: " + name);
        }
        mailboxes.put(name, new Mailbox(uidValidity, newMailboxId()));
    }

    @Override
    public void replaceMailbox(String name, long oldUidValidity, int expectedMessages, long newUidValidity) {
        deleteMailbox(name, oldUidValidity, expectedMessages);
        createMailbox(name, newUidValidity);
    }

    @Override
    public MessageState append(String name, long uidValidity, MessageState message, MessageContent content) {
        ContentCheck.verified(name, message, content);
        Mailbox mailbox = open(name, uidValidity);
        if (message.uid() <= mailbox.lastUid) {
            throw new SyncException(SyncException.Code.CONFLICT, "UID " + message.uid() + " is not above " + mailbox.lastUid);
        }
        mailbox.lastUid = message.uid();
        mailbox.highestModSeq = Math.max(mailbox.highestModSeq + 1, message.modSeq());
        Stored stored = new Stored(read(content), message.internalDate(), message.flags(), mailbox.highestModSeq);
        stored.hashed = true;
        mailbox.messages.put(message.uid(), stored);
        return message;
    }

    private static String read(MessageContent content) {
        try (InputStream in = content.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts the contents handed out and not closed yet: whoever fetches must close. */
    @Override
    public MessageContent fetch(String name, long uidValidity, long uid) {
        Stored stored = open(name, uidValidity).messages.get(uid);
        if (stored == null) {
            throw new SyncException(SyncException.Code.NOT_FOUND, "no UID " + uid);
        }
        MessageContent bytes = MessageContent.of(stored.content.getBytes(StandardCharsets.UTF_8));
        openContents++;
        return new MessageContent() {
            private boolean closed;

            @Override
            public long size() {
                return bytes.size();
            }

            @Override
            public InputStream open() throws IOException {
                return bytes.open();
            }

            @Override
            public String sha256() throws IOException {
                return bytes.sha256();
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    openContents--;
                }
            }
        };
    }

    @Override
    public boolean expunge(String name, long uidValidity, long uid) {
        return open(name, uidValidity).messages.remove(uid) != null;
    }

    @Override
    public void setFlags(String name, long uidValidity, long uid, List<String> flags, long modSeq) {
        Mailbox mailbox = open(name, uidValidity);
        Stored stored = mailbox.messages.get(uid);
        // As James: the update always takes a MODSEQ, the message only when its flags change.
        mailbox.highestModSeq = Math.max(mailbox.highestModSeq + 1, modSeq);
        // A message a user removed since the plan was made: James updates nothing, and says nothing.
        if (stored != null && !stored.flags.equals(flags)) {
            stored.flags = flags;
            stored.modSeq = mailbox.highestModSeq;
        }
    }

    @Override
    public void raiseUidNext(String name, long uidValidity, long uidNext) {
        Mailbox mailbox = open(name, uidValidity);
        mailbox.lastUid = Math.max(mailbox.lastUid, uidNext - 1);
    }

    @Override
    public void raiseModSeq(String name, long uidValidity, long uid, long modSeq, boolean messageToo) {
        Mailbox mailbox = open(name, uidValidity);
        if (!messageToo) {
            mailbox.highestModSeq = Math.max(mailbox.highestModSeq + 1, modSeq);
            return;
        }
        Stored stored = mailbox.messages.get(uid);
        if (stored == null) {
            return;
        }
        mailbox.highestModSeq = Math.max(mailbox.highestModSeq + 1, modSeq);
        stored.modSeq = mailbox.highestModSeq;
    }

    @Override
    public void deleteMailbox(String name, long uidValidity, int expectedMessages) {
        Mailbox mailbox = open(name, uidValidity);
        if (mailbox.messages.size() != expectedMessages) {
            throw new SyncException(SyncException.Code.CONFLICT, "changed: " + name);
        }
        mailboxes.remove(name);
    }

    @Override
    public void renameMailbox(long uidValidity, String from, String to) {
        Mailbox target = mailboxes.get(to);
        if (target != null && target.uidValidity == uidValidity) {
            return;
        }
        if (target != null) {
            throw new SyncException(SyncException.Code.CONFLICT, "taken: " + to);
        }
        open(from, uidValidity);
        for (String name : new ArrayList<>(mailboxes.keySet())) {
            if (name.equals(from) || name.startsWith(from + ".")) {
                mailboxes.put(to + name.substring(from.length()), mailboxes.remove(name));
            }
        }
    }

    @Override
    public void setSubscribed(String name, boolean subscribed) {
        if (subscribed) {
            subscriptions.add(name);
        } else {
            subscriptions.remove(name);
        }
    }

    /** As JamesMailStore: a copy within one mailbox is a renumbering, recorded once it is made. */
    @Override
    public MessageState copy(String sourceMailbox, long sourceUidValidity, long sourceUid, String mailbox, long uidValidity,
                             MessageState message) {
        MessageState copied = MailStore.super.copy(sourceMailbox, sourceUidValidity, sourceUid, mailbox, uidValidity, message);
        if (sourceUidValidity == uidValidity) {
            List<Tombstones.Renumbered> renumbered = new ArrayList<>(tombstones.renumbered());
            Tombstones.Renumbered record = new Tombstones.Renumbered(uidValidity, sourceUid, message.uid(), MessageIdentity.of(message));
            renumbered.add(record);
            renumberedHere.add(record);
            tombstones = tombstones.withRenumbered(renumbered);
        }
        return copied;
    }

    @Override
    public void completeSync(CommonState agreed, Tombstones honoured) {
        // Through JSON, as the journal stores it.
        common = Json.roundTrip(agreed, CommonState.class);
        tombstones = new Tombstones(without(tombstones.expunged(), honoured.expunged()),
            without(tombstones.deletedMailboxes(), honoured.deletedMailboxes()),
            without(tombstones.renamed(), honoured.renamed()),
            without(tombstones.unsubscribed(), honoured.unsubscribed()),
            without(without(tombstones.renumbered(), honoured.renumbered()), renumberedHere), null);
        renumberedHere.clear();
    }

    private static <T> List<T> without(List<T> all, List<T> dropped) {
        List<T> kept = new ArrayList<>(all);
        kept.removeAll(dropped);
        return kept;
    }

    private Mailbox open(String name, long uidValidity) {
        Mailbox mailbox = mailboxes.get(name);
        if (mailbox == null) {
            throw new SyncException(SyncException.Code.NOT_FOUND, "no mailbox " + name);
        }
        if (mailbox.uidValidity != uidValidity) {
            throw new SyncException(SyncException.Code.CONFLICT, name + " has another UIDVALIDITY");
        }
        return mailbox;
    }

    /** What a client sees: mailbox name, UIDVALIDITY, and per UID the content and flags. */
    Map<String, String> visible() {
        Map<String, String> view = new TreeMap<>();
        mailboxes.forEach((name, mailbox) -> {
            view.put(name, "uidvalidity " + mailbox.uidValidity);
            mailbox.messages.forEach((uid, stored) -> view.put(name + "/" + uid, stored.content + " " + stored.flags));
        });
        view.put("subscriptions", subscriptions.toString());
        return view;
    }

    @Override
    public long maxMessageBytes() {
        return maxMessageBytes;
    }
}

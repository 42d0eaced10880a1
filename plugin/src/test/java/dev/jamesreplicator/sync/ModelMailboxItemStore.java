package dev.jamesreplicator.sync;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.jamesreplicator.model.MailboxItemState;
import dev.jamesreplicator.model.MailboxItemTombstones;
import dev.jamesreplicator.state.MailboxItemJournal;

/**
 * One server's annotations of one user as James would hold them (mailboxes by UIDVALIDITY), with
 * the server's real journal; a user's change is made as a client would and recorded as the
 * agent's hook has the plugin record it.
 */
public final class ModelMailboxItemStore implements MailboxItemStore {
    private final String user;
    private final MailboxItemJournal journal;
    private final Map<Long, String> names = new TreeMap<>();
    private final Map<Long, Map<String, String>> annotations = new TreeMap<>();

    public ModelMailboxItemStore(String user, MailboxItemJournal journal) {
        this.user = user;
        this.journal = journal;
    }

    public ModelMailboxItemStore mailbox(long uidValidity, String name) {
        names.put(uidValidity, name);
        annotations.putIfAbsent(uidValidity, new TreeMap<>());
        return this;
    }

    public void deleteMailbox(long uidValidity) {
        names.remove(uidValidity);
        annotations.remove(uidValidity);
    }

    /** A client's SETMETADATA of one key (null: NIL). */
    public void userSets(long uidValidity, String key, String value) {
        if (value == null) {
            annotations.get(uidValidity).remove(key);
            journal.record(user, uidValidity, Set.of(), Set.of(key));
        } else {
            annotations.get(uidValidity).put(key, value);
            journal.record(user, uidValidity, Set.of(key), Set.of());
        }
    }

    public Optional<String> value(long uidValidity, String key) {
        return Optional.ofNullable(annotations.getOrDefault(uidValidity, Map.of()).get(key));
    }

    @Override
    public Snapshot read() {
        Map<Long, MailboxItemState.Mailbox> mailboxes = new TreeMap<>();
        names.forEach((uidValidity, name) -> mailboxes.put(uidValidity, new MailboxItemState.Mailbox(name, annotations.get(uidValidity))));
        return new Snapshot(new MailboxItemState(mailboxes), journal.tombstones(user));
    }

    @Override
    public MailboxItemState common() {
        return journal.common(user);
    }

    @Override
    public void write(long uidValidity, String mailbox, String key, Optional<String> value, Optional<String> replacing) {
        if (!mailbox.equals(names.get(uidValidity))) {
            throw new SyncException(SyncException.Code.CONFLICT, "no mailbox " + mailbox + " of uidvalidity " + uidValidity);
        }
        if (!value(uidValidity, key).equals(replacing)) {
            throw new SyncException(SyncException.Code.CONFLICT, key + " changed since it was read");
        }
        if (value.isPresent()) {
            annotations.get(uidValidity).put(key, value.get());
        } else {
            annotations.get(uidValidity).remove(key);
        }
        journal.written(user, uidValidity, key, value);
    }

    @Override
    public void completeSync(MailboxItemState agreed, MailboxItemTombstones honoured) {
        journal.completeSync(user, agreed, honoured);
    }
}

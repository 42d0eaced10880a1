package dev.jamesreplicator.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.events.MailboxEvents.Expunged;
import org.apache.james.mailbox.events.MailboxEvents.MailboxDeletion;
import org.apache.james.mailbox.events.MailboxEvents.MailboxEvent;
import org.apache.james.mailbox.events.MailboxEvents.MailboxRenamed;
import org.apache.james.mailbox.events.MailboxEvents.MailboxSubscribedEvent;
import org.apache.james.mailbox.events.MailboxEvents.MailboxUnsubscribedEvent;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.replicator.Priority;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.state.ContentHashes;
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.state.MailboxIdentities;
import dev.jamesreplicator.state.OwnSessions;

/**
 * Records the user actions that remove or move something (expunge, mailbox delete, rename,
 * unsubscribe) as tombstones in the journal, the only evidence sync accepts for removing
 * anything on the twin. Records first, then asks for a sync, so the sync sees the tombstone.
 */
public class JournalListener implements EventListener.GroupEventListener {
    /** Used only when listeners.xml gives no {@code <group>}; the shipped listeners.xml does. */
    public static class JournalListenerGroup extends Group {
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(JournalListener.class);
    private static final Group GROUP = new JournalListenerGroup();

    private final Journal journal;
    private final MailboxIdentities identities;
    private final OwnSessions ownSessions;
    private final ReplicationQueue queue;
    private final MailboxManager mailboxManager;
    private final ContentHashes hashes;
    /** The most messages a mailbox deletion's tombstone names (see {@link #shown}). */
    static final int MAX_SHOWN = 10_000;

    private final MoveTargets moveTargets = new MoveTargets();
    /**
     * Reads James off the event's thread. James dispatches a rename's event inside the
     * rename's JPA transaction; a read of that mailbox on another connection waits for the
     * transaction's row lock, which the transaction holds until this listener returns: Derby
     * gave up after 60 s, with every session that needed the mailbox table waiting behind it.
     */
    private final ExecutorService lateReads = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "replication-journal-late-reads");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public JournalListener(Journal journal, MailboxIdentities identities, OwnSessions ownSessions, ReplicationQueue queue,
                           MailboxManager mailboxManager, ContentHashes hashes) {
        this.hashes = hashes;
        this.journal = journal;
        this.identities = identities;
        this.ownSessions = ownSessions;
        this.queue = queue;
        this.mailboxManager = mailboxManager;
    }

    @Override
    public Group getDefaultGroup() {
        return GROUP;
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof MailboxEvent;
    }

    @Override
    public void event(Event event) {
        MailboxEvent change = (MailboxEvent) event;
        String owner = change.getMailboxPath().getUser().asString();
        if (!(change instanceof MailboxDeletion) && !(change instanceof MailboxRenamed)) {
            learnUidValidity(change.getMailboxId(), change.getMailboxPath().getUser());
        }
        if (!ownSessions.contains(change.getSessionId().getValue()) && record(change, owner)) {
            queue.request(owner, Priority.LOW);
        }
        forgetHashesOfWhatLeft(change);
    }

    /**
     * What a deleted mailbox held that this server knew by content (hashed when added, or read
     * by a session since it started), for its tombstone to name: the twin then removes these even
     * if no session completed since they came. Up to {@value #MAX_SHOWN} of them: a larger
     * mailbox's tombstone names none (it travels in every STATE until honoured), and keeps what
     * the last completed sync did not know, as before.
     */
    private Map<Long, String> shown(MailboxId mailboxId) {
        Map<Long, String> known = hashes.of(mailboxId.serialize());
        return known.size() > MAX_SHOWN ? Map.of() : known;
    }

    /** After the tombstone took the hash: whoever removed them, these messages are gone for good. */
    private void forgetHashesOfWhatLeft(MailboxEvent change) {
        if (change instanceof Expunged) {
            hashes.forget(change.getMailboxId().serialize(), ((Expunged) change).getUids().stream()
                .map(MessageUid::asLong).collect(Collectors.toList()));
        } else if (change instanceof MailboxDeletion) {
            hashes.forgetMailbox(change.getMailboxId().serialize());
        }
    }

    private boolean record(MailboxEvent change, String owner) {
        String name = change.getMailboxPath().getName();
        if (change instanceof Added) {
            rememberAdded((Added) change);
            return false;
        }
        if (change instanceof Expunged) {
            Expunged expunged = (Expunged) change;
            String mailboxId = change.getMailboxId().serialize();
            String session = String.valueOf(change.getSessionId().getValue());
            uidValidity(change.getMailboxId()).ifPresent(uidValidity -> journal.recordExpunged(owner,
                expunged.getExpunged().values().stream()
                    .map(meta -> {
                        Tombstones.Expunged tombstone = new Tombstones.Expunged(uidValidity, meta.getUid().asLong(),
                            hashes.known(mailboxId, meta.getUid().asLong()), meta.getSize(), meta.getInternalDate().getTime());
                        return moveTargets.takeTarget(session, meta.getSize(), meta.getInternalDate().getTime())
                            .map(tombstone::movedTo).orElse(tombstone);
                    })
                    .collect(Collectors.toList())));
            return true;
        }
        if (change instanceof MailboxDeletion) {
            // 0 when this server never saw the mailbox's UIDVALIDITY: then the tombstone matches the name alone.
            journal.recordMailboxDeleted(owner, name, uidValidity(change.getMailboxId()).orElse(0L),
                ((MailboxDeletion) change).getDeletedMessageCount().asLong(), shown(change.getMailboxId()));
            return true;
        }
        if (change instanceof MailboxRenamed) {
            String newName = ((MailboxRenamed) change).getNewPath().getName();
            Optional<Long> known = uidValidity(change.getMailboxId());
            if (known.isPresent()) {
                journal.recordRenamed(owner, known.get(), name, newName);
                return true;
            }
            recordRenameOnceRead(owner, change, name, newName);
            return false;
        }
        if (change instanceof MailboxSubscribedEvent || change instanceof MailboxUnsubscribedEvent) {
            journal.recordSubscription(owner, name, change instanceof MailboxSubscribedEvent);
            return true;
        }
        return false;
    }

    /** What a user session added, in case its next event is a MOVE's expunge in the source. */
    private void rememberAdded(Added added) {
        uidValidity(added.getMailboxId()).ifPresent(uidValidity -> moveTargets.added(
            String.valueOf(added.getSessionId().getValue()), uidValidity, added.getAdded().values()));
        hashAdded(added);
    }

    /**
     * Takes the SHA-256 of what a user added now, not at the next session: a message expunged
     * before any session read it got a tombstone with size and internal date only, and another
     * message of the same UID, size and date on the twin was taken for it (ChaosIT seed 110).
     * Best effort: what cannot be read now, the next session hashes as before.
     */
    private void hashAdded(Added added) {
        String mailboxId = added.getMailboxId().serialize();
        List<MessageUid> unhashed = added.getUids().stream()
            .filter(uid -> hashes.known(mailboxId, uid.asLong()) == null)
            .collect(Collectors.toList());
        if (unhashed.isEmpty()) {
            return;
        }
        MailboxSession session = mailboxManager.createSystemSession(added.getMailboxPath().getUser());
        mailboxManager.startProcessingRequest(session);
        try {
            MessageManager mailbox = mailboxManager.getMailbox(added.getMailboxId(), session);
            for (MessageUid uid : unhashed) {
                MessageResultIterator results = mailbox.getMessages(MessageRange.one(uid), FetchGroup.FULL_CONTENT, session);
                if (results.hasNext()) {
                    try (InputStream content = results.next().getFullContent().getInputStream()) {
                        hashes.remember(mailboxId, uid.asLong(), content);
                    }
                }
            }
        } catch (MailboxException | IOException | RuntimeException e) {
            LOGGER.debug("Messages added to {} not hashed now; the next session hashes them", mailboxId, e);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    private Optional<Long> uidValidity(MailboxId mailboxId) {
        return identities.uidValidity(mailboxId.serialize());
    }

    /**
     * A rename of a mailbox this server has not seen since it started: its UIDVALIDITY is read
     * once James's rename has committed, and the rename recorded then (a session may run first
     * without the record: the planner then takes the rename for the tie-break's).
     */
    private void recordRenameOnceRead(String owner, MailboxEvent change, String name, String newName) {
        lateReads.execute(() -> {
            learnUidValidity(change.getMailboxId(), change.getMailboxPath().getUser());
            uidValidity(change.getMailboxId()).ifPresent(uidValidity -> {
                journal.recordRenamed(owner, uidValidity, name, newName);
                queue.request(owner, Priority.LOW);
            });
        });
    }

    private void learnUidValidity(MailboxId id, Username user) {
        if (id == null || identities.uidValidity(id.serialize()).isPresent()) {
            return;
        }
        try {
            long uidValidity = mailboxManager.getMailbox(id, mailboxManager.createSystemSession(user))
                .getMailboxEntity().getUidValidity().asLong();
            identities.remember(id.serialize(), uidValidity);
        } catch (MailboxException e) {
            LOGGER.debug("Mailbox {} is gone before its UIDVALIDITY was read", id, e);
        }
    }
}

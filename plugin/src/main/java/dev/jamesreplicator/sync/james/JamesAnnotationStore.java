package dev.jamesreplicator.sync.james;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxAnnotationKey;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.search.MailboxQuery;

import dev.jamesreplicator.annotation.AnnotationWrites;
import dev.jamesreplicator.model.AnnotationState;
import dev.jamesreplicator.model.AnnotationTombstones;
import dev.jamesreplicator.state.AnnotationJournal;
import dev.jamesreplicator.sync.AnnotationStore;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.SyncException.Code;

/**
 * One user's mailbox annotations on this server, through James's annotation API: read with this
 * server's records of them under the user's annotation lock (so no change falls between the
 * two), written as the replicator (so the agent's hook records nothing and queues no one), each
 * write only if the mailbox still has the UIDVALIDITY and the key the value the plan saw (else
 * CONFLICT: the session plans again).
 */
public final class JamesAnnotationStore implements AnnotationStore {
    private final MailboxManager mailboxManager;
    private final AnnotationJournal journal;
    private final Username user;

    public JamesAnnotationStore(MailboxManager mailboxManager, AnnotationJournal journal, Username user) {
        this.mailboxManager = mailboxManager;
        this.journal = journal;
        this.user = user;
    }

    @Override
    public Snapshot read() throws Exception {
        return AnnotationWrites.locked(user.asString(), () -> inSession(session -> {
            Map<Long, AnnotationState.Mailbox> mailboxes = new TreeMap<>();
            List<MailboxMetaData> found = mailboxManager
                .search(MailboxQuery.privateMailboxesBuilder(session).matchesAllMailboxNames().build(),
                    MailboxManager.MailboxSearchFetchType.Minimal, session)
                .collectList().block();
            for (MailboxMetaData mailbox : found) {
                MailboxPath path = mailbox.getPath();
                Map<String, String> annotations = new TreeMap<>();
                for (MailboxAnnotation annotation : mailboxManager.getAllAnnotations(path, session)) {
                    annotation.getValue().ifPresent(value -> annotations.put(annotation.getKey().asString(), value));
                }
                mailboxes.put(mailbox.getMailbox().getUidValidity().asLong(), new AnnotationState.Mailbox(path.getName(), annotations));
            }
            return new Snapshot(new AnnotationState(mailboxes), journal.tombstones(user.asString()));
        }));
    }

    @Override
    public void write(long uidValidity, String mailbox, String key, Optional<String> value, Optional<String> replacing)
            throws Exception {
        AnnotationWrites.locked(user.asString(), () -> AnnotationWrites.asReplicator(() -> inSession(session -> {
            MailboxPath path = MailboxPath.forUser(user, mailbox);
            MailboxAnnotationKey annotationKey = new MailboxAnnotationKey(key);
            Optional<String> current;
            try {
                long held = mailboxManager.getMailbox(path, session).getMailboxEntity().getUidValidity().asLong();
                if (held != uidValidity) {
                    throw conflict(mailbox + " is another mailbox (uidvalidity " + held + ") than the plan saw");
                }
                current = mailboxManager.getAnnotationsByKeys(path, session, Set.of(annotationKey)).stream()
                    .findFirst().flatMap(MailboxAnnotation::getValue);
            } catch (MailboxNotFoundException e) {
                throw conflict("the mailbox " + mailbox + " is gone");
            }
            if (!current.equals(replacing)) {
                throw conflict("the annotation " + key + " of " + mailbox + " changed since it was read");
            }
            // James refuses a value above its size limit or a mailbox's annotation beyond its count: the step fails.
            mailboxManager.updateAnnotations(path, session, List.of(value
                .map(text -> MailboxAnnotation.newInstance(annotationKey, text))
                .orElseGet(() -> MailboxAnnotation.nil(annotationKey))));
            // Until the session completes: a session cut after this knows the value is the twin's.
            journal.written(user.asString(), uidValidity, key, value);
            return null;
        })));
    }

    @Override
    public AnnotationState common() {
        return journal.common(user.asString());
    }

    @Override
    public void completeSync(AnnotationState agreed, AnnotationTombstones honoured) {
        journal.completeSync(user.asString(), agreed, honoured);
    }

    private SyncException conflict(String what) {
        return new SyncException(Code.CONFLICT, what + " (user " + user.asString() + ")");
    }

    private interface Work<T> {
        T run(MailboxSession session) throws Exception;
    }

    /** A system session of its own per call: on JPA, what it reads is the database now, not an earlier call's. */
    private <T> T inSession(Work<T> work) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(user);
        mailboxManager.startProcessingRequest(session);
        try {
            return work.run(session);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }
}

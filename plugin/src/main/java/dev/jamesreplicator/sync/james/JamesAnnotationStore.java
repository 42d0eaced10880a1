package dev.jamesreplicator.sync.james;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxAnnotationKey;
import org.apache.james.mailbox.model.MailboxPath;

import dev.jamesreplicator.state.AnnotationJournal;

/**
 * One user's mailbox annotations on this server, through James's annotation API
 * ({@link JamesMailboxItemStore}, docs/metadata.md). A key is read with all the mailbox's
 * annotations: James's JPA mailbox answers a read of several keys with none when one is unset.
 */
public final class JamesAnnotationStore extends JamesMailboxItemStore {

    public JamesAnnotationStore(MailboxManager mailboxManager, AnnotationJournal journal, Username user) {
        super(mailboxManager, journal, user);
    }

    @Override
    Map<String, String> items(MailboxPath path, MailboxSession session) throws Exception {
        Map<String, String> annotations = new TreeMap<>();
        for (MailboxAnnotation annotation : mailboxManager.getAllAnnotations(path, session)) {
            annotation.getValue().ifPresent(value -> annotations.put(annotation.getKey().asString(), value));
        }
        return annotations;
    }

    @Override
    void apply(MailboxPath path, String key, Optional<String> value, MailboxSession session) throws Exception {
        MailboxAnnotationKey annotationKey = new MailboxAnnotationKey(key);
        // James refuses a value above its size limit or a mailbox's annotation beyond its count: the step fails.
        mailboxManager.updateAnnotations(path, session, List.of(value
            .map(text -> MailboxAnnotation.newInstance(annotationKey, text))
            .orElseGet(() -> MailboxAnnotation.nil(annotationKey))));
    }

    @Override
    String itemName() {
        return "annotation";
    }
}

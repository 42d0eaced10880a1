package dev.jamesreplicator.state;

import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * This server's ACL journal, per user (docs/acl.md): what {@link AnnotationJournal} keeps of
 * annotations, kept of mailbox ACL entries, each entry a key (the entry's identifier, name type
 * and sign, {@link AclEntries}) with its rights as value: the entries its users removed, the
 * rights sessions wrote since the last complete one, and the entries both servers held after it.
 */
@Singleton
public class AclJournal extends MailboxItemJournal {
    @Inject
    public AclJournal(StateStore store) {
        super(store, "acl", "the ACL journal");
    }
}

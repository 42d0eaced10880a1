package dev.jamesreplicator.jpa;

import java.util.Optional;

import org.apache.james.mailbox.acl.ACLDiff;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxACL;

import reactor.core.publisher.Mono;

/**
 * Mailbox ACLs on James's JPA backend, which keeps none: {@code JPAMailboxMapper.setACL} and
 * {@code updateACL} change only the {@code Mailbox} object of the command, and every read builds a
 * new one with an empty ACL from its row ({@code JPAMailbox.toMailbox}), so an IMAP SETACL is
 * gone by the next command. The agent keeps each changed ACL in the plugin's {@link Storage} (its
 * state store, docs/acl.md) and puts it back on every {@code Mailbox} James builds from a row.
 * Without a plugin, James's own behaviour is unchanged.
 */
public final class StoredAcls {
    private static volatile Storage storage;

    private StoredAcls() {
    }

    /** Where the ACLs live: by mailbox id (James's serialized {@code MailboxId}). */
    public interface Storage {
        Optional<MailboxACL> load(String mailboxId);

        void store(String mailboxId, MailboxACL acl);
    }

    public static void use(Storage newStorage) {
        storage = newStorage;
    }

    public static void stopUsing(Storage oldStorage) {
        if (storage == oldStorage) {
            storage = null;
        }
    }

    /** The mailbox James just built from its row, with the ACL stored for it. */
    public static Mailbox restored(Mailbox mailbox) {
        Storage current = storage;
        if (current != null && mailbox != null && mailbox.getMailboxId() != null) {
            current.load(mailbox.getMailboxId().serialize()).ifPresent(mailbox::setACL);
        }
        return mailbox;
    }

    /**
     * James's ACL change of {@code mailbox}, which then holds the new ACL: stored once the change
     * is made, before its event; a failure to store fails the command.
     */
    public static Mono<ACLDiff> kept(Mono<ACLDiff> change, Mailbox mailbox) {
        Storage current = storage;
        if (current == null) {
            return change;
        }
        return change.doOnNext(diff -> current.store(mailbox.getMailboxId().serialize(), mailbox.getACL()));
    }
}

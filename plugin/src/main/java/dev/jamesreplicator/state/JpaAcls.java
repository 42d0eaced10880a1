package dev.jamesreplicator.state;

import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.mailbox.exception.UnsupportedRightException;
import org.apache.james.mailbox.model.MailboxACL;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableSortedMap;

import dev.jamesreplicator.jpa.StoredAcls;

/**
 * Where the JPA backend's mailbox ACLs live, since James 3.8.1's JPA mailbox keeps none
 * (docs/acl.md): by mailbox id, in the state store, written when James sets an ACL and read by
 * the agent whenever James builds a mailbox from its row. Unused on the memory backend (whose
 * mailboxes keep their ACL, and are gone at restart with it).
 */
@Singleton
public class JpaAcls implements StoredAcls.Storage {
    private final UserRecords<Entries> records;

    @Inject
    public JpaAcls(StateStore store) {
        this.records = new UserRecords<>(store, "jpa.acl", Entries.class, Entries.NONE, "the stored ACL");
    }

    @Override
    public Optional<MailboxACL> load(String mailboxId) {
        Entries entries = records.read(mailboxId);
        if (entries == Entries.NONE) {
            return Optional.empty();
        }
        try {
            return Optional.of(AclEntries.toAcl(entries.entries()));
        } catch (UnsupportedRightException e) {
            throw new IllegalStateException("the stored ACL of mailbox " + mailboxId + " is unreadable", e);
        }
    }

    @Override
    public void store(String mailboxId, MailboxACL acl) {
        records.write(mailboxId, new Entries(AclEntries.of(acl)));
    }

    /** The mailbox is deleted: its ACL goes (ids are not reused, so this only keeps the store small). */
    public void forget(String mailboxId) {
        if (records.read(mailboxId) != Entries.NONE) {
            records.remove(mailboxId);
        }
    }

    /** One mailbox's entries, key to rights ({@link AclEntries}). */
    static final class Entries {
        static final Entries NONE = new Entries(null);

        private final Map<String, String> entries;

        @JsonCreator
        Entries(@JsonProperty("entries") Map<String, String> entries) {
            this.entries = entries == null ? ImmutableSortedMap.of() : ImmutableSortedMap.copyOf(entries);
        }

        @JsonProperty("entries")
        Map<String, String> entries() {
            return entries;
        }
    }
}

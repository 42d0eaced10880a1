package dev.jamesreplicator.state;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.james.mailbox.exception.UnsupportedRightException;
import org.apache.james.mailbox.model.MailboxACL;

/**
 * A mailbox ACL as the replicator keeps and compares it (docs/acl.md): each entry's key, as James
 * serializes it ({@code bob@example.test}, {@code -bob@example.test} for negative rights,
 * {@code $group}, {@code anyone}), to its rights in RFC 4314 letters, in James's order. Two
 * servers' James write both alike, so equal ACLs give equal maps.
 */
public final class AclEntries {
    private AclEntries() {
    }

    public static SortedMap<String, String> of(MailboxACL acl) {
        SortedMap<String, String> entries = new TreeMap<>();
        acl.getEntries().forEach((key, rights) -> {
            if (!rights.isEmpty()) {
                entries.put(key.serialize(), rights.serialize());
            }
        });
        return entries;
    }

    public static MailboxACL toAcl(Map<String, String> entries) throws UnsupportedRightException {
        Map<MailboxACL.EntryKey, MailboxACL.Rfc4314Rights> acl = new TreeMap<>(Comparator.comparing(MailboxACL.EntryKey::serialize));
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            acl.put(MailboxACL.EntryKey.deserialize(entry.getKey()), MailboxACL.Rfc4314Rights.deserialize(entry.getValue()));
        }
        return new MailboxACL(acl);
    }

    /** The command that gives the entry {@code key} the {@code rights} (none: removes the entry). */
    public static MailboxACL.ACLCommand replacing(String key, Optional<String> rights) throws UnsupportedRightException {
        MailboxACL.ACLCommand.Builder command = MailboxACL.command().key(MailboxACL.EntryKey.deserialize(key));
        return (rights.isPresent() ? command.rights(MailboxACL.Rfc4314Rights.deserialize(rights.get())) : command.noRights())
            .asReplacement();
    }
}

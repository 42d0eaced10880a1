package dev.jamesreplicator.sync.james;

import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxPath;

import dev.jamesreplicator.state.AclEntries;
import dev.jamesreplicator.state.AclJournal;
import dev.jamesreplicator.state.OwnSessions;

/**
 * One user's mailbox ACLs on this server ({@link JamesMailboxItemStore}, docs/acl.md): read as
 * the owner sees them (the mailbox's own entries, not James's global ACL), each entry written as
 * a replacement of its rights (none: the entry removed) in a session of the replicator's own, so
 * James's {@code MailboxACLUpdated} for it records and queues nothing.
 */
public final class JamesAclStore extends JamesMailboxItemStore {
    private final OwnSessions ownSessions;

    public JamesAclStore(MailboxManager mailboxManager, AclJournal journal, OwnSessions ownSessions, Username user) {
        super(mailboxManager, journal, user);
        this.ownSessions = ownSessions;
    }

    @Override
    Map<String, String> items(MailboxPath path, MailboxSession session) throws Exception {
        return AclEntries.of(mailboxManager.listRights(path, session));
    }

    @Override
    void apply(MailboxPath path, String key, Optional<String> value, MailboxSession session) throws Exception {
        // James refuses an entry of another domain than the owner's: the step fails, as it would on the twin.
        mailboxManager.applyRightsCommand(path, AclEntries.replacing(key, value), session);
    }

    @Override
    void replicatorSession(MailboxSession session, boolean begins) {
        if (begins) {
            ownSessions.add(session.getSessionId().getValue());
        } else {
            ownSessions.remove(session.getSessionId().getValue());
        }
    }

    @Override
    String itemName() {
        return "ACL entry";
    }
}

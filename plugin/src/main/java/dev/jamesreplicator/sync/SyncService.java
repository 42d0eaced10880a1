package dev.jamesreplicator.sync;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;

import dev.jamesreplicator.wire.ServedSession;

/** Opens the served half of a sync session for each authenticated connection of the twin. */
@Singleton
public class SyncService implements ServedSession.Factory {
    private final MailboxManager mailboxManager;
    private final UsersRepository usersRepository;
    private final OwnSessions ownSessions;
    private final UserLocks userLocks;
    private final ContentHashes hashes;

    @Inject
    public SyncService(MailboxManager mailboxManager, UsersRepository usersRepository, OwnSessions ownSessions,
                       UserLocks userLocks, ContentHashes hashes) {
        this.hashes = hashes;
        this.mailboxManager = mailboxManager;
        this.usersRepository = usersRepository;
        this.ownSessions = ownSessions;
        this.userLocks = userLocks;
    }

    @Override
    public ServedSession open(String peerNode) {
        return new ServedSyncSession(peerNode, userLocks, this::userExists, this::openStore);
    }

    public JamesMailStore openStore(Username user) {
        return new JamesMailStore(mailboxManager, ownSessions, hashes, user);
    }

    public boolean userExists(Username user) {
        try {
            return usersRepository.contains(user);
        } catch (UsersRepositoryException e) {
            throw new SyncException(SyncException.Code.FAILED, "cannot look up user " + user.asString() + ": " + e.getMessage(), e);
        }
    }
}

package dev.jamesreplicator.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.quota.MaxQuotaManager;
import org.apache.james.mailbox.quota.UserQuotaRootResolver;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.sieverepository.api.SieveRepository;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;


import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.state.ContentHashes;
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.state.MailboxIdentities;
import dev.jamesreplicator.state.NoReplicateList;
import dev.jamesreplicator.state.OwnSessions;
import dev.jamesreplicator.state.AclJournal;
import dev.jamesreplicator.state.AnnotationJournal;
import dev.jamesreplicator.state.ServerDataJournal;
import dev.jamesreplicator.state.SieveJournal;
import dev.jamesreplicator.sync.james.JamesMailStore;
import dev.jamesreplicator.sync.james.JamesAclStore;
import dev.jamesreplicator.sync.james.JamesAnnotationStore;
import dev.jamesreplicator.sync.james.JamesDomainKind;
import dev.jamesreplicator.sync.james.JamesQuotaKind;
import dev.jamesreplicator.sync.james.JamesRewriteKind;
import dev.jamesreplicator.sync.james.JamesServerDataStore;
import dev.jamesreplicator.sync.james.JamesSieveStore;
import dev.jamesreplicator.sync.session.ServedSyncSession;
import dev.jamesreplicator.wire.ServedSession;

/** Opens the served half of a sync session for each authenticated connection of the twin. */
@Singleton
public class SyncService implements ServedSession.Factory {
    private final MailboxManager mailboxManager;
    private final UsersRepository usersRepository;
    private final OwnSessions ownSessions;
    private final UserLocks userLocks;
    private final ContentHashes hashes;
    private final SubscriptionManager subscriptionManager;
    private final Journal journal;
    private final MailboxIdentities identities;
    private final ReplicationLink link;
    private final String nodeName;
    private final UidProvider uidProvider;
    private final ModSeqProvider modSeqProvider;
    private final MailboxPathLocker locker;
    private final NoReplicateList noReplicate;
    private final ReplicationQueue queue;
    private final SieveRepository sieveRepository;
    private final SieveJournal sieveJournal;
    private final AnnotationJournal annotationJournal;
    private final AclJournal aclJournal;
    private final ServerDataJournal serverDataJournal;
    private final List<ServerDataKind> serverDataKinds;

    @Inject
    public SyncService(MailboxManager mailboxManager, SubscriptionManager subscriptionManager, UsersRepository usersRepository,
                       OwnSessions ownSessions, UserLocks userLocks, ContentHashes hashes, Journal journal,
                       MailboxIdentities identities, ReplicationConfig config, ReplicationLink link,
                       MailboxSessionMapperFactory mappers, NoReplicateList noReplicate, ReplicationQueue queue,
                       SieveRepository sieveRepository, SieveJournal sieveJournal, AnnotationJournal annotationJournal,
                       AclJournal aclJournal, ServerDataJournal serverDataJournal, DomainList domainList, RecipientRewriteTable rewriteTable,
                       MaxQuotaManager maxQuotaManager, UserQuotaRootResolver quotaRoots, UserReplication userReplication) {
        this.serverDataJournal = serverDataJournal;
        // Domains first: the planner adds a kind's items in this order, removes them in the reverse.
        // Users after their domains and before the rewrites (James refuses an alias named as a user)
        // and the quota limits (a user's limit is read only for a user James has).
        List<ServerDataKind> kinds = new ArrayList<>(List.of(new JamesDomainKind(domainList)));
        userReplication.kind().ifPresent(kinds::add);
        kinds.add(new JamesRewriteKind(rewriteTable));
        kinds.add(new JamesQuotaKind(maxQuotaManager, domainList, usersRepository, quotaRoots));
        this.serverDataKinds = List.copyOf(kinds);
        this.annotationJournal = annotationJournal;
        this.aclJournal = aclJournal;
        this.sieveRepository = sieveRepository;
        this.sieveJournal = sieveJournal;
        this.noReplicate = noReplicate;
        this.queue = queue;
        // The mapper factory's UID and MODSEQ providers are the live ones (James's Guice binds other instances).
        this.uidProvider = mappers.getUidProvider();
        this.modSeqProvider = mappers.getModSeqProvider();
        this.locker = pathLockerOf(mailboxManager);
        this.link = link;
        this.identities = identities;
        this.hashes = hashes;
        this.subscriptionManager = subscriptionManager;
        this.journal = journal;
        this.nodeName = config.nodeName();
        this.mailboxManager = mailboxManager;
        this.usersRepository = usersRepository;
        this.ownSessions = ownSessions;
        this.userLocks = userLocks;
    }

    @Override
    public ServedSession open(String peerNode) {
        return new ServedSyncSession(nodeName, peerNode, userLocks, this::userExists, this::openStore, link, journal,
            noReplicate::excludes, noReplicate::masks, queue::twinSyncs, this::openSieveStore, this::openAnnotationStore,
            this::openAclStore, this::openServerDataStore);
    }

    public String nodeName() {
        return nodeName;
    }

    public Journal journal() {
        return journal;
    }

    public JamesMailStore openStore(Username user) {
        return new JamesMailStore(mailboxManager, subscriptionManager, ownSessions, hashes, journal, identities, uidProvider,
            modSeqProvider, locker, user);
    }

    /** The user's Sieve scripts on this server (docs/sieve.md). */
    public SieveStore openSieveStore(Username user) {
        return new JamesSieveStore(sieveRepository, sieveJournal, user);
    }

    /** The user's mailbox annotations on this server (docs/metadata.md). */
    public MailboxItemStore openAnnotationStore(Username user) {
        return new JamesAnnotationStore(mailboxManager, annotationJournal, user);
    }

    /** The user's mailbox ACLs on this server (docs/acl.md). */
    public MailboxItemStore openAclStore(Username user) {
        return new JamesAclStore(mailboxManager, aclJournal, ownSessions, user);
    }

    /** The server-wide data on this server (docs/server-data.md). */
    public ServerDataStore openServerDataStore() {
        return new JamesServerDataStore(serverDataKinds, serverDataJournal);
    }

    /** The kinds of server-wide data, in the order their additions go (a domain before the rewrites that name it). */
    public List<String> serverDataKinds() {
        return serverDataKinds.stream().map(ServerDataKind::name).collect(Collectors.toList());
    }

    /**
     * The path locker James's appends take: the mailbox manager's own. Guice's
     * {@code MailboxPathLocker} binding is another instance on JPA ({@code OpenJPAMailboxManager}
     * creates its own), and James gives no public way to it.
     */
    public static MailboxPathLocker pathLockerOf(MailboxManager mailboxManager) {
        if (!(mailboxManager instanceof StoreMailboxManager)) {
            throw new IllegalStateException("james-replicator needs James's store mailbox manager, not "
                + mailboxManager.getClass().getName());
        }
        try {
            Method getLocker = StoreMailboxManager.class.getDeclaredMethod("getLocker");
            getLocker.setAccessible(true);
            return (MailboxPathLocker) getLocker.invoke(mailboxManager);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | RuntimeException e) {
            throw new IllegalStateException("cannot reach the mailbox path locker of " + mailboxManager.getClass().getName()
                + " (is this James 3.8.1?): " + e, e);
        }
    }

    public boolean userExists(Username user) {
        try {
            return usersRepository.contains(user);
        } catch (UsersRepositoryException e) {
            throw new SyncException(SyncException.Code.FAILED, "cannot look up user " + user.asString() + ": " + e.getMessage(), e);
        }
    }
}

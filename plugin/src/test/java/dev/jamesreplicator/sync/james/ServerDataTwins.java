package dev.jamesreplicator.sync.james;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.mailbox.inmemory.quota.InMemoryPerUserMaxQuotaManager;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.UserQuotaRootResolver;
import org.apache.james.rrt.api.RecipientRewriteTableConfiguration;
import org.apache.james.rrt.memory.MemoryRecipientRewriteTable;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.mockito.ArgumentMatchers;
import org.mockito.Mockito;

import dev.jamesreplicator.agent.AttachedAgent;
import dev.jamesreplicator.capture.ServerDataListener;
import dev.jamesreplicator.replicator.QueueRecordsForTests;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.serverdata.ServerDataWrites;
import dev.jamesreplicator.state.ServerDataJournal;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.ServerDataKind;
import dev.jamesreplicator.sync.ServerDataSync;
import dev.jamesreplicator.sync.plan.ServerDataPlan;

/**
 * Two servers' server-wide data in James's real memory classes (domain list, rewrite table, max
 * quota manager, users repository), with the agent attached and the plugin's listener and journal
 * each: the fixture of the server data stores' tests. Each test class picks the kinds its servers
 * replicate.
 */
final class ServerDataTwins implements AutoCloseable {
    static final Domain EXAMPLE = Domain.of("example.test");
    /** James's default resolver's roots: {@code #private&user}. */
    static final UserQuotaRootResolver ROOTS = rootsOfJamesDefaultResolver();

    final Server a;
    final Server b;
    private final List<AutoCloseable> closing = new ArrayList<>();

    /** {@code kinds}: a server's kinds, in the order their additions go. */
    ServerDataTwins(Path directory, Function<Server, List<ServerDataKind>> kinds) throws Exception {
        AttachedAgent.install();
        a = new Server(directory, "a", kinds);
        b = new Server(directory, "b", kinds);
    }

    private static UserQuotaRootResolver rootsOfJamesDefaultResolver() {
        UserQuotaRootResolver roots = Mockito.mock(UserQuotaRootResolver.class);
        Mockito.when(roots.forUser(ArgumentMatchers.any())).thenAnswer(invocation -> {
            Username user = invocation.getArgument(0);
            return QuotaRoot.quotaRoot("#private&" + user.asString(), user.getDomainPart());
        });
        return roots;
    }

    /** A sync started on a, the replicator's writes made while b's listener is registered, as in a running server. */
    ServerDataPlan sync() throws Exception {
        ServerDataWrites.listen(b.listener);
        try {
            return new ServerDataSync(a.kindOrder).sync(a.store, b.store, false);
        } finally {
            ServerDataWrites.stopListening(b.listener);
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable resource : closing) {
            resource.close();
        }
    }

    /** One server: its James data, its journal and queue; the hooks report to whichever server listens. */
    final class Server {
        final MemoryDomainList domains = new MemoryDomainList(null);
        final MemoryRecipientRewriteTable rewrites = new MemoryRecipientRewriteTable();
        final InMemoryPerUserMaxQuotaManager quotas = new InMemoryPerUserMaxQuotaManager();
        final MemoryUsersRepository users = MemoryUsersRepository.withVirtualHosting(domains);
        final ServerDataJournal journal;
        final ReplicationQueue queue;
        final JamesServerDataStore store;
        final ServerDataListener listener;
        final List<String> kindOrder;

        private Server(Path directory, String name, Function<Server, List<ServerDataKind>> kinds) throws Exception {
            StateStore state = new StateStore(directory.resolve(name));
            closing.add(state);
            journal = new ServerDataJournal(state);
            queue = QueueRecordsForTests.queue(state, directory.resolve(name));
            listener = new ServerDataListener(journal, queue);
            domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false).defaultDomain(EXAMPLE).build());
            rewrites.setDomainList(domains);
            rewrites.setConfiguration(RecipientRewriteTableConfiguration.DEFAULT_ENABLED);
            List<ServerDataKind> serverKinds = kinds.apply(this);
            kindOrder = serverKinds.stream().map(ServerDataKind::name).collect(Collectors.toList());
            store = new JamesServerDataStore(serverKinds, journal);
        }

        /** An administrator's change on this server: the hooks report it to this server's listener. */
        void admin(ThrowingRunnable change) throws Exception {
            ServerDataWrites.listen(listener);
            try {
                change.run();
            } finally {
                ServerDataWrites.stopListening(listener);
            }
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}

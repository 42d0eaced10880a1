package dev.jamesreplicator.replicator;

import java.util.Iterator;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.utils.UserDefinedStartable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.pin.WritePins;
import dev.jamesreplicator.sync.SyncService;
import dev.jamesreplicator.wire.ReplicaServer;
import dev.jamesreplicator.wire.WireLimits;

/**
 * Starts replication once James's protocol servers are up: the replica server, the workers,
 * and a full sync of every user James knows (the twin may have changed while this one was down).
 */
public class ReplicatorStartable implements UserDefinedStartable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplicatorStartable.class);

    private final ReplicationConfig config;
    private final SyncService syncService;
    private final SyncWorkers workers;
    private final ReplicationQueue queue;
    private final UsersRepository usersRepository;
    private ReplicaServer server;

    @Inject
    public ReplicatorStartable(ReplicationConfig config, SyncService syncService, SyncWorkers workers,
                               ReplicationQueue queue, UsersRepository usersRepository) {
        this.config = config;
        this.syncService = syncService;
        this.workers = workers;
        this.queue = queue;
        this.usersRepository = usersRepository;
    }

    @Override
    public void start() {
        AgentCheck.requireAgent();
        LOGGER.info("Starting james-replicator: {}", config);
        server = new ReplicaServer(config.nodeName(), config.password(), WireLimits.defaults(config.maxConnections()), syncService);
        server.start(config.bind());
        workers.start();
        requestFullSyncOfAllUsers();
    }

    private void requestFullSyncOfAllUsers() {
        try {
            int count = 0;
            for (Iterator<Username> users = usersRepository.list(); users.hasNext(); count++) {
                queue.request(users.next().asString(), Priority.FULL);
            }
            LOGGER.info("Queued a full sync of {} users", count);
        } catch (UsersRepositoryException e) {
            LOGGER.error("Cannot list users for the start-up full sync", e);
        }
    }

    @PreDestroy
    public void stop() {
        workers.stop();
        if (server != null) {
            server.close();
        }
    }

    /** Fails start-up clearly when James runs without the agent: replicas would get other UIDs. */
    static final class AgentCheck {
        private AgentCheck() {
        }

        static void requireAgent() {
            boolean installed;
            try {
                installed = WritePins.isAgentInstalled();
            } catch (NoClassDefFoundError e) {
                installed = false;
            }
            if (!installed) {
                throw new IllegalStateException("james-replicator needs its agent: add "
                    + "-javaagent:/path/to/james-replicator-agent.jar to James's JVM options and restart");
            }
        }
    }
}

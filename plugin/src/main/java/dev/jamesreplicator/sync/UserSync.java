package dev.jamesreplicator.sync;

import java.time.Duration;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.wire.ClientConnection;
import dev.jamesreplicator.wire.ReplicaClient;
import dev.jamesreplicator.wire.WireException;
import dev.jamesreplicator.wire.WireLimits;

/** Runs one two-way sync session for a user, from this server to the twin. */
@Singleton
public class UserSync {
    private static final Logger LOGGER = LoggerFactory.getLogger(UserSync.class);

    private final ReplicationConfig config;
    private final SyncService service;
    private final UserLocks userLocks;
    private final ReplicaClient client;
    private final SyncPlanner planner = new SyncPlanner();
    private final SyncApplier applier = new SyncApplier();

    @Inject
    public UserSync(ReplicationConfig config, SyncService service, UserLocks userLocks) {
        this.config = config;
        this.service = service;
        this.userLocks = userLocks;
        this.client = new ReplicaClient(config.nodeName(), config.password(),
            WireLimits.defaults(config.maxConnections()), Duration.ofSeconds(5));
    }

    public SyncStats sync(String user) {
        if (!userLocks.tryLock(user)) {
            throw new SyncException(SyncException.Code.BUSY, "user " + user + " is being synced");
        }
        try (ClientConnection connection = client.connect(config.twin());
             JamesMailStore local = service.openStore(Username.of(user))) {
            RemoteMailStore remote = RemoteMailStore.open(connection, user);
            SyncPlan plan = planner.plan(local.state(), remote.state());
            SyncStats stats = applier.apply(plan, local, remote);
            LOGGER.debug("Synced {}: {}", user, stats);
            return stats;
        } catch (WireException e) {
            throw new SyncException(SyncException.Code.FAILED, e.getMessage(), e);
        } finally {
            userLocks.unlock(user);
        }
    }
}

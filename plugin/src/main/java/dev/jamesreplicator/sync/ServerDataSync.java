package dev.jamesreplicator.sync;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.model.ServerItems;
import dev.jamesreplicator.model.Side;
import dev.jamesreplicator.sync.SyncException.Code;
import dev.jamesreplicator.sync.plan.ServerDataPlan;
import dev.jamesreplicator.sync.plan.ServerDataPlanner;
import dev.jamesreplicator.sync.plan.ServerDataWrite;

/**
 * The server-wide data brought to the same state on both servers (docs/server-data.md): both
 * read, planned (ServerDataPlanner), written in the plan's order, and the result made the common
 * state on both, the twin first. An item that no longer holds what the plan saw fails the
 * session: the next one plans again.
 */
public final class ServerDataSync {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServerDataSync.class);

    private final ServerDataPlanner planner;

    public ServerDataSync(List<String> kindOrder) {
        this.planner = new ServerDataPlanner(kindOrder);
    }

    /** Whether a queue key is the server unit's ({@link ServerItems#UNIT}) rather than a user's. */
    public static boolean isUnit(String queueKey) {
        return ServerItems.UNIT.equals(queueKey);
    }

    public ServerDataPlan sync(ServerDataStore local, ServerDataStore remote, boolean localWinsTies) throws Exception {
        ServerDataPlan plan = plan(local.read(), remote.read(), local, localWinsTies);
        Map<Side, ServerDataStore> stores = Map.of(Side.LOCAL, local, Side.REMOTE, remote);
        for (ServerDataWrite write : plan.writes()) {
            if (write.conflict()) {
                // The overruled value is in no other place: the log keeps it for whoever wants it back.
                LOGGER.info("Server data {} {} changed on both servers apart: the value on {} ({}) is replaced by the tie-break node's ({})",
                    write.kind(), write.key(), write.target(), write.replacing().map(v -> ServerItems.shown(write.kind(), v)).orElse("none"),
                    write.value().map(v -> ServerItems.shown(write.kind(), v)).orElse("none"));
            }
            try {
                stores.get(write.target()).write(write.kind(), write.key(), write.value(), write.replacing());
            } catch (SyncException e) {
                throw e;
            } catch (Exception e) {
                throw new SyncException(Code.FAILED, "server data step failed: " + write + ": " + e.getMessage(), e);
            }
        }
        StepStore.complete(plan, local, remote);
        return plan;
    }

    /** What a sync would do to the server data now, without doing it, for verify; or the difference it would leave. */
    public List<String> differences(ServerDataStore local, ServerDataStore remote, boolean localWinsTies) throws Exception {
        ServerDataStore.Snapshot here = local.read();
        ServerDataStore.Snapshot there = remote.read();
        ServerDataPlan plan = plan(here, there, local, localWinsTies);
        if (!plan.isEmpty()) {
            return plan.writes().stream().map(write -> "server data: " + write).collect(Collectors.toList());
        }
        if (!here.state().equals(there.state())) {
            return List.of("server data: the two servers differ and a sync would not settle them: here " + here.state()
                + ", on the twin " + there.state());
        }
        return List.of();
    }

    private ServerDataPlan plan(ServerDataStore.Snapshot here, ServerDataStore.Snapshot there, ServerDataStore local,
                                boolean localWinsTies) {
        return planner.plan(here.state(), here.tombstones(), there.state(), there.tombstones(), local.common(), localWinsTies);
    }
}

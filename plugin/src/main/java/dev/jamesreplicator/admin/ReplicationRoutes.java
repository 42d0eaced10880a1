package dev.jamesreplicator.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;

import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.replicator.Priority;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.replicator.UserStatus;
import spark.Service;

/** WebAdmin: {@code GET /replication/status}, the replicator's queue at a glance. */
public class ReplicationRoutes implements Routes {
    public static final String BASE = "/replication";

    private final ReplicationQueue queue;
    private final ReplicationConfig config;
    private final JsonTransformer json;

    @Inject
    public ReplicationRoutes(ReplicationQueue queue, ReplicationConfig config, JsonTransformer json) {
        this.queue = queue;
        this.config = config;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE + "/status", (request, response) -> summary(queue.status()), json);
    }

    private Map<String, Object> summary(List<UserStatus> users) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("node", config.nodeName());
        summary.put("twin", config.twin().toString());
        Map<String, Long> queued = new LinkedHashMap<>();
        for (Priority priority : Priority.values()) {
            queued.put(priority.name().toLowerCase(), users.stream()
                .filter(user -> user.pending().equals(java.util.Optional.of(priority)) && !user.waitingAfterFailure())
                .count());
        }
        summary.put("queued", queued);
        summary.put("waitingAfterFailure", users.stream().filter(UserStatus::waitingAfterFailure).count());
        summary.put("syncing", users.stream().filter(UserStatus::syncing).map(UserStatus::user).collect(Collectors.toList()));
        summary.put("knownUsers", users.size());
        return summary;
    }
}

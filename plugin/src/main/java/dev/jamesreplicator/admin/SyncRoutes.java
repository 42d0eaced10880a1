package dev.jamesreplicator.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;

import dev.jamesreplicator.sync.ReplicationLink;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.UserSync;
import spark.Service;

/**
 * WebAdmin: compare a user's mail with the twin ({@code POST /replication/verify/{user}}: every
 * difference a sync would settle; none means the pair is identical for that user; a POST because
 * the comparison holds the user's lock on both servers while it reads them), and pause or
 * resume this server's side of the link ({@code GET|PUT|DELETE /replication/link/paused}).
 */
public class SyncRoutes implements Routes {
    private final UserSync userSync;
    private final ReplicationLink link;
    private final JsonTransformer json;

    @Inject
    public SyncRoutes(UserSync userSync, ReplicationLink link, JsonTransformer json) {
        this.userSync = userSync;
        this.link = link;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return ReplicationRoutes.BASE;
    }

    @Override
    public void define(Service service) {
        service.get(ReplicationRoutes.BASE + "/verify/:user", (request, response) -> {
            response.status(405);
            response.header("Allow", "POST");
            return Map.of("error", "use POST: the comparison holds the user's lock on both servers while it reads them");
        }, json);
        service.post(ReplicationRoutes.BASE + "/verify/:user", (request, response) -> {
            String user = request.params("user");
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("user", user);
            try {
                List<String> differences = userSync.differences(user);
                result.put("identical", differences.isEmpty());
                result.put("differences", differences);
            } catch (SyncException e) {
                response.status(e.code() == SyncException.Code.BUSY ? 409 : 503);
                result.put("error", e.getMessage());
            }
            return result;
        }, json);
        service.get(ReplicationRoutes.BASE + "/link", (request, response) -> linkState(), json);
        service.put(ReplicationRoutes.BASE + "/link/paused", (request, response) -> {
            link.pause();
            return linkState();
        }, json);
        service.delete(ReplicationRoutes.BASE + "/link/paused", (request, response) -> {
            link.resume();
            return linkState();
        }, json);
    }

    private Map<String, Object> linkState() {
        return Map.of("paused", link.isPaused());
    }
}

package dev.jamesreplicator.admin;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;

import dev.jamesreplicator.admin.dto.ErrorResponse;
import dev.jamesreplicator.admin.dto.LinkResponse;
import dev.jamesreplicator.admin.dto.VerifyResponse;
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
            return new ErrorResponse("use POST: the comparison holds the user's lock on both servers while it reads them");
        }, json);
        service.post(ReplicationRoutes.BASE + "/verify/:user", (request, response) -> {
            String user = request.params("user");
            try {
                return new VerifyResponse(user, userSync.differences(user));
            } catch (SyncException e) {
                response.status(e.code() == SyncException.Code.BUSY ? 409 : 503);
                return new VerifyResponse.Failed(user, e);
            }
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

    private LinkResponse linkState() {
        return new LinkResponse(link);
    }
}

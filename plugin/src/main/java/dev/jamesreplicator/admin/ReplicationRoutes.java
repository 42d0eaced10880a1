package dev.jamesreplicator.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import dev.jamesreplicator.admin.dto.RunningSessionResponse;
import dev.jamesreplicator.admin.dto.StatusResponse;
import dev.jamesreplicator.admin.dto.UserStatusResponse;
import dev.jamesreplicator.admin.dto.UsersResponse;
import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.config.UserMask;
import dev.jamesreplicator.replicator.LastSessions;
import dev.jamesreplicator.replicator.Priority;
import dev.jamesreplicator.replicator.QueueSummary;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.replicator.ReplicatorMetrics;
import dev.jamesreplicator.replicator.SyncWorkers;
import dev.jamesreplicator.replicator.UserStatus;
import dev.jamesreplicator.state.NoReplicateList;
import dev.jamesreplicator.sync.UserReplication;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes of the replicator, {@code doveadm replicator}'s commands over HTTP. JSON by
 * default; {@code ?format=text} gives doveadm's text, which {@code bin/replicator} prints.
 * <ul>
 *   <li>{@code GET /replication/status}: queue lengths</li>
 *   <li>{@code GET /replication/users?mask=M}: per-user status ({@code *} and {@code ?} in M), with
 *       what the user's last session exchanged with the twin</li>
 *   <li>{@code GET /replication/sessions}: syncs in progress</li>
 *   <li>{@code POST /replication/replicate?mask=M&priority=low|high&full=true}: sync now (default low, as doveadm)</li>
 *   <li>{@code POST /replication/add?mask=M}: make James's users matching M known</li>
 *   <li>{@code DELETE /replication/users/USER}: forget a user</li>
 *   <li>{@code GET|PUT|DELETE /replication/noreplicate}: users left out of replication ({@link NoReplicateRoutes})</li>
 * </ul>
 */
public class ReplicationRoutes implements Routes {
    public static final String BASE = "/replication";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final ReplicationQueue queue;
    private final ReplicationConfig config;
    private final SyncWorkers workers;
    private final LastSessions lastSessions;
    private final UsersRepository usersRepository;
    private final ReplicatorMetrics metrics;
    private final JsonTransformer json;
    private final Clock clock;
    private final NoReplicateList noReplicate;
    private final UserReplication userReplication;

    @Inject
    public ReplicationRoutes(ReplicationQueue queue, ReplicationConfig config, SyncWorkers workers, LastSessions lastSessions,
                             UsersRepository usersRepository, ReplicatorMetrics metrics, JsonTransformer json,
                             NoReplicateList noReplicate, UserReplication userReplication) {
        this(queue, config, workers, lastSessions, usersRepository, metrics, json, noReplicate, userReplication, Clock.systemUTC());
    }

    ReplicationRoutes(ReplicationQueue queue, ReplicationConfig config, SyncWorkers workers, LastSessions lastSessions,
                      UsersRepository usersRepository, ReplicatorMetrics metrics, JsonTransformer json,
                      NoReplicateList noReplicate, UserReplication userReplication, Clock clock) {
        this.noReplicate = noReplicate;
        this.userReplication = userReplication;
        this.queue = queue;
        this.metrics = metrics;
        this.config = config;
        this.workers = workers;
        this.lastSessions = lastSessions;
        this.usersRepository = usersRepository;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE + "/status", this::status);
        service.get(BASE + "/users", this::users);
        service.get(BASE + "/sessions", this::sessions);
        service.post(BASE + "/replicate", this::replicate);
        service.post(BASE + "/add", this::add);
        service.delete(BASE + "/users/:user", this::remove);
        new NoReplicateRoutes(noReplicate, json).define(service);
    }

    private Object status(Request request, Response response) throws Exception {
        QueueSummary summary = queue.summary();
        if (text(request, response)) {
            return DoveadmText.summary(summary, userReplication.notReplicated());
        }
        return json(response, new StatusResponse(config, summary,
            queue.status().stream().filter(UserStatus::syncing).map(UserStatus::user).collect(Collectors.toList()),
            workers.workerCount(), metrics, NoReplicateRoutes.masks(noReplicate), userReplication.notReplicated()));
    }

    private Object users(Request request, Response response) throws Exception {
        UserMask mask = mask(Optional.ofNullable(request.queryParams("mask")).orElse("*"));
        List<UserStatus> users = queue.status(mask);
        if (text(request, response)) {
            return DoveadmText.users(users, clock.instant(), config.fullSyncInterval());
        }
        return json(response, users.stream().map(this::userJson).collect(Collectors.toList()));
    }

    private Object sessions(Request request, Response response) throws Exception {
        List<UserStatus> running = queue.status().stream().filter(UserStatus::syncing).collect(Collectors.toList());
        Instant now = clock.instant();
        if (text(request, response)) {
            return DoveadmText.sessions(running, workers.workerCount());
        }
        List<RunningSessionResponse> sessions = running.stream()
            .map(user -> new RunningSessionResponse(user.running().orElseThrow(), now))
            .collect(Collectors.toList());
        return json(response, sessions);
    }

    private Object replicate(Request request, Response response) throws Exception {
        UserMask mask = mask(request.queryParams("mask"));
        // doveadm replicator replicate without -p asks for low, -f included.
        Priority priority = priority(Optional.ofNullable(request.queryParams("priority")).orElse("low"));
        boolean full = Boolean.parseBoolean(request.queryParams("full"));
        List<String> matched = matching(mask, true);
        List<String> leftOut = matched.stream().filter(noReplicate::excludes).collect(Collectors.toList());
        if (mask.isLiteral() && !leftOut.isEmpty()) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.CONFLICT_409)
                .type(ErrorResponder.ErrorType.WRONG_STATE)
                .message("user '%s' is left out of replication on this node (noReplicate mask '%s')", mask.text(),
                    noReplicate.maskFor(mask.text()).map(UserMask::text).orElse(mask.text()))
                .haltError();
        }
        List<String> users = matched.stream().filter(user -> !leftOut.contains(user)).collect(Collectors.toList());
        users.forEach(user -> queue.request(user, priority, full));
        if (text(request, response)) {
            return users.size() + " users updated\n";
        }
        return json(response, new UsersResponse.Replicated(users, leftOut));
    }

    private Object add(Request request, Response response) throws Exception {
        UserMask mask = mask(request.queryParams("mask"));
        List<String> users = matching(mask, false);
        List<String> added = users.stream().filter(queue::add).collect(Collectors.toList());
        if (text(request, response)) {
            // doveadm replicator add prints nothing when it succeeds.
            return "";
        }
        return json(response, new UsersResponse.Added(users, added));
    }

    private Object remove(Request request, Response response) {
        String user = request.params("user");
        lastSessions.forget(user);
        if (!queue.remove(user)) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.NOT_FOUND_404)
                .type(ErrorResponder.ErrorType.NOT_FOUND)
                .message("the replicator does not know user '%s'", user)
                .haltError();
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    /**
     * Users the mask names: James's users, plus (with {@code includeKnown}) users the
     * replicator knows that James no longer lists. A literal mask naming nobody is a 404.
     */
    private List<String> matching(UserMask mask, boolean includeKnown) throws UsersRepositoryException {
        TreeSet<String> users = new TreeSet<>();
        if (mask.isLiteral()) {
            if (usersRepository.contains(Username.of(mask.text()))) {
                users.add(Username.of(mask.text()).asString());
            } else if (includeKnown && queue.status(mask.text()).isPresent()) {
                users.add(mask.text());
            }
        } else {
            for (Iterator<Username> listed = usersRepository.list(); listed.hasNext(); ) {
                String user = listed.next().asString();
                if (mask.test(user)) {
                    users.add(user);
                }
            }
            if (includeKnown) {
                queue.status(mask).forEach(status -> users.add(status.user()));
            }
        }
        if (users.isEmpty() && mask.isLiteral()) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.NOT_FOUND_404)
                .type(ErrorResponder.ErrorType.NOT_FOUND)
                .message("no user '%s' in James's users repository", mask.text())
                .haltError();
        }
        return new ArrayList<>(users);
    }

    private UserStatusResponse userJson(UserStatus user) {
        return new UserStatusResponse(user, DoveadmText.priority(user), lastSessions.of(user.user()));
    }

    private static UserMask mask(String text) {
        try {
            return UserMask.of(text);
        } catch (IllegalArgumentException e) {
            throw badRequest("give a user mask: mask=USER, with * and ? as wildcards");
        }
    }

    private static Priority priority(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "low":
                return Priority.LOW;
            case "high":
                return Priority.HIGH;
            default:
                throw badRequest("priority must be low or high, not '" + text + "'");
        }
    }

    private static RuntimeException badRequest(String message) {
        return ErrorResponder.builder()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message(message)
            .haltError();
    }

    private static boolean text(Request request, Response response) {
        if ("text".equals(request.queryParams("format"))) {
            response.type(TEXT);
            return true;
        }
        return false;
    }

    private String json(Response response, Object body) throws Exception {
        response.type("application/json");
        return json.render(body);
    }
}

package dev.jamesreplicator.admin;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import dev.jamesreplicator.admin.dto.NoReplicateResponse;
import dev.jamesreplicator.config.ReplicationConfigParser;
import dev.jamesreplicator.config.UserMask;
import dev.jamesreplicator.state.NoReplicateList;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The users this node leaves out of replication, at runtime (Dovecot's {@code noreplicate}):
 * <ul>
 *   <li>{@code GET /replication/noreplicate}: every mask, where it comes from, when it was added</li>
 *   <li>{@code PUT /replication/noreplicate?mask=M}: leave the users M names out, kept across restarts</li>
 *   <li>{@code DELETE /replication/noreplicate?mask=M}: replicate them again (a full sync each);
 *       a mask of {@code replication.xml} is refused (409): the next start would bring it back</li>
 * </ul>
 * Defined by {@link ReplicationRoutes}, so an install needs no new entry in {@code webadmin.properties}.
 */
final class NoReplicateRoutes {
    static final String PATH = ReplicationRoutes.BASE + "/noreplicate";

    private final NoReplicateList list;
    private final JsonTransformer json;

    NoReplicateRoutes(NoReplicateList list, JsonTransformer json) {
        this.list = list;
        this.json = json;
    }

    void define(Service service) {
        service.get(PATH, this::list);
        service.put(PATH, this::add);
        service.delete(PATH, this::remove);
    }

    private Object list(Request request, Response response) throws Exception {
        if ("text".equals(request.queryParams("format"))) {
            response.type("text/plain; charset=utf-8");
            return DoveadmText.noReplicate(list.entries());
        }
        response.type("application/json");
        return json.render(list.entries().stream().map(NoReplicateResponse.Mask::new).collect(Collectors.toList()));
    }

    private Object add(Request request, Response response) throws Exception {
        UserMask mask = mask(request);
        boolean added = list.add(mask);
        response.type("application/json");
        return json.render(new NoReplicateResponse.Added(mask, added));
    }

    private Object remove(Request request, Response response) {
        UserMask mask = mask(request);
        switch (list.remove(mask)) {
            case CONFIGURED:
                throw ErrorResponder.builder()
                    .statusCode(HttpStatus.CONFLICT_409)
                    .type(ErrorResponder.ErrorType.WRONG_STATE)
                    .message("'%s' is set in %s (<noReplicate>): remove it there and restart James", mask.text(),
                        ReplicationConfigParser.FILE)
                    .haltError();
            case NOT_FOUND:
                throw ErrorResponder.builder()
                    .statusCode(HttpStatus.NOT_FOUND_404)
                    .type(ErrorResponder.ErrorType.NOT_FOUND)
                    .message("no noReplicate mask '%s'", mask.text())
                    .haltError();
            default:
                response.status(HttpStatus.NO_CONTENT_204);
                return "";
        }
    }

    private static UserMask mask(Request request) {
        String text = request.queryParams("mask");
        UserMask.problem(text).ifPresent(problem -> {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("%s: give mask=USER or a mask with * and ? as wildcards, naming some users, not all", problem)
                .haltError();
        });
        return UserMask.of(text);
    }

    static List<String> masks(NoReplicateList list) {
        return list.entries().stream().map(entry -> entry.mask().text()).collect(Collectors.toList());
    }
}

package io.hearth.kernel.query;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.amp.ErrorResponse;
import io.hearth.kernel.http.CorsHeaders;
import io.hearth.kernel.http.ResponseCompression;
import io.hearth.kernel.http.RequestMetrics;
import io.hearth.kernel.http.RouteRequests;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Prometheus API's query and query_range, served as a plain web-server route rather than
 * JAX-RS: Jersey's dispatch, filter chain and CDI look-ups cost 0.3 ms of CPU a request warm and
 * 1-2 ms before the JIT has warmed, a tenth to a fifth of a small dashboard query. Helidon MP
 * registers CDI beans that are {@link HttpService}s before the JAX-RS application, so these paths
 * never reach Jersey (the rest of the API, {@link QueryApiResource}, still does).
 *
 * <p>Clients see what Prometheus's API answers, and what the JAX-RS resources answer where
 * Hearth adds to it (authentication, workspaces, AMP's error shape for refusals). A wrong method
 * (405) is refused first and counted under the route {@code unmatched}, as Jersey counted it.
 * Every other answer carries Prometheus's {@link CorsHeaders}. OPTIONS is answered 204 with no
 * body before authentication, as Prometheus answers any OPTIONS under its API: a browser's CORS
 * preflight carries no credentials, and the answer holds nothing of the workspace (it does not
 * even say whether the workspace exists). Then authentication, authorization of
 * {@code aps:QueryMetrics} on the workspace, the parameters (a POST body counts only when
 * declared a form, and pairs that do not decode are left out, as Go's {@code ParseForm} reads
 * them: {@link ApiParameters}), and the
 * evaluation by {@link QueryEvaluation}. The Accept header is not consulted: Prometheus answers
 * JSON whatever it asks for. HEAD answers with GET's status and headers and no body, and every
 * JSON answer is compressed by {@link ResponseCompression}'s rule.
 */
@ApplicationScoped
public class QueryRoutes implements HttpService {

    /** The route template of instant queries, as request metrics label it. */
    static final String QUERY = "/workspaces/{workspaceId}/api/v1/query";
    /** The route template of range queries, as request metrics label it. */
    static final String QUERY_RANGE = "/workspaces/{workspaceId}/api/v1/query_range";

    private static final Logger LOG = Logger.getLogger(QueryRoutes.class.getName());
    private static final String ACTION = "aps:QueryMetrics";
    /** How JAX-RS labelled requests that matched a path but no resource method. */
    private static final String UNMATCHED = "unmatched";

    private RouteRequests requests;
    private RequestMetrics requestMetrics;
    private QueryEvaluation queries;
    private CorsHeaders cors;

    /** For CDI proxies only. */
    protected QueryRoutes() {
    }

    @Inject
    QueryRoutes(RouteRequests requests, RequestMetrics requestMetrics, QueryEvaluation queries, CorsHeaders cors) {
        this.requests = requests;
        this.requestMetrics = requestMetrics;
        this.queries = queries;
        this.cors = cors;
    }

    @Override
    public void routing(HttpRules rules) {
        // JAX-RS matched each path with a trailing slash too
        rules.any(QUERY, (request, response) -> serve(QUERY, false, request, response));
        rules.any(QUERY + "/", (request, response) -> serve(QUERY, false, request, response));
        rules.any(QUERY_RANGE, (request, response) -> serve(QUERY_RANGE, true, request, response));
        rules.any(QUERY_RANGE + "/", (request, response) -> serve(QUERY_RANGE, true, request, response));
    }

    private void serve(String route, boolean range, ServerRequest request, ServerResponse response) {
        if (!asSent(route, request.prologue().uriPath().rawPath())) {
            // matched only once decoded (api/v%31/query): JAX-RS matched paths as sent and had no
            // resource for this one, so it goes on to the web server's own 404 as it did then
            response.next();
            return;
        }
        long start = System.nanoTime();
        String method = request.prologue().method().text();
        String accepted = String.join(",", request.headers().all(HeaderNames.ACCEPT_ENCODING, List::of));
        JsonReply reply = new JsonReply(response, ResponseCompression.negotiated(accepted), method.equals("HEAD"));
        String label = route;
        ErrorResponse refusal;
        int status = 0;
        try {
            AmpException unmatched = unmatched(method);
            if (unmatched != null) {
                label = UNMATCHED;
                refusal = ErrorResponse.of(unmatched);
            } else {
                cors.addTo(request.headers().first(HeaderNames.ORIGIN).orElse(null),
                        (name, value) -> response.headers().add(HeaderValues.create(name, value)));
                status = method.equals("OPTIONS") ? reply.noContent() : answer(range, method, request, reply);
                refusal = null;
            }
        } catch (PrometheusApiException e) {
            refusal = e.answer();
        } catch (AmpException e) {
            refusal = ErrorResponse.of(e);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "unexpected failure while serving a request", e);
            refusal = ErrorResponse.of(AmpException.internal("Internal error; the server log has the details"));
        }
        if (refusal != null && (reply.started() || response.isSent())) {
            return; // the answer is under way: only the closed connection can tell the client
        }
        if (refusal != null) {
            try {
                status = reply.error(refusal);
            } catch (IOException e) {
                LOG.log(Level.FINE, "the client left before its error answer", e);
                return;
            }
        }
        requestMetrics.record(label, method, status, start);
    }

    /**
     * Authenticates, authorizes, reads the parameters and evaluates the query.
     *
     * @return the answer's status
     */
    private int answer(boolean range, String method, ServerRequest request, JsonReply reply) throws IOException {
        String ws = request.path().pathParameters().first("workspaceId").orElse("");
        RouteRequests.Caller caller = requests.authenticate(request);
        ErrorResponse denial = requests.denyOnWorkspace(ACTION, caller, ws);
        if (denial != null) {
            return reply.error(denial);
        }
        String contentType = request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
        byte[] body = method.equals("POST") ? formBody(request, caller, contentType) : null;
        ApiParameters params = ApiParameters.of(request.prologue().query().rawValue(), contentType, body);
        return reply.success(range ? queries.range(ws, params) : queries.instant(ws, params));
    }

    /** The body of a POST declared a form, read; null for any other (Prometheus finds no parameters in it). */
    private byte[] formBody(ServerRequest request, RouteRequests.Caller caller, String contentType) throws IOException {
        if (!ApiParameters.declaresForm(contentType)) {
            return null;
        }
        byte[] body = caller.body() != null ? caller.body() : requests.body(request);
        if (body == null) {
            throw requests.tooLarge();
        }
        return body;
    }

    /**
     * What Jersey refused before any resource method ran, and still refuses: a method other than
     * GET, HEAD, POST and OPTIONS.
     *
     * @return the refusal, or null when a resource method would have matched
     */
    private static AmpException unmatched(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "POST" -> null;
            default -> AmpException.other("UnknownOperationException", 405, "No operation matches this method and path");
        };
    }

    /**
     * Whether the path as sent is one JAX-RS matched: the route's own segments unencoded, with at
     * most a trailing slash; only the workspace id may be percent-encoded.
     */
    static boolean asSent(String route, String rawPath) {
        String tail = route.substring(route.indexOf("/api/"));
        String path = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        int idEnd = path.length() - tail.length();
        return path.endsWith(tail) && path.startsWith("/workspaces/") && idEnd > "/workspaces/".length()
                && path.indexOf('/', "/workspaces/".length()) == idEnd;
    }
}

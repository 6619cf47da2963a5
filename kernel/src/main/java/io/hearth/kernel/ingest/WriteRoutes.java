package io.hearth.kernel.ingest;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.amp.ErrorResponse;
import io.hearth.kernel.http.RequestMetrics;
import io.hearth.kernel.http.RouteRequests;
import io.hearth.kernel.workspace.WorkspaceDocument;
import io.hearth.kernel.workspace.WorkspaceRegistry;
import io.hearth.spi.ingest.IngestRequest;
import io.hearth.spi.ingest.IngestResponse;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The write endpoints of a workspace, Prometheus remote write and OTLP/HTTP metrics, served as a
 * plain web-server route rather than a JAX-RS resource: Jersey's dispatch, entity reading and
 * filter chain were about a fifth of the CPU of a write (issue #4). Helidon MP registers CDI
 * beans that are {@link HttpService}s on the routing before the JAX-RS application, so these
 * paths never reach Jersey. The route does what the filters and exception mappers do for JAX-RS
 * resources, through the same beans: authentication, authorization ({@code aps:RemoteWrite} on
 * the workspace), request metrics and error answers.
 */
@ApplicationScoped
public class WriteRoutes implements HttpService {

    /** The route template of remote write, as request metrics label it. */
    static final String REMOTE_WRITE = "/workspaces/{workspaceId}/api/v1/remote_write";
    /** The route template of OTLP/HTTP metrics, as request metrics label it. */
    static final String OTLP_METRICS = "/workspaces/{workspaceId}/api/v1/otlp/v1/metrics";

    private static final Logger LOG = Logger.getLogger(WriteRoutes.class.getName());
    private static final String ACTION = "aps:RemoteWrite";

    private RouteRequests requests;
    private RequestMetrics requestMetrics;
    private WorkspaceRegistry workspaces;
    private WriteService writes;

    /** For CDI proxies only. */
    protected WriteRoutes() {
    }

    @Inject
    WriteRoutes(RouteRequests requests, RequestMetrics requestMetrics, WorkspaceRegistry workspaces, WriteService writes) {
        this.requests = requests;
        this.requestMetrics = requestMetrics;
        this.workspaces = workspaces;
        this.writes = writes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(REMOTE_WRITE, (request, response) -> serve("remote_write", REMOTE_WRITE, request, response));
        rules.any(OTLP_METRICS, (request, response) -> serve("otlp_metrics", OTLP_METRICS, request, response));
    }

    private void serve(String endpoint, String route, ServerRequest request, ServerResponse response) {
        long start = System.nanoTime();
        String method = request.prologue().method().text();
        int status;
        try {
            status = method.equals("POST") ? write(endpoint, request, response)
                    : send(response, ErrorResponse.of(AmpException.other("UnknownOperationException", 405,
                            "No operation matches this method and path")));
        } catch (AmpException e) {
            status = send(response, ErrorResponse.of(e));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "unexpected failure while serving a request", e);
            if (response.isSent()) {
                return;
            }
            status = send(response, ErrorResponse.of(AmpException.internal("Internal error; the server log has the details")));
        }
        requestMetrics.record(route, method, status, start);
    }

    /** Authenticates, authorizes, finds the workspace, then hands the body to the write service. */
    private int write(String endpoint, ServerRequest request, ServerResponse response) throws IOException {
        String workspaceId = request.path().pathParameters().first("workspaceId").orElse("");
        RouteRequests.Caller caller = requests.authenticate(request);
        ErrorResponse denial = requests.denyOnWorkspace(ACTION, caller, workspaceId);
        if (denial != null) {
            return send(response, denial);
        }
        WorkspaceDocument workspace = workspaces.findServing(workspaceId).orElseThrow(() -> AmpException.notFound(
                "Workspace", workspaceId, "Workspace " + workspaceId + " does not exist or is not active"));
        byte[] body = caller.body() != null ? caller.body() : requests.body(request);
        if (body == null) {
            response.status(413).header("Content-Type", "text/plain");
            response.send(("request body exceeds " + requests.maxRequestBytes() + " bytes\n")
                    .getBytes(StandardCharsets.UTF_8));
            return 413;
        }
        IngestResponse answer = writes.write(workspace, new IngestRequest(endpoint, RouteRequests.lowerCaseHeaders(request), body));
        response.status(answer.status());
        answer.headers().forEach(response::header);
        if (answer.body() == null) {
            response.send();
        } else {
            response.header("Content-Type", answer.contentType());
            response.send(answer.body());
        }
        return answer.status();
    }

    private static int send(ServerResponse response, ErrorResponse error) {
        error.sendTo(response);
        return error.status();
    }
}

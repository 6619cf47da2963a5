package io.hearth.kernel.ingest;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.amp.ErrorResponse;
import io.hearth.kernel.http.Authentication;
import io.hearth.kernel.http.Authorization;
import io.hearth.kernel.http.Authorize;
import io.hearth.kernel.http.RequestMetrics;
import io.hearth.kernel.http.RequestSnapshot;
import io.hearth.kernel.workspace.WorkspaceDocument;
import io.hearth.kernel.workspace.WorkspaceRegistry;
import io.hearth.spi.auth.Principal;
import io.hearth.spi.ingest.IngestRequest;
import io.hearth.spi.ingest.IngestResponse;
import io.helidon.http.Header;
import io.helidon.http.media.ReadableEntity;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private static final byte[] EMPTY = new byte[0];

    private Authentication authentication;
    private Authorization authorization;
    private RequestMetrics requestMetrics;
    private WorkspaceRegistry workspaces;
    private WriteService writes;

    /** For CDI proxies only. */
    protected WriteRoutes() {
    }

    @Inject
    WriteRoutes(Authentication authentication, Authorization authorization, RequestMetrics requestMetrics,
            WorkspaceRegistry workspaces, WriteService writes) {
        this.authentication = authentication;
        this.authorization = authorization;
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
        Map<String, List<String>> headers = lowerCaseHeaders(request);
        byte[] body = null;
        Principal principal = null;
        if (authentication.required()) {
            body = readBody(request);
            if (body == null) {
                throw authentication.tooLarge();
            }
            String query = request.prologue().query().rawValue();
            principal = authentication.authenticate(new RequestSnapshot(request.prologue().method().text(),
                    request.prologue().uriPath().rawPath(), query == null ? "" : query, headers, body));
        }
        ErrorResponse denial = authorization.deny(ACTION, Authorize.Scope.WORKSPACE, true, principal,
                name -> name.equals("workspaceId") ? workspaceId : "");
        if (denial != null) {
            return send(response, denial);
        }
        WorkspaceDocument workspace = workspaces.findServing(workspaceId).orElseThrow(() -> AmpException.notFound(
                "Workspace", workspaceId, "Workspace " + workspaceId + " does not exist or is not active"));
        if (body == null) {
            body = readBody(request);
            if (body == null) {
                response.status(413).header("Content-Type", "text/plain");
                response.send(("request body exceeds " + authentication.maxRequestBytes() + " bytes\n")
                        .getBytes(StandardCharsets.UTF_8));
                return 413;
            }
        }
        IngestResponse answer = writes.write(workspace, new IngestRequest(endpoint, headers, body));
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

    private static Map<String, List<String>> lowerCaseHeaders(ServerRequest request) {
        Map<String, List<String>> lower = new HashMap<>();
        for (Header header : request.headers()) {
            lower.merge(header.headerName().lowerCase(), List.copyOf(header.allValues()),
                    (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
        }
        return Map.copyOf(lower);
    }

    /**
     * The body, or null when it is larger than {@code hearth.max-request-bytes}: straight into an
     * array of the declared length when there is one (every remote-write sender declares it), else
     * gathered in chunks up to one byte more than the limit.
     */
    private byte[] readBody(ServerRequest request) throws IOException {
        ReadableEntity content = request.content();
        if (!content.hasEntity()) {
            return EMPTY;
        }
        int maxRequestBytes = authentication.maxRequestBytes();
        long declared = request.headers().contentLength().orElse(-1);
        try (InputStream in = content.inputStream()) {
            if (declared < 0 || declared > maxRequestBytes) {
                byte[] bytes = in.readNBytes(maxRequestBytes + 1);
                return bytes.length > maxRequestBytes ? null : bytes;
            }
            byte[] bytes = new byte[(int) declared];
            int n = in.readNBytes(bytes, 0, bytes.length);
            return n == bytes.length ? bytes : Arrays.copyOf(bytes, n);
        }
    }
}

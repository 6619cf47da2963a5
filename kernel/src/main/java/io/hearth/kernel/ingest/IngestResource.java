package io.hearth.kernel.ingest;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.http.Authorize;
import io.hearth.kernel.workspace.WorkspaceDocument;
import io.hearth.kernel.workspace.WorkspaceRegistry;
import io.hearth.spi.ingest.IngestRequest;
import io.hearth.spi.ingest.IngestResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The write endpoints of a workspace: Prometheus remote write and OTLP/HTTP metrics. */
@Path("/workspaces/{workspaceId}/api/v1")
@ApplicationScoped
public class IngestResource {

    private WorkspaceRegistry workspaces;
    private WriteService writes;
    private int maxRequestBytes;

    /** For CDI proxies only. */
    protected IngestResource() {
    }

    @Inject
    IngestResource(WorkspaceRegistry workspaces, WriteService writes, org.eclipse.microprofile.config.Config config) {
        this.workspaces = workspaces;
        this.writes = writes;
        this.maxRequestBytes = config.getValue("hearth.max-request-bytes", Integer.class);
    }

    @POST
    @Path("/remote_write")
    @Authorize(action = "aps:RemoteWrite", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response remoteWrite(@PathParam("workspaceId") String workspaceId, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        return write("remote_write", workspaceId, headers, body);
    }

    @POST
    @Path("/otlp/v1/metrics")
    @Authorize(action = "aps:RemoteWrite", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response otlpMetrics(@PathParam("workspaceId") String workspaceId, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        return write("otlp_metrics", workspaceId, headers, body);
    }

    private Response write(String endpoint, String workspaceId, HttpHeaders headers, InputStream body) throws IOException {
        WorkspaceDocument workspace = workspaces.findServing(workspaceId).orElseThrow(() -> AmpException.notFound(
                "Workspace", workspaceId, "Workspace " + workspaceId + " does not exist or is not active"));
        byte[] bytes = body == null ? new byte[0] : read(body, headers.getLength());
        if (bytes.length > maxRequestBytes) {
            return Response.status(413).type("text/plain").entity("request body exceeds " + maxRequestBytes + " bytes\n").build();
        }
        Map<String, List<String>> lower = new HashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> lower.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        IngestResponse answer = writes.write(workspace, new IngestRequest(endpoint, lower, bytes));
        Response.ResponseBuilder response = Response.status(answer.status());
        answer.headers().forEach(response::header);
        if (answer.body() != null) {
            response.type(answer.contentType()).entity(answer.body());
        }
        return response.build();
    }

    /**
     * The body, at most {@code maxRequestBytes + 1} bytes (one more tells it is too large): straight
     * into an array of the declared length when there is one (every remote-write sender declares
     * it), else gathered in chunks.
     */
    private byte[] read(InputStream body, int contentLength) throws IOException {
        if (contentLength < 0 || contentLength > maxRequestBytes) {
            return body.readNBytes(maxRequestBytes + 1);
        }
        byte[] bytes = new byte[contentLength];
        int n = body.readNBytes(bytes, 0, contentLength);
        return n == contentLength ? bytes : java.util.Arrays.copyOf(bytes, n);
    }
}

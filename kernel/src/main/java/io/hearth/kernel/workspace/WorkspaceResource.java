package io.hearth.kernel.workspace;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.amp.JsonBody;
import io.hearth.kernel.http.Authorize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The workspace operations of the AMP control plane (CreateWorkspace, DescribeWorkspace,
 * ListWorkspaces, UpdateWorkspaceAlias, DeleteWorkspace, DescribeWorkspaceConfiguration,
 * UpdateWorkspaceConfiguration), with the model's paths, status codes and JSON members.
 */
@Path("/workspaces")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class WorkspaceResource {

    private final WorkspaceRegistry registry;

    /** For CDI proxies only. */
    protected WorkspaceResource() {
        this.registry = null;
    }

    @Inject
    WorkspaceResource(WorkspaceRegistry registry) {
        this.registry = registry;
    }

    @POST
    @Authorize(action = "aps:CreateWorkspace", resource = Authorize.Scope.ANY_WORKSPACE)
    public Response createWorkspace(String body) {
        JsonBody request = JsonBody.parse(body);
        WorkspaceDocument w = registry.create(request.string("alias"), request.stringMap("tags"),
                request.string("clientToken"), request.string("kmsKeyArn"));
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("workspaceId", w.id())
                .add("arn", registry.arn(w.id()))
                .add("status", status(w.status()))
                .add("tags", tags(w.tags()));
        return Response.status(202).entity(json.build().toString()).build();
    }

    @GET
    @Path("/{workspaceId}")
    @Authorize(action = "aps:DescribeWorkspace", resource = Authorize.Scope.WORKSPACE)
    public Response describeWorkspace(@PathParam("workspaceId") String workspaceId, @Context UriInfo uri) {
        WorkspaceDocument w = registry.describe(workspaceId);
        JsonObjectBuilder description = summary(w)
                .add("prometheusEndpoint", uri.getBaseUri().resolve("workspaces/" + w.id() + "/").toString());
        return Response.ok(Json.createObjectBuilder().add("workspace", description).build().toString()).build();
    }

    @GET
    @Authorize(action = "aps:ListWorkspaces", resource = Authorize.Scope.ANY_WORKSPACE)
    public Response listWorkspaces(@QueryParam("alias") String alias, @QueryParam("maxResults") String maxResults,
            @QueryParam("nextToken") String nextToken) {
        WorkspaceRegistry.Page page = registry.list(alias, parseMaxResults(maxResults), nextToken);
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.workspaces().forEach(w -> items.add(summary(w)));
        JsonObjectBuilder json = Json.createObjectBuilder().add("workspaces", items);
        if (page.nextToken() != null) {
            json.add("nextToken", page.nextToken());
        }
        return Response.ok(json.build().toString()).build();
    }

    @POST
    @Path("/{workspaceId}/alias")
    @Authorize(action = "aps:UpdateWorkspaceAlias", resource = Authorize.Scope.WORKSPACE)
    public Response updateWorkspaceAlias(@PathParam("workspaceId") String workspaceId, String body) {
        JsonBody request = JsonBody.parse(body);
        registry.updateAlias(workspaceId, request.string("alias"), request.string("clientToken"));
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{workspaceId}")
    @Authorize(action = "aps:DeleteWorkspace", resource = Authorize.Scope.WORKSPACE)
    public Response deleteWorkspace(@PathParam("workspaceId") String workspaceId, @QueryParam("clientToken") String clientToken) {
        registry.delete(workspaceId, clientToken);
        return Response.status(202).build();
    }

    @GET
    @Path("/{workspaceId}/configuration")
    @Authorize(action = "aps:DescribeWorkspaceConfiguration", resource = Authorize.Scope.WORKSPACE)
    public Response describeWorkspaceConfiguration(@PathParam("workspaceId") String workspaceId) {
        WorkspaceDocument w = registry.describe(workspaceId);
        JsonObjectBuilder configuration = Json.createObjectBuilder()
                .add("status", Json.createObjectBuilder().add("statusCode", "ACTIVE"))
                .add("limitsPerLabelSet", LimitsPerLabelSet.parse(w.limitsPerLabelSet()))
                .add("retentionPeriodInDays", w.retentionPeriodInDays());
        if (!w.alertmanagerUrlsOrEmpty().isEmpty()) {
            // Hearth's extension: AWS clients drop members the model does not know.
            configuration.add("alertmanagerUrls", Json.createArrayBuilder(w.alertmanagerUrlsOrEmpty()));
        }
        return Response.ok(Json.createObjectBuilder().add("workspaceConfiguration", configuration).build().toString()).build();
    }

    @PATCH
    @Path("/{workspaceId}/configuration")
    @Authorize(action = "aps:UpdateWorkspaceConfiguration", resource = Authorize.Scope.WORKSPACE)
    public Response updateWorkspaceConfiguration(@PathParam("workspaceId") String workspaceId, String body) {
        JsonBody request = JsonBody.parse(body);
        Long retention = request.integer("retentionPeriodInDays");
        JsonValue limits = request.raw("limitsPerLabelSet");
        java.util.List<String> alertmanagerUrls = AlertmanagerUrls.parse(request.raw("alertmanagerUrls"));
        if (retention == null && limits == null && alertmanagerUrls == null) {
            throw AmpException.validation("OTHER", null,
                    "Specify at least one of limitsPerLabelSet or retentionPeriodInDays");
        }
        if (retention != null && (retention < 1 || retention > 36500)) {
            throw AmpException.invalidField("retentionPeriodInDays", "retentionPeriodInDays must be between 1 and 36500");
        }
        String limitsText = limits == null ? null : LimitsPerLabelSet.canonical(limits);
        registry.updateConfiguration(workspaceId, retention == null ? null : retention.intValue(), limitsText, alertmanagerUrls,
                request.string("clientToken"));
        // Applied at once: there is nothing left to update asynchronously.
        return Response.status(202).entity(Json.createObjectBuilder()
                .add("status", Json.createObjectBuilder().add("statusCode", "ACTIVE")).build().toString()).build();
    }

    private JsonObjectBuilder summary(WorkspaceDocument w) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("workspaceId", w.id())
                .add("arn", registry.arn(w.id()))
                .add("status", status(w.status()))
                .add("createdAt", BigDecimal.valueOf(w.createdAtMillis(), 3))
                .add("tags", tags(w.tags()));
        if (w.alias() != null) {
            json.add("alias", w.alias());
        }
        return json;
    }

    private static JsonObjectBuilder status(String code) {
        return Json.createObjectBuilder().add("statusCode", code);
    }

    private static JsonObjectBuilder tags(Map<String, String> tags) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        new java.util.TreeMap<>(tags).forEach(json::add);
        return json;
    }

    private static Integer parseMaxResults(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw AmpException.invalidField("maxResults", "maxResults must be a whole number");
        }
    }
}

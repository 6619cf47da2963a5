package io.hearth.kernel.workspace;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.amp.JsonBody;
import io.hearth.kernel.http.Authorize;
import io.hearth.kernel.plugin.PolicyValidation;
import io.hearth.spi.auth.Authorizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** PutResourcePolicy, DescribeResourcePolicy and DeleteResourcePolicy of the AMP model. */
@Path("/workspaces/{workspaceId}/policy")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ResourcePolicyResource {

    private WorkspaceRegistry registry;
    private PolicyValidation validation;

    /** For CDI proxies only. */
    protected ResourcePolicyResource() {
    }

    @Inject
    ResourcePolicyResource(WorkspaceRegistry registry, PolicyValidation validation) {
        this.registry = registry;
        this.validation = validation;
    }

    @PUT
    @Authorize(action = "aps:PutResourcePolicy", resource = Authorize.Scope.WORKSPACE)
    public Response putResourcePolicy(@PathParam("workspaceId") String workspaceId, String body) {
        JsonBody request = JsonBody.parse(body);
        String document = request.string("policyDocument");
        registry.describe(workspaceId);
        validation.check("policyDocument", document, Authorizer.PolicyKind.RESOURCE);
        String revision = registry.putResourcePolicy(workspaceId, document, request.string("revisionId"));
        return Response.status(202).entity(status(revision)).build();
    }

    @GET
    @Authorize(action = "aps:DescribeResourcePolicy", resource = Authorize.Scope.WORKSPACE)
    public Response describeResourcePolicy(@PathParam("workspaceId") String workspaceId) {
        WorkspaceDocument w = registry.describe(workspaceId);
        if (w.resourcePolicy() == null) {
            throw AmpException.notFound("ResourcePolicy", workspaceId, "Workspace " + workspaceId + " has no resource policy");
        }
        return Response.ok(Json.createObjectBuilder()
                .add("policyDocument", w.resourcePolicy())
                .add("policyStatus", "ACTIVE")
                .add("revisionId", w.policyRevisionId()).build().toString()).build();
    }

    @DELETE
    @Authorize(action = "aps:DeleteResourcePolicy", resource = Authorize.Scope.WORKSPACE)
    public Response deleteResourcePolicy(@PathParam("workspaceId") String workspaceId,
            @QueryParam("revisionId") String revisionId) {
        registry.deleteResourcePolicy(workspaceId, revisionId);
        return Response.status(202).build();
    }

    private static String status(String revision) {
        return Json.createObjectBuilder().add("policyStatus", "ACTIVE").add("revisionId", revision).build().toString();
    }
}

package io.hearth.kernel.alertmanager;

import io.hearth.kernel.amp.JsonBody;
import io.hearth.kernel.http.Authorize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;

/**
 * CreateAlertManagerDefinition, DescribeAlertManagerDefinition, PutAlertManagerDefinition and
 * DeleteAlertManagerDefinition of the AMP model.
 */
@Path("/workspaces/{workspaceId}/alertmanager/definition")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class AlertManagerDefinitionResource {

    private AlertManagerDefinitions definitions;

    /** For CDI proxies only. */
    protected AlertManagerDefinitionResource() {
    }

    @Inject
    AlertManagerDefinitionResource(AlertManagerDefinitions definitions) {
        this.definitions = definitions;
    }

    @POST
    @Authorize(action = "aps:CreateAlertManagerDefinition", resource = Authorize.Scope.WORKSPACE)
    public Response create(@PathParam("workspaceId") String workspaceId, String body) {
        definitions.create(workspaceId, JsonBody.parse(body).string("data"));
        return Response.status(202).entity(Json.createObjectBuilder().add("status", status("CREATING")).build().toString())
                .build();
    }

    @PUT
    @Authorize(action = "aps:PutAlertManagerDefinition", resource = Authorize.Scope.WORKSPACE)
    public Response put(@PathParam("workspaceId") String workspaceId, String body) {
        definitions.put(workspaceId, JsonBody.parse(body).string("data"));
        return Response.status(202).entity(Json.createObjectBuilder().add("status", status("UPDATING")).build().toString())
                .build();
    }

    @GET
    @Authorize(action = "aps:DescribeAlertManagerDefinition", resource = Authorize.Scope.WORKSPACE)
    public Response describe(@PathParam("workspaceId") String workspaceId) {
        AlertManagerDefinitionDocument d = definitions.describe(workspaceId);
        JsonObjectBuilder description = Json.createObjectBuilder()
                .add("status", status(d.status()))
                .add("data", d.data())
                .add("createdAt", BigDecimal.valueOf(d.createdAtMillis(), 3))
                .add("modifiedAt", BigDecimal.valueOf(d.modifiedAtMillis(), 3));
        return Response.ok(Json.createObjectBuilder().add("alertManagerDefinition", description).build().toString()).build();
    }

    @DELETE
    @Authorize(action = "aps:DeleteAlertManagerDefinition", resource = Authorize.Scope.WORKSPACE)
    public Response delete(@PathParam("workspaceId") String workspaceId, @QueryParam("clientToken") String clientToken) {
        definitions.delete(workspaceId);
        return Response.status(202).build();
    }

    private static JsonObjectBuilder status(String code) {
        return Json.createObjectBuilder().add("statusCode", code);
    }
}

package io.hearth.kernel.rules;

import io.hearth.kernel.amp.JsonBody;
import io.hearth.kernel.http.Authorize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
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
import java.util.List;
import java.util.TreeMap;

/**
 * CreateRuleGroupsNamespace, PutRuleGroupsNamespace, DescribeRuleGroupsNamespace,
 * ListRuleGroupsNamespaces and DeleteRuleGroupsNamespace of the AMP model.
 */
@Path("/workspaces/{workspaceId}/rulegroupsnamespaces")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class RuleGroupsNamespaceResource {

    private RuleGroupsNamespaces namespaces;

    /** For CDI proxies only. */
    protected RuleGroupsNamespaceResource() {
    }

    @Inject
    RuleGroupsNamespaceResource(RuleGroupsNamespaces namespaces) {
        this.namespaces = namespaces;
    }

    @POST
    @Authorize(action = "aps:CreateRuleGroupsNamespace", resource = Authorize.Scope.WORKSPACE)
    public Response create(@PathParam("workspaceId") String workspaceId, String body) {
        JsonBody request = JsonBody.parse(body);
        RuleGroupsNamespaceDocument n = namespaces.create(workspaceId, request.string("name"), request.string("data"),
                request.stringMap("tags"));
        return Response.status(202).entity(answer(n).build().toString()).build();
    }

    @PUT
    @Path("/{name}")
    @Authorize(action = "aps:PutRuleGroupsNamespace", resource = Authorize.Scope.RULE_GROUPS_NAMESPACE)
    public Response put(@PathParam("workspaceId") String workspaceId, @PathParam("name") String name, String body) {
        RuleGroupsNamespaceDocument n = namespaces.put(workspaceId, name, JsonBody.parse(body).string("data"));
        return Response.status(202).entity(answer(n).build().toString()).build();
    }

    @GET
    @Path("/{name}")
    @Authorize(action = "aps:DescribeRuleGroupsNamespace", resource = Authorize.Scope.RULE_GROUPS_NAMESPACE)
    public Response describe(@PathParam("workspaceId") String workspaceId, @PathParam("name") String name) {
        RuleGroupsNamespaceDocument n = namespaces.describe(workspaceId, name);
        return Response.ok(Json.createObjectBuilder().add("ruleGroupsNamespace", summary(n).add("data", n.data()))
                .build().toString()).build();
    }

    @GET
    @Authorize(action = "aps:ListRuleGroupsNamespaces", resource = Authorize.Scope.WORKSPACE)
    public Response list(@PathParam("workspaceId") String workspaceId, @QueryParam("name") String prefix) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        List<RuleGroupsNamespaceDocument> all = namespaces.list(workspaceId, prefix);
        all.forEach(n -> items.add(summary(n)));
        return Response.ok(Json.createObjectBuilder().add("ruleGroupsNamespaces", items).build().toString()).build();
    }

    @DELETE
    @Path("/{name}")
    @Authorize(action = "aps:DeleteRuleGroupsNamespace", resource = Authorize.Scope.RULE_GROUPS_NAMESPACE)
    public Response delete(@PathParam("workspaceId") String workspaceId, @PathParam("name") String name) {
        namespaces.delete(workspaceId, name);
        return Response.status(202).build();
    }

    private JsonObjectBuilder answer(RuleGroupsNamespaceDocument n) {
        return Json.createObjectBuilder().add("name", n.name()).add("arn", namespaces.arn(n.workspaceId(), n.name()))
                .add("status", Json.createObjectBuilder().add("statusCode", n.status())).add("tags", tags(n));
    }

    private JsonObjectBuilder summary(RuleGroupsNamespaceDocument n) {
        return answer(n).add("createdAt", BigDecimal.valueOf(n.createdAtMillis(), 3))
                .add("modifiedAt", BigDecimal.valueOf(n.modifiedAtMillis(), 3));
    }

    private static JsonObjectBuilder tags(RuleGroupsNamespaceDocument n) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        new TreeMap<>(n.tags()).forEach(json::add);
        return json;
    }
}

package io.hearth.kernel.workspace;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.amp.JsonBody;
import io.hearth.kernel.http.Authorize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** TagResource, UntagResource and ListTagsForResource, for every taggable resource by ARN. */
@Path("/tags")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class TagsResource {

    private static final Pattern WORKSPACE_ARN = Pattern.compile("arn:aws[-a-z]*:aps:([-a-z0-9]+):([0-9]{12}):workspace/([^/]+)");

    private final WorkspaceRegistry registry;

    /** For CDI proxies only. */
    protected TagsResource() {
        this.registry = null;
    }

    @Inject
    TagsResource(WorkspaceRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Path("/{resourceArn: .+}")
    @Authorize(action = "aps:ListTagsForResource", resource = Authorize.Scope.RESOURCE_ARN)
    public Response listTagsForResource(@PathParam("resourceArn") String arn) {
        WorkspaceDocument w = registry.describe(workspaceOf(arn));
        JsonObjectBuilder tags = Json.createObjectBuilder();
        new TreeMap<>(w.tags()).forEach(tags::add);
        return Response.ok(Json.createObjectBuilder().add("tags", tags).build().toString()).build();
    }

    @POST
    @Path("/{resourceArn: .+}")
    @Authorize(action = "aps:TagResource", resource = Authorize.Scope.RESOURCE_ARN)
    public Response tagResource(@PathParam("resourceArn") String arn, String body) {
        Map<String, String> tags = JsonBody.parse(body).stringMap("tags");
        if (tags == null) {
            throw AmpException.invalidField("tags", "tags is required");
        }
        registry.tag(workspaceOf(arn), tags);
        return Response.ok("{}").build();
    }

    @DELETE
    @Path("/{resourceArn: .+}")
    @Authorize(action = "aps:UntagResource", resource = Authorize.Scope.RESOURCE_ARN)
    public Response untagResource(@PathParam("resourceArn") String arn, @QueryParam("tagKeys") List<String> tagKeys) {
        if (tagKeys == null || tagKeys.isEmpty()) {
            throw AmpException.invalidField("tagKeys", "tagKeys is required");
        }
        registry.untag(workspaceOf(arn), tagKeys);
        return Response.ok("{}").build();
    }

    private String workspaceOf(String arn) {
        Matcher m = WORKSPACE_ARN.matcher(arn);
        if (!m.matches()) {
            if (arn.startsWith("arn:")) {
                throw AmpException.notFound("Resource", arn, "Resource " + arn + " does not exist");
            }
            throw AmpException.invalidField("resourceArn", "resourceArn '" + arn + "' is not an ARN");
        }
        String workspaceId = m.group(3);
        if (!registry.arn(workspaceId).equals(arn)) {
            throw AmpException.notFound("Workspace", arn, "Resource " + arn + " does not exist in this region and account");
        }
        return workspaceId;
    }
}

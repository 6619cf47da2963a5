package io.hearth.kernel.workspace;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.amp.JsonBody;
import io.hearth.kernel.amp.Tags;
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
    private static final Pattern NAMESPACE_ARN =
            Pattern.compile("arn:aws[-a-z]*:aps:([-a-z0-9]+):([0-9]{12}):rulegroupsnamespace/([^/]+)/([^/]+)");

    private final WorkspaceRegistry registry;
    private final io.hearth.kernel.rules.RuleGroupsNamespaces namespaces;

    /** For CDI proxies only. */
    protected TagsResource() {
        this.registry = null;
        this.namespaces = null;
    }

    @Inject
    TagsResource(WorkspaceRegistry registry, io.hearth.kernel.rules.RuleGroupsNamespaces namespaces) {
        this.registry = registry;
        this.namespaces = namespaces;
    }

    @GET
    @Path("/{resourceArn: .+}")
    @Authorize(action = "aps:ListTagsForResource", resource = Authorize.Scope.RESOURCE_ARN)
    public Response listTagsForResource(@PathParam("resourceArn") String arn) {
        Matcher namespace = namespaceArn(arn);
        Map<String, String> current = namespace != null
                ? namespaces.describe(namespace.group(3), namespace.group(4)).tags()
                : registry.describe(workspaceOf(arn)).tags();
        JsonObjectBuilder tags = Json.createObjectBuilder();
        new TreeMap<>(current).forEach(tags::add);
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
        Matcher namespace = namespaceArn(arn);
        if (namespace != null) {
            Tags.validate("tags", tags);
            namespaces.tag(namespace.group(3), namespace.group(4), tags);
        } else {
            registry.tag(workspaceOf(arn), tags);
        }
        return Response.ok("{}").build();
    }

    @DELETE
    @Path("/{resourceArn: .+}")
    @Authorize(action = "aps:UntagResource", resource = Authorize.Scope.RESOURCE_ARN)
    public Response untagResource(@PathParam("resourceArn") String arn, @QueryParam("tagKeys") List<String> tagKeys) {
        if (tagKeys == null || tagKeys.isEmpty()) {
            throw AmpException.invalidField("tagKeys", "tagKeys is required");
        }
        Matcher namespace = namespaceArn(arn);
        if (namespace != null) {
            namespaces.untag(namespace.group(3), namespace.group(4), tagKeys);
        } else {
            registry.untag(workspaceOf(arn), tagKeys);
        }
        return Response.ok("{}").build();
    }

    /** @return the match of a rule groups namespace ARN of this region and account, or null */
    private Matcher namespaceArn(String arn) {
        Matcher m = NAMESPACE_ARN.matcher(arn);
        if (!m.matches()) {
            return null;
        }
        if (!namespaces.arn(m.group(3), m.group(4)).equals(arn)) {
            throw AmpException.notFound("RuleGroupsNamespace", arn, "Resource " + arn + " does not exist in this region and account");
        }
        return m;
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

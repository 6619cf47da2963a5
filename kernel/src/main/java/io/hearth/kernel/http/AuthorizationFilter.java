package io.hearth.kernel.http;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.amp.AmpExceptionMapper;
import io.hearth.kernel.config.ServerSettings;
import io.hearth.kernel.identity.AccessControl;
import io.hearth.kernel.identity.IdentityStore;
import io.hearth.kernel.plugin.PluginRegistry;
import io.hearth.kernel.plugin.Plugins;
import io.hearth.kernel.workspace.WorkspaceDocument;
import io.hearth.kernel.workspace.WorkspaceRegistry;
import io.hearth.spi.auth.AuthorizationDecision;
import io.hearth.spi.auth.AuthorizationQuery;
import io.hearth.spi.auth.Authorizer;
import io.hearth.spi.auth.Principal;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Asks the authorizer whether the authenticated principal may perform the matched method's
 * {@link Authorize action} on its resource, before the method runs. The decision depends only on
 * the action, the resource's ARN and the policies, never on whether the resource exists, so a
 * caller without access learns nothing about what exists.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
@ApplicationScoped
public class AuthorizationFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(AuthorizationFilter.class.getName());
    private static final Metadata DENIED = Metadata.builder().withName("hearth_authorization_denied")
            .withDescription("Requests refused by authorization, by action").build();

    @Context
    private ResourceInfo resourceInfo;

    private PluginRegistry plugins;
    private IdentityStore identities;
    private WorkspaceRegistry workspaces;
    private ServerSettings settings;
    private MetricRegistry metrics;
    private AccessControl accessControl;

    /** For CDI proxies only. */
    protected AuthorizationFilter() {
    }

    @Inject
    AuthorizationFilter(PluginRegistry plugins, IdentityStore identities, WorkspaceRegistry workspaces,
            ServerSettings settings, MetricRegistry metrics, AccessControl accessControl) {
        this.accessControl = accessControl;
        this.plugins = plugins;
        this.identities = identities;
        this.workspaces = workspaces;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resourceInfo.getResourceMethod();
        if (method == null || method.isAnnotationPresent(Authorize.Public.class)) {
            return;
        }
        if (accessControl.disabled()) {
            return;
        }
        Plugins.Bound<Authorizer> authorizer = plugins.authorizer();
        Authorize rule = method.getAnnotation(Authorize.class);
        if (rule == null) {
            LOG.severe(() -> "no @Authorize on " + method + ": refused");
            deny(request, "unmapped", "This operation has no access rule", false);
            return;
        }
        Principal principal = (Principal) request.getProperty(AuthenticationFilter.PRINCIPAL);
        if (principal == null) {
            deny(request, rule.action(), "Missing Authentication Token", rule.dataPlane());
            return;
        }
        if (identities.isRoot(principal)) {
            return;
        }
        String resource = resourceArn(rule.resource(), request, principal);
        String resourcePolicy = rule.resource() == Authorize.Scope.WORKSPACE
                || rule.resource() == Authorize.Scope.RULE_GROUPS_NAMESPACE
                ? workspaces.find(pathParameter(request, "workspaceId")).map(WorkspaceDocument::resourcePolicy).orElse(null)
                : null;
        AuthorizationQuery query = new AuthorizationQuery(principal, rule.action(), resource,
                identities.policiesOf(principal.name()), resourcePolicy);
        AuthorizationDecision decision = authorizer.call(instance -> instance.authorize(query));
        if (!decision.allowed()) {
            LOG.info(() -> "denied: " + principal.arn() + " " + rule.action() + " on " + resource);
            deny(request, rule.action(), decision.message(), rule.dataPlane());
        }
    }

    private void deny(ContainerRequestContext request, String action, String message, boolean dataPlane) {
        Counter counter = metrics.counter(DENIED, new Tag("action", action));
        counter.inc();
        if (dataPlane) {
            request.abortWith(jakarta.ws.rs.core.Response.status(403).type("application/json")
                    .entity(jakarta.json.Json.createObjectBuilder().add("status", "error").add("errorType", "forbidden")
                            .add("error", message).build().toString()).build());
        } else {
            request.abortWith(new AmpExceptionMapper().toResponse(AmpException.accessDenied(message)));
        }
    }

    private String resourceArn(Authorize.Scope scope, ContainerRequestContext request, Principal principal) {
        String aps = "arn:aws:aps:" + settings.region() + ":" + settings.accountId() + ":";
        String iam = "arn:aws:iam::" + settings.accountId() + ":user/";
        return switch (scope) {
            case ANY_WORKSPACE -> aps + "workspace/*";
            case WORKSPACE -> aps + "workspace/" + pathParameter(request, "workspaceId");
            case RULE_GROUPS_NAMESPACE -> aps + "rulegroupsnamespace/" + pathParameter(request, "workspaceId") + "/"
                    + pathParameter(request, "name");
            case RESOURCE_ARN -> pathParameter(request, "resourceArn");
            case USER -> iam + pathParameter(request, "userName");
            case CALLER -> iam + principal.name();
            case SERVER -> "arn:hearth:server:" + settings.region() + ":" + settings.accountId() + ":server";
        };
    }

    private static String pathParameter(ContainerRequestContext request, String name) {
        String value = request.getUriInfo().getPathParameters().getFirst(name);
        return value == null ? "" : value;
    }
}

package io.hearth.kernel.http;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.amp.ErrorResponse;
import io.hearth.kernel.config.ServerSettings;
import io.hearth.kernel.identity.AccessControl;
import io.hearth.kernel.identity.IdentityStore;
import io.hearth.kernel.plugin.PluginRegistry;
import io.hearth.kernel.workspace.WorkspaceDocument;
import io.hearth.kernel.workspace.WorkspaceRegistry;
import io.hearth.spi.auth.AuthorizationDecision;
import io.hearth.spi.auth.AuthorizationQuery;
import io.hearth.spi.auth.Principal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Decides whether a principal may perform an action on a resource, by asking the authorizer with
 * the principal's identity policies and the resource's policy. The decision depends only on the
 * action, the resource's ARN and the policies, never on whether the resource exists, so a caller
 * without access learns nothing about what exists. Both the JAX-RS {@link AuthorizationFilter}
 * and the plain web-server routes go through it; denials are counted and logged here.
 */
@ApplicationScoped
public class Authorization {

    private static final Logger LOG = Logger.getLogger(Authorization.class.getName());
    private static final Metadata DENIED = Metadata.builder().withName("hearth_authorization_denied")
            .withDescription("Requests refused by authorization, by action").build();

    private PluginRegistry plugins;
    private IdentityStore identities;
    private WorkspaceRegistry workspaces;
    private ServerSettings settings;
    private MetricRegistry metrics;
    private AccessControl accessControl;

    /** For CDI proxies only. */
    protected Authorization() {
    }

    @Inject
    Authorization(PluginRegistry plugins, IdentityStore identities, WorkspaceRegistry workspaces,
            ServerSettings settings, MetricRegistry metrics, AccessControl accessControl) {
        this.plugins = plugins;
        this.identities = identities;
        this.workspaces = workspaces;
        this.settings = settings;
        this.metrics = metrics;
        this.accessControl = accessControl;
    }

    /**
     * Decides one request.
     *
     * @param rule the action and resource of the endpoint, or null when it has none (always refused)
     * @param principal the authenticated caller, or null when anonymous
     * @param pathParameter the request's path parameters by name (absent ones as an empty string)
     * @return null when allowed, else the answer that refuses it
     */
    public ErrorResponse deny(Authorize rule, Principal principal, UnaryOperator<String> pathParameter) {
        if (accessControl.disabled()) {
            return null;
        }
        if (rule == null) {
            return refusal("unmapped", "This operation has no access rule", false);
        }
        return deny(rule.action(), rule.resource(), rule.dataPlane(), principal, pathParameter);
    }

    /**
     * Decides one request to an endpoint whose rule is known without an annotation.
     *
     * @param action the IAM action, e.g. {@code aps:RemoteWrite}
     * @param scope where the resource ARN comes from
     * @param dataPlane whether a denial is written as a Prometheus API error rather than AMP's
     * @param principal the authenticated caller, or null when anonymous
     * @param pathParameter the request's path parameters by name (absent ones as an empty string)
     * @return null when allowed, else the answer that refuses it
     */
    public ErrorResponse deny(String action, Authorize.Scope scope, boolean dataPlane, Principal principal,
            UnaryOperator<String> pathParameter) {
        if (accessControl.disabled()) {
            return null;
        }
        if (principal == null) {
            return refusal(action, "Missing Authentication Token", dataPlane);
        }
        if (identities.isRoot(principal)) {
            return null;
        }
        String resource = resourceArn(scope, pathParameter, principal);
        String resourcePolicy = scope == Authorize.Scope.WORKSPACE || scope == Authorize.Scope.RULE_GROUPS_NAMESPACE
                ? workspaces.find(pathParameter.apply("workspaceId")).map(WorkspaceDocument::resourcePolicy).orElse(null)
                : null;
        AuthorizationQuery query = new AuthorizationQuery(principal, action, resource,
                identities.policiesOf(principal.name()), resourcePolicy);
        AuthorizationDecision decision = plugins.authorizer().call(instance -> instance.authorize(query));
        if (decision.allowed()) {
            return null;
        }
        LOG.info(() -> "denied: " + principal.arn() + " " + action + " on " + resource);
        return refusal(action, decision.message(), dataPlane);
    }

    private ErrorResponse refusal(String action, String message, boolean dataPlane) {
        metrics.counter(DENIED, new Tag("action", action)).inc();
        if (dataPlane) {
            return new ErrorResponse(403, null, Json.createObjectBuilder().add("status", "error")
                    .add("errorType", "forbidden").add("error", message).build().toString());
        }
        return ErrorResponse.of(AmpException.accessDenied(message));
    }

    private String resourceArn(Authorize.Scope scope, UnaryOperator<String> pathParameter, Principal principal) {
        String aps = "arn:aws:aps:" + settings.region() + ":" + settings.accountId() + ":";
        String iam = "arn:aws:iam::" + settings.accountId() + ":user/";
        return switch (scope) {
            case ANY_WORKSPACE -> aps + "workspace/*";
            case WORKSPACE -> aps + "workspace/" + pathParameter.apply("workspaceId");
            case RULE_GROUPS_NAMESPACE -> aps + "rulegroupsnamespace/" + pathParameter.apply("workspaceId") + "/"
                    + pathParameter.apply("name");
            case RESOURCE_ARN -> pathParameter.apply("resourceArn");
            case USER -> iam + pathParameter.apply("userName");
            case CALLER -> iam + principal.name();
            case SERVER -> "arn:hearth:server:" + settings.region() + ":" + settings.accountId() + ":server";
        };
    }
}

package io.hearth.kernel.rules;

import static io.hearth.kernel.query.SuccessResponse.success;

import io.hearth.kernel.http.Authorize;
import io.hearth.kernel.plugin.PluginRegistry;
import io.hearth.kernel.plugin.Plugins;
import io.hearth.kernel.query.ApiParameters;
import io.hearth.kernel.query.PrometheusApiException;
import io.hearth.kernel.workspace.WorkspaceRegistry;
import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.query.QueryException;
import io.hearth.spi.storage.LabelMatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /workspaces/{id}/api/v1/rules} (AMP's ListRules) and {@code /api/v1/alerts}
 * (ListAlerts): the state the rule evaluator reports, in Prometheus's JSON, whatever the Accept
 * header asks for (no {@code @Produces}), as Prometheus answers.
 */
@Path("/workspaces/{workspaceId}/api/v1")
@ApplicationScoped
public class RulesApiResource {

    private RuleEvaluation evaluation;
    private WorkspaceRegistry workspaces;
    private Plugins.Bound<QueryEngine> engine;

    /** For CDI proxies only. */
    protected RulesApiResource() {
    }

    @Inject
    RulesApiResource(RuleEvaluation evaluation, WorkspaceRegistry workspaces, PluginRegistry plugins) {
        this.evaluation = evaluation;
        this.workspaces = workspaces;
        this.engine = plugins.queryEngine();
    }

    @GET
    @Path("/rules")
    @Authorize(action = "aps:ListRules", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response rules(@PathParam("workspaceId") String ws, @Context UriInfo uri) {
        requireWorkspace(ws);
        ApiParameters q = ApiParameters.of(uri.getRequestUri().getRawQuery(), null, null);
        q.requireWellFormed();
        List<List<LabelMatcher>> matcherSets = new ArrayList<>();
        for (String text : q.all("match[]")) {
            try {
                matcherSets.add(engine.call(e -> e.parseSeriesSelector(text)));
            } catch (QueryException e) {
                throw new PrometheusApiException("bad_data", e.getMessage());
            }
        }
        RulesFilter filter = RulesFilter.of(q.first("type"), q.all("rule_name[]"), q.all("rule_group[]"),
                q.all("file[]"), matcherSets, q.first("exclude_alerts"), q.first("group_limit"),
                q.first("group_next_token"));
        RulesFilter.Page page = filter.apply(evaluation.groups(ws));
        return success(g -> RulesApiJson.rules(g, page.groups(), filter.excludeAlerts(), page.nextToken()));
    }

    @GET
    @Path("/alerts")
    @Authorize(action = "aps:ListAlerts", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response alerts(@PathParam("workspaceId") String ws) {
        requireWorkspace(ws);
        var alerts = evaluation.alerts(ws);
        return success(g -> RulesApiJson.alerts(g, alerts));
    }

    private void requireWorkspace(String ws) {
        workspaces.findServing(ws).orElseThrow(() -> PrometheusApiException.workspaceNotFound(ws));
    }
}

package io.hearth.kernel.query;

import io.hearth.kernel.http.CorsHeaders;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.regex.Pattern;

/**
 * What Prometheus does around every endpoint of its API, for the endpoints under
 * {@code /workspaces/{id}/api/v1/} that JAX-RS serves ({@link QueryRoutes} does the same for
 * query and query_range): OPTIONS on any of these paths is answered 204 with no body, and every
 * answer carries the {@link CorsHeaders}.
 *
 * <p>OPTIONS is answered before matching, so before authentication: a browser's CORS preflight
 * carries no credentials, and the answer holds nothing of the workspace, not even whether it
 * exists. It runs after {@code RequestMetricsFilter} has started the request's clock, so the
 * answer is still counted.
 */
@Provider
@PreMatching
@Priority(Priorities.USER + 100)
@ApplicationScoped
public class PrometheusApiFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Pattern API_PATH = Pattern.compile("/workspaces/[^/]+/api/v1(/.*)?");

    private CorsHeaders cors;

    /** For CDI proxies only. */
    protected PrometheusApiFilter() {
    }

    @Inject
    PrometheusApiFilter(CorsHeaders cors) {
        this.cors = cors;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getMethod().equals("OPTIONS") && api(request)) {
            request.abortWith(Response.noContent().build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (api(request)) {
            cors.addTo(request.getHeaderString("Origin"), response.getHeaders()::add);
        }
    }

    private static boolean api(ContainerRequestContext request) {
        return API_PATH.matcher(request.getUriInfo().getRequestUri().getRawPath()).matches();
    }
}

package io.hearth.kernel.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;

/**
 * Times every request that JAX-RS serves into {@link RequestMetrics}, labelled with the matched
 * resource's route template.
 */
@Provider
@PreMatching
@ApplicationScoped
public class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String START = "hearth.request-start-nanos";

    private RequestMetrics metrics;

    /** For CDI proxies only. */
    protected RequestMetricsFilter() {
    }

    @Inject
    RequestMetricsFilter(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object start = request.getProperty(START);
        if (!(start instanceof Long startNanos)) {
            return;
        }
        metrics.record(route(request), request.getMethod(), response.getStatus(), startNanos);
    }

    private static String route(ContainerRequestContext request) {
        if (!(request.getUriInfo() instanceof ExtendedUriInfo info)) {
            return "unknown";
        }
        List<org.glassfish.jersey.uri.UriTemplate> templates = info.getMatchedTemplates();
        if (templates.isEmpty()) {
            return "unmatched";
        }
        StringBuilder route = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
            String part = templates.get(i).getTemplate();
            if (route.length() > 0 && route.charAt(route.length() - 1) == '/' && part.startsWith("/")) {
                part = part.substring(1);
            }
            route.append(part);
        }
        return route.toString();
    }
}

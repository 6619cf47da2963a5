package io.hearth.kernel.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.glassfish.jersey.server.ExtendedUriInfo;

/**
 * Times every HTTP request into {@code hearth_http_requests_seconds}, by route template, method
 * and status code, in the same registry that serves {@code /metrics}.
 */
@Provider
@PreMatching
@ApplicationScoped
public class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String START = "hearth.request-start-nanos";
    private static final Metadata METADATA = Metadata.builder()
            .withName("hearth_http_requests")
            .withDescription("HTTP requests served, by route template, method and status code")
            .withUnit(MetricUnits.SECONDS)
            .build();

    private final MetricRegistry registry;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    /** For CDI proxies only. */
    protected RequestMetricsFilter() {
        this.registry = null;
    }

    @Inject
    RequestMetricsFilter(MetricRegistry registry) {
        this.registry = registry;
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
        String route = route(request);
        String method = request.getMethod();
        String code = Integer.toString(response.getStatus());
        Timer timer = timers.computeIfAbsent(route + ' ' + method + ' ' + code, key -> registry.timer(METADATA,
                new Tag("route", route), new Tag("method", method), new Tag("code", code)));
        timer.update(Duration.ofNanos(System.nanoTime() - startNanos));
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

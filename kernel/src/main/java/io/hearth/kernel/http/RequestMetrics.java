package io.hearth.kernel.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * {@code hearth_http_requests_seconds}: every HTTP request served, by route template, method and
 * status code, in the same registry that serves {@code /metrics}. Fed by the JAX-RS
 * {@link RequestMetricsFilter} and by the plain web-server routes.
 */
@ApplicationScoped
public class RequestMetrics {

    private static final Metadata METADATA = Metadata.builder()
            .withName("hearth_http_requests")
            .withDescription("HTTP requests served, by route template, method and status code")
            .withUnit(MetricUnits.SECONDS)
            .build();

    private MetricRegistry registry;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    /** For CDI proxies only. */
    protected RequestMetrics() {
    }

    @Inject
    RequestMetrics(MetricRegistry registry) {
        this.registry = registry;
    }

    /**
     * Records one request.
     *
     * @param route the route template, e.g. {@code /workspaces/{workspaceId}}
     * @param method the HTTP method
     * @param status the answer's status code
     * @param startNanos {@link System#nanoTime()} when the request arrived
     */
    public void record(String route, String method, int status, long startNanos) {
        String code = Integer.toString(status);
        Timer timer = timers.computeIfAbsent(route + ' ' + method + ' ' + code, key -> registry.timer(METADATA,
                new Tag("route", route), new Tag("method", method), new Tag("code", code)));
        timer.update(Duration.ofNanos(System.nanoTime() - startNanos));
    }
}

package io.hearth.kernel.http;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.amp.AmpExceptionMapper;
import io.hearth.kernel.plugin.PluginRegistry;
import io.hearth.kernel.plugin.Plugins;
import io.hearth.spi.auth.AuthenticationException;
import io.hearth.spi.auth.Authenticator;
import io.hearth.spi.auth.Principal;
import io.hearth.spi.auth.RequestView;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Asks the configured authenticators who sent each request, before any handler runs. The
 * principal is left in the request property {@value #PRINCIPAL} for authorization.
 *
 * <p>It runs after matching, so paths that no JAX-RS resource serves (the web server's own
 * {@code /metrics}) are not subject to it.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AuthenticationFilter implements ContainerRequestFilter {

    /** The request property holding the authenticated {@link Principal}, absent when anonymous. */
    public static final String PRINCIPAL = "hearth.principal";

    private static final Logger LOG = Logger.getLogger(AuthenticationFilter.class.getName());

    private static final org.eclipse.microprofile.metrics.Metadata FAILED = org.eclipse.microprofile.metrics.Metadata.builder()
            .withName("hearth_authentication_failed")
            .withDescription("Requests refused because their credentials were wrong, by AWS error code").build();

    private final List<Plugins.Bound<Authenticator>> authenticators;
    private final int maxRequestBytes;
    private final org.eclipse.microprofile.metrics.MetricRegistry failures;

    /** For CDI proxies only. */
    protected AuthenticationFilter() {
        this.authenticators = null;
        this.maxRequestBytes = 0;
        this.failures = null;
    }

    @Inject
    AuthenticationFilter(PluginRegistry plugins, org.eclipse.microprofile.config.Config config,
            org.eclipse.microprofile.metrics.MetricRegistry failures) {
        this.authenticators = plugins.authenticators();
        this.maxRequestBytes = config.getValue("hearth.max-request-bytes", Integer.class);
        this.failures = failures;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (authenticators.isEmpty() || isHealthCheck(request)) {
            return;
        }
        byte[] body = readBody(request);
        if (body == null) {
            request.abortWith(new AmpExceptionMapper().toResponse(AmpException.other("PayloadTooLargeException", 413,
                    "The request body is larger than " + maxRequestBytes + " bytes")));
            return;
        }
        RequestView view = new View(request, body);
        for (Plugins.Bound<Authenticator> bound : authenticators) {
            try {
                Optional<Principal> principal = bound.call(authenticator -> authenticator.authenticate(view));
                if (principal.isPresent()) {
                    request.setProperty(PRINCIPAL, principal.get());
                    return;
                }
            } catch (AuthenticationException e) {
                LOG.info(() -> "authentication failed (" + bound.name() + "): " + e.code() + ": " + e.getMessage()
                        + " for " + request.getMethod() + " " + request.getUriInfo().getRequestUri().getRawPath());
                failures.counter(FAILED, new org.eclipse.microprofile.metrics.Tag("code", e.code())).inc();
                request.abortWith(new AmpExceptionMapper().toResponse(AmpException.other(e.code(), 403, e.getMessage())));
                return;
            }
        }
        request.abortWith(new AmpExceptionMapper().toResponse(
                AmpException.other("MissingAuthenticationTokenException", 403, "Missing Authentication Token")));
    }

    private static boolean isHealthCheck(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        return path.equals("/-/healthy") || path.equals("/-/ready");
    }

    private byte[] readBody(ContainerRequestContext request) throws IOException {
        if (!request.hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = request.getEntityStream()) {
            byte[] body = in.readNBytes(maxRequestBytes + 1);
            if (body.length > maxRequestBytes) {
                return null;
            }
            request.setEntityStream(new ByteArrayInputStream(body));
            return body;
        }
    }

    /** The request as authenticators see it. */
    private static final class View implements RequestView {
        private final ContainerRequestContext request;
        private final byte[] body;
        private final Map<String, List<String>> headers;

        View(ContainerRequestContext request, byte[] body) {
            this.request = request;
            this.body = body;
            Map<String, List<String>> lower = new HashMap<>();
            request.getHeaders().forEach((name, values) -> lower.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
                    (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
            this.headers = Map.copyOf(lower);
        }

        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String rawPath() {
            return request.getUriInfo().getRequestUri().getRawPath();
        }

        @Override
        public String rawQuery() {
            String query = request.getUriInfo().getRequestUri().getRawQuery();
            return query == null ? "" : query;
        }

        @Override
        public Map<String, List<String>> headers() {
            return headers;
        }

        @Override
        public byte[] body() {
            return body;
        }
    }
}

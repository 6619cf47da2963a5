package io.hearth.kernel.http;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.amp.AmpExceptionMapper;
import io.hearth.kernel.amp.ErrorResponse;
import io.hearth.spi.auth.Principal;
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

/**
 * Authenticates every request that reaches a JAX-RS resource, through {@link Authentication},
 * before any handler runs. The principal is left in the request property {@value #PRINCIPAL} for
 * authorization.
 *
 * <p>It runs after matching, so paths that no JAX-RS resource serves (the web server's own
 * {@code /metrics}, the write routes of {@code ingest.WriteRoutes}, the query routes of {@code query.QueryRoutes})
 * are not subject to it: they authenticate through {@link RouteRequests}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AuthenticationFilter implements ContainerRequestFilter {

    /** The request property holding the authenticated {@link Principal}, absent when anonymous. */
    public static final String PRINCIPAL = "hearth.principal";

    private Authentication authentication;

    /** For CDI proxies only. */
    protected AuthenticationFilter() {
    }

    @Inject
    AuthenticationFilter(Authentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!authentication.required() || isHealthCheck(request)) {
            return;
        }
        try {
            byte[] body = readBody(request);
            if (body == null) {
                throw authentication.tooLarge();
            }
            request.setProperty(PRINCIPAL, authentication.authenticate(snapshot(request, body)));
        } catch (AmpException e) {
            request.abortWith(AmpExceptionMapper.toResponse(ErrorResponse.of(e)));
        }
    }

    private static boolean isHealthCheck(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        return path.equals("/-/healthy") || path.equals("/-/ready");
    }

    private byte[] readBody(ContainerRequestContext request) throws IOException {
        if (!request.hasEntity()) {
            return new byte[0];
        }
        int maxRequestBytes = authentication.maxRequestBytes();
        try (InputStream in = request.getEntityStream()) {
            byte[] body = in.readNBytes(maxRequestBytes + 1);
            if (body.length > maxRequestBytes) {
                return null;
            }
            request.setEntityStream(new ByteArrayInputStream(body));
            return body;
        }
    }

    private static RequestSnapshot snapshot(ContainerRequestContext request, byte[] body) {
        Map<String, List<String>> lower = new HashMap<>();
        request.getHeaders().forEach((name, values) -> lower.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        return new RequestSnapshot(request.getMethod(), request.getUriInfo().getRequestUri().getRawPath(),
                query == null ? "" : query, Map.copyOf(lower), body);
    }
}

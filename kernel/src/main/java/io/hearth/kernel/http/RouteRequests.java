package io.hearth.kernel.http;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.amp.ErrorResponse;
import io.hearth.spi.auth.Principal;
import io.helidon.http.Header;
import io.helidon.http.media.ReadableEntity;
import io.helidon.webserver.http.ServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The requests of the plain web-server routes (remote write, OTLP, query): what the JAX-RS
 * {@link AuthenticationFilter} and {@link AuthorizationFilter} do for resources, done by hand
 * through the same {@link Authentication} and {@link Authorization}, with the body read under
 * {@code hearth.max-request-bytes}. Routes call it on their request threads; it keeps no state.
 */
@ApplicationScoped
public class RouteRequests {

    private static final byte[] EMPTY = new byte[0];

    private Authentication authentication;
    private Authorization authorization;

    /**
     * Who sent a request, as authentication found it.
     *
     * @param principal the caller, or null when access control is off
     * @param body the whole body when authentication had to read it to check a signature, else null
     */
    public record Caller(Principal principal, byte[] body) {
    }

    /** For CDI proxies only. */
    protected RouteRequests() {
    }

    @Inject
    RouteRequests(Authentication authentication, Authorization authorization) {
        this.authentication = authentication;
        this.authorization = authorization;
    }

    /**
     * Authenticates a request when access control asks for it, reading its whole body first, as
     * a signature covers it.
     *
     * @param request the route's request, its body not read yet
     * @return the caller, with the body when it was read
     * @throws AmpException 413 when the body is too large, 403 when credentials are wrong or absent
     * @throws IOException when the body cannot be read
     */
    public Caller authenticate(ServerRequest request) throws IOException {
        if (!authentication.required()) {
            return new Caller(null, null);
        }
        byte[] body = body(request);
        if (body == null) {
            throw authentication.tooLarge();
        }
        String query = request.prologue().query().rawValue();
        Principal principal = authentication.authenticate(new RequestSnapshot(request.prologue().method().text(),
                request.prologue().uriPath().rawPath(), query == null ? "" : query, lowerCaseHeaders(request), body));
        return new Caller(principal, body);
    }

    /**
     * Decides whether the caller may perform a data-plane action on the workspace of the path;
     * a refusal is in the Prometheus API's error shape, as for the JAX-RS data-plane resources.
     *
     * @param action the IAM action, e.g. {@code aps:QueryMetrics}
     * @param caller who sent the request
     * @param workspaceId the {@code workspaceId} path parameter
     * @return null when allowed, else the answer that refuses it
     */
    public ErrorResponse denyOnWorkspace(String action, Caller caller, String workspaceId) {
        return authorization.deny(action, Authorize.Scope.WORKSPACE, true, caller.principal(),
                name -> name.equals("workspaceId") ? workspaceId : "");
    }

    /**
     * The body, or null when it is larger than {@code hearth.max-request-bytes}: straight into an
     * array of the declared length when there is one (every remote-write sender declares it), else
     * gathered in chunks up to one byte more than the limit.
     *
     * @param request the route's request, its body not read yet
     * @return the whole body, empty when there is none
     * @throws IOException when the body cannot be read
     */
    public byte[] body(ServerRequest request) throws IOException {
        ReadableEntity content = request.content();
        if (!content.hasEntity()) {
            return EMPTY;
        }
        int maxRequestBytes = authentication.maxRequestBytes();
        long declared = request.headers().contentLength().orElse(-1);
        try (InputStream in = content.inputStream()) {
            if (declared < 0 || declared > maxRequestBytes) {
                byte[] bytes = in.readNBytes(maxRequestBytes + 1);
                return bytes.length > maxRequestBytes ? null : bytes;
            }
            byte[] bytes = new byte[(int) declared];
            int n = in.readNBytes(bytes, 0, bytes.length);
            return n == bytes.length ? bytes : Arrays.copyOf(bytes, n);
        }
    }

    /** @return the refusal of a body larger than {@link #maxRequestBytes()}, as authentication words it */
    public AmpException tooLarge() {
        return authentication.tooLarge();
    }

    /** @return the largest request body accepted, in bytes */
    public int maxRequestBytes() {
        return authentication.maxRequestBytes();
    }

    /**
     * @param request a route's request
     * @return every header by lower-case name, as {@link RequestSnapshot} and the ingest codecs read them
     */
    public static Map<String, List<String>> lowerCaseHeaders(ServerRequest request) {
        Map<String, List<String>> lower = new HashMap<>();
        for (Header header : request.headers()) {
            lower.merge(header.headerName().lowerCase(), List.copyOf(header.allValues()),
                    (a, b) -> Stream.concat(a.stream(), b.stream()).toList());
        }
        return Map.copyOf(lower);
    }
}

package io.hearth.kernel.http;

import io.hearth.kernel.amp.AmpExceptionMapper;
import io.hearth.kernel.amp.ErrorResponse;
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

/**
 * Asks {@link Authorization} whether the authenticated principal may perform the matched method's
 * {@link Authorize action} on its resource, before the method runs.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
@ApplicationScoped
public class AuthorizationFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(AuthorizationFilter.class.getName());

    @Context
    private ResourceInfo resourceInfo;

    private Authorization authorization;

    /** For CDI proxies only. */
    protected AuthorizationFilter() {
    }

    @Inject
    AuthorizationFilter(Authorization authorization) {
        this.authorization = authorization;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resourceInfo.getResourceMethod();
        if (method == null || method.isAnnotationPresent(Authorize.Public.class)) {
            return;
        }
        Authorize rule = method.getAnnotation(Authorize.class);
        Principal principal = (Principal) request.getProperty(AuthenticationFilter.PRINCIPAL);
        ErrorResponse denial = authorization.deny(rule, principal, name -> pathParameter(request, name));
        if (denial != null) {
            if (rule == null) {
                LOG.severe(() -> "no @Authorize on " + method + ": refused");
            }
            request.abortWith(AmpExceptionMapper.toResponse(denial));
        }
    }

    private static String pathParameter(ContainerRequestContext request, String name) {
        String value = request.getUriInfo().getPathParameters().getFirst(name);
        return value == null ? "" : value;
    }
}

package io.hearth.kernel.http;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.plugin.PluginRegistry;
import io.hearth.kernel.plugin.Plugins;
import io.hearth.spi.auth.AuthenticationException;
import io.hearth.spi.auth.Authenticator;
import io.hearth.spi.auth.Principal;
import io.hearth.spi.auth.RequestView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Asks the configured authenticators, in order, who sent a request. Both the JAX-RS
 * {@link AuthenticationFilter} and the plain web-server routes go through it, so every endpoint
 * authenticates, counts and logs failures alike.
 */
@ApplicationScoped
public class Authentication {

    private static final Logger LOG = Logger.getLogger(Authentication.class.getName());
    private static final Metadata FAILED = Metadata.builder()
            .withName("hearth_authentication_failed")
            .withDescription("Requests refused because their credentials were wrong, by AWS error code").build();

    private List<Plugins.Bound<Authenticator>> authenticators;
    private int maxRequestBytes;
    private MetricRegistry failures;

    /** For CDI proxies only. */
    protected Authentication() {
    }

    @Inject
    Authentication(PluginRegistry plugins, Config config, MetricRegistry failures) {
        this.authenticators = plugins.authenticators();
        this.maxRequestBytes = config.getValue("hearth.max-request-bytes", Integer.class);
        this.failures = failures;
    }

    /** @return false when access control is off: no authenticator is configured and none is asked */
    public boolean required() {
        return !authenticators.isEmpty();
    }

    /** @return the largest request body accepted, in bytes ({@code hearth.max-request-bytes}) */
    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    /** @return the refusal of a body larger than {@link #maxRequestBytes()} */
    public AmpException tooLarge() {
        return AmpException.other("PayloadTooLargeException", 413,
                "The request body is larger than " + maxRequestBytes + " bytes");
    }

    /**
     * Finds who sent a request; call only when {@link #required()}.
     *
     * @param request the request with its whole body
     * @return the principal the first answering authenticator names
     * @throws AmpException 403 when credentials are wrong (counted and logged) or absent
     */
    public Principal authenticate(RequestView request) {
        for (Plugins.Bound<Authenticator> bound : authenticators) {
            try {
                Optional<Principal> principal = bound.call(authenticator -> authenticator.authenticate(request));
                if (principal.isPresent()) {
                    return principal.get();
                }
            } catch (AuthenticationException e) {
                LOG.info(() -> "authentication failed (" + bound.name() + "): " + e.code() + ": " + e.getMessage()
                        + " for " + request.method() + " " + request.rawPath());
                failures.counter(FAILED, new Tag("code", e.code())).inc();
                throw AmpException.other(e.code(), 403, e.getMessage());
            }
        }
        throw AmpException.other("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
    }
}

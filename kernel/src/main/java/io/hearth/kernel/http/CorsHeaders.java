package io.hearth.kernel.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.eclipse.microprofile.config.Config;

/**
 * The CORS headers Prometheus puts on every answer of its HTTP API, so that a page of another
 * origin may call it: {@code Vary: Origin} always, and when the request names an
 * {@code Origin}, the allowed request headers, methods and exposed headers, plus
 * {@code Access-Control-Allow-Origin} when the origin is allowed. Allowed origins are the regular
 * expression {@code hearth.cors.origin} (Prometheus's {@code --web.cors.origin}), anchored at both
 * ends, {@code .*} by default; that default answers {@code *} rather than the origin, as
 * Prometheus does. Both the plain query routes and the JAX-RS resources of the API call it; it
 * keeps no state per request.
 */
@ApplicationScoped
public class CorsHeaders {

    /** The configuration key of the allowed-origin expression. */
    static final String ORIGIN_KEY = "hearth.cors.origin";
    private static final String ANY_ORIGIN = ".*";

    private Pattern allowed;
    private boolean any;

    /** For CDI proxies only. */
    protected CorsHeaders() {
    }

    @Inject
    CorsHeaders(Config config) {
        this(config.getOptionalValue(ORIGIN_KEY, String.class).orElse(ANY_ORIGIN));
    }

    /**
     * @param origins the allowed origins as a regular expression, anchored here
     * @throws IllegalArgumentException when it does not compile, naming the setting
     */
    CorsHeaders(String origins) {
        try {
            this.allowed = Pattern.compile("^(?:" + origins + ")$");
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(ORIGIN_KEY + " is not a regular expression: " + e.getDescription() + " in "
                    + origins, e);
        }
        this.any = origins.equals(ANY_ORIGIN);
    }

    /**
     * Builds the bean at start-up, so that an expression that does not compile stops the server
     * with its message, as Prometheus stops on a bad {@code --web.cors.origin}, rather than
     * failing every API request later.
     */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    }

    /**
     * Adds the headers of one answer.
     *
     * @param origin the request's {@code Origin} header, or null; empty counts as absent
     * @param header adds a header to the answer, next to any of the same name (a gzip answer also
     *     varies by Accept-Encoding)
     */
    public void addTo(String origin, BiConsumer<String, String> header) {
        header.accept("Vary", "Origin");
        if (origin == null || origin.isEmpty()) {
            return;
        }
        header.accept("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin");
        header.accept("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        header.accept("Access-Control-Expose-Headers", "Date");
        if (any) {
            header.accept("Access-Control-Allow-Origin", "*");
        } else if (allowed.matcher(origin).matches()) {
            header.accept("Access-Control-Allow-Origin", origin);
        }
    }
}

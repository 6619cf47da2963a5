package io.hearth.kernel.amp;

import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * An error answer as it goes on the wire: a JSON body, its status, and the AWS error type for the
 * {@code x-amzn-ErrorType} header (null for errors in Prometheus's shape). Built once here, then
 * written by the JAX-RS exception mappers and filters ({@link AmpExceptionMapper#toResponse(ErrorResponse)})
 * and by the plain web-server routes ({@link #sendTo}) alike.
 *
 * @param status the HTTP status
 * @param errorType the AWS error type, or null when the body is not AMP-shaped
 * @param body the JSON body
 */
public record ErrorResponse(int status, String errorType, String body) {

    /** The content type of every error body. */
    public static final String CONTENT_TYPE = "application/json";

    private static final Logger LOG = Logger.getLogger(ErrorResponse.class.getName());

    /**
     * The answer for an AMP error, the way AWS rest-json services write it; server-side errors are
     * logged as warnings, the caller's as fine detail.
     *
     * @param e the error
     * @return its answer
     */
    public static ErrorResponse of(AmpException e) {
        if (e.status() >= 500) {
            LOG.warning(() -> e.type() + ": " + e.getMessage());
        } else {
            LOG.fine(() -> e.type() + ": " + e.getMessage());
        }
        return new ErrorResponse(e.status(), e.type(), e.body().toString());
    }

    /**
     * Sends this answer through a plain web-server route.
     *
     * @param response the route's response, not yet sent
     */
    public void sendTo(ServerResponse response) {
        response.status(status);
        if (errorType != null) {
            response.header("x-amzn-ErrorType", errorType);
        }
        response.header("Content-Type", CONTENT_TYPE);
        response.send(body.getBytes(StandardCharsets.UTF_8));
    }
}

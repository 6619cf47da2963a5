package io.hearth.kernel.amp;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last line: JAX-RS's own errors (no such route, method not allowed, unsupported media type)
 * and unexpected failures become AWS-shaped errors, logged, and the server goes on serving.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());
    private final AmpExceptionMapper amp = new AmpExceptionMapper();

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof jakarta.ws.rs.NotFoundException notFound) {
            // Left to the web server, which then tries its other routes (/metrics) before a 404.
            return notFound.getResponse();
        }
        if (e instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            String type = switch (status) {
                case 404 -> "UnknownOperationException";
                case 405 -> "UnknownOperationException";
                case 415 -> "UnsupportedMediaTypeException";
                default -> status < 500 ? "ValidationException" : "InternalServerException";
            };
            String message = status == 404 || status == 405
                    ? "No operation matches this method and path"
                    : String.valueOf(web.getMessage());
            return amp.toResponse(AmpException.other(type, status, message));
        }
        LOG.log(Level.SEVERE, "unexpected failure while serving a request", e);
        return amp.toResponse(AmpException.internal("Internal error; the server log has the details"));
    }
}

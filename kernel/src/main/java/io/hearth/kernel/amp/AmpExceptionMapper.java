package io.hearth.kernel.amp;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/** Writes an {@link AmpException} the way AWS rest-json services do. */
@Provider
public class AmpExceptionMapper implements ExceptionMapper<AmpException> {

    private static final Logger LOG = Logger.getLogger(AmpExceptionMapper.class.getName());

    @Override
    public Response toResponse(AmpException e) {
        if (e.status() >= 500) {
            LOG.warning(() -> e.type() + ": " + e.getMessage());
        } else {
            LOG.fine(() -> e.type() + ": " + e.getMessage());
        }
        return Response.status(e.status())
                .header("x-amzn-ErrorType", e.type())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(e.body().toString())
                .build();
    }
}

package io.hearth.kernel.amp;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Writes an {@link AmpException} the way AWS rest-json services do. */
@Provider
public class AmpExceptionMapper implements ExceptionMapper<AmpException> {

    @Override
    public Response toResponse(AmpException e) {
        return toResponse(ErrorResponse.of(e));
    }

    /**
     * @param error an error answer
     * @return it as a JAX-RS response
     */
    public static Response toResponse(ErrorResponse error) {
        Response.ResponseBuilder response = Response.status(error.status()).type(ErrorResponse.CONTENT_TYPE).entity(error.body());
        if (error.errorType() != null) {
            response.header("x-amzn-ErrorType", error.errorType());
        }
        return response.build();
    }
}

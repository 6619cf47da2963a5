package io.hearth.kernel.query;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Writes {@link PrometheusApiException}s in the Prometheus API's error shape. */
@Provider
public class PrometheusApiExceptionMapper implements ExceptionMapper<PrometheusApiException> {

    @Override
    public Response toResponse(PrometheusApiException e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("status", "error").add("errorType", e.errorType())
                        .add("error", e.getMessage()).build().toString())
                .build();
    }
}

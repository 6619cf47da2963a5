package io.hearth.kernel.query;

import io.hearth.kernel.amp.AmpExceptionMapper;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Writes {@link PrometheusApiException}s in the Prometheus API's error shape. */
@Provider
public class PrometheusApiExceptionMapper implements ExceptionMapper<PrometheusApiException> {

    @Override
    public Response toResponse(PrometheusApiException e) {
        return AmpExceptionMapper.toResponse(e.answer());
    }
}

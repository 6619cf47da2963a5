package io.hearth.kernel.query;

import io.hearth.kernel.amp.ErrorResponse;
import jakarta.json.Json;

/**
 * An error of the Prometheus HTTP API: {@code {"status":"error","errorType":...,"error":...}} with
 * the status Prometheus uses for that type (bad_data 400, not_found 404, execution 422, timeout
 * 503, internal 500).
 */
public final class PrometheusApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String errorType;

    public PrometheusApiException(String errorType, String message) {
        super(message, null, false, false);
        this.errorType = errorType;
    }

    /** @return the Prometheus error type */
    public String errorType() {
        return errorType;
    }

    /** @return the HTTP status Prometheus answers this error type with */
    public int status() {
        return switch (errorType) {
            case "bad_data" -> 400;
            case "not_found" -> 404;
            case "execution" -> 422;
            case "timeout", "unavailable" -> 503;
            case "canceled" -> 499;
            default -> 500;
        };
    }

    /**
     * @return this error as it goes on the wire, for the JAX-RS mapper and the plain routes alike:
     *     {@code {"status":"error","errorType":...,"error":...}} with {@link #status()}
     */
    public ErrorResponse answer() {
        return new ErrorResponse(status(), null, Json.createObjectBuilder().add("status", "error")
                .add("errorType", errorType).add("error", getMessage()).build().toString());
    }

    /** @return a bad_data error for one parameter, worded as Prometheus words it */
    public static PrometheusApiException invalidParameter(String name, String detail) {
        return new PrometheusApiException("bad_data", "invalid parameter \"" + name + "\": " + detail);
    }

    /** @return the not_found error for a workspace that does not exist or does not serve queries */
    public static PrometheusApiException workspaceNotFound(String workspaceId) {
        return new PrometheusApiException("not_found", "workspace " + workspaceId + " does not exist");
    }
}

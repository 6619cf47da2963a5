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
        return new ErrorResponse(status(), null, htmlSafe(Json.createObjectBuilder().add("status", "error")
                .add("errorType", errorType).add("error", getMessage()).build().toString()));
    }

    /**
     * The JSON as Prometheus's error writer (Go's standard-library JSON rules) escapes it: {@code <},
     * {@code >} and {@code &} as {@code \u003c}, {@code \u003e}, {@code \u0026}, and the line and
     * paragraph separators, which JSON-P writes as they are. Parse errors name tokens as
     * {@code <offset>} or {@code <op:+>}, so most of them differ otherwise. Those characters
     * occur only inside strings of the JSON, so the whole text is rewritten.
     */
    static String htmlSafe(String json) {
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> out.append(c);
            }
        }
        return out.toString();
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

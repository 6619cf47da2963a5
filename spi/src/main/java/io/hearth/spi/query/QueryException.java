package io.hearth.spi.query;

/**
 * A query the engine refuses or cannot finish, with the Prometheus API error type the kernel
 * answers with ({@code bad_data}, {@code execution}, {@code timeout}, {@code canceled},
 * {@code internal}).
 */
public final class QueryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String errorType;

    /**
     * @param errorType the Prometheus API error type
     * @param message the message, as Prometheus words it
     */
    public QueryException(String errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    /** @return the Prometheus API error type */
    public String errorType() {
        return errorType;
    }
}

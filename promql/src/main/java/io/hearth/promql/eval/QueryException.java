package io.hearth.promql.eval;

/** A query failed while it was prepared or evaluated; the message is Prometheus' text. */
public final class QueryException extends RuntimeException {
    public QueryException(String message) {
        super(message);
    }
}

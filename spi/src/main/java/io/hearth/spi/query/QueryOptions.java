package io.hearth.spi.query;

/**
 * Per-query settings.
 *
 * @param lookbackMillis how far back an instant selector looks for a sample (Prometheus: 5 m)
 * @param maxSamples the most samples the query may hold at once, or it fails with Prometheus's
 *     "query processing would load too many samples into memory" error
 * @param timeoutMillis how long the query may run
 * @param statistics whether the result must carry {@link QueryResult#queryableSamples}, Prometheus's
 *     {@code totalQueryableSamples} (asked for with {@code stats}), which costs the engine extra work
 */
public record QueryOptions(long lookbackMillis, int maxSamples, long timeoutMillis, boolean statistics) {

    /** Options of a query whose statistics nobody reads. */
    public QueryOptions(long lookbackMillis, int maxSamples, long timeoutMillis) {
        this(lookbackMillis, maxSamples, timeoutMillis, false);
    }
}

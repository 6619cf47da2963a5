package io.hearth.promql.eval;

/**
 * Options of the PromQL engine.
 *
 * @param lookbackMillis how far back an instant selector looks for a sample (Prometheus: 5m)
 * @param maxSamples the most samples a query may hold in memory at one evaluation step
 * @param defaultSubqueryStepMillis the step of a subquery written without one ({@code [5m:]})
 * @param delayedNameRemoval remove {@code __name__} at the end of the query instead of at the
 *     operation that drops it (Prometheus' {@code promql-delayed-name-removal})
 * @param experimentalFunctions allow the experimental functions and aggregations
 * @param countQueryableSamples count the samples in every step's range windows for the statistics
 *     ({@link Result#queryableSamples}); it costs a pass over each series read for a window
 */
public record EngineOptions(
        long lookbackMillis,
        int maxSamples,
        long defaultSubqueryStepMillis,
        boolean delayedNameRemoval,
        boolean experimentalFunctions,
        boolean countQueryableSamples) {

    /** Options that do not count the samples in range windows. */
    public EngineOptions(long lookbackMillis, int maxSamples, long defaultSubqueryStepMillis, boolean delayedNameRemoval,
            boolean experimentalFunctions) {
        this(lookbackMillis, maxSamples, defaultSubqueryStepMillis, delayedNameRemoval, experimentalFunctions, false);
    }

    /** Prometheus 3.x defaults. */
    public static final EngineOptions DEFAULT = new EngineOptions(300_000, 50_000_000, 60_000, false, false);

    /** What the upstream conformance harness switches on. */
    public static final EngineOptions CONFORMANCE = new EngineOptions(300_000, 10_000, 60_000, true, true);
}

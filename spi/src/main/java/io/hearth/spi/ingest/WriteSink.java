package io.hearth.spi.ingest;

/**
 * Receives decoded series from a codec, one at a time, without intermediate objects: for each
 * series {@link #beginSeries}, its labels, its samples, histograms and exemplars, then
 * {@link #endSeries}. Metadata may come between series. Strings passed in are the caller's to
 * keep. Called on one thread per request.
 */
public interface WriteSink {

    /** Starts a series. */
    void beginSeries();

    /**
     * One label of the current series, in the order the client sent them (the kernel sorts and
     * checks them).
     */
    void label(String name, String value);

    /** One float sample of the current series; the value may be the stale-marker NaN. */
    void sample(long timestampMillis, double value);

    /** One native histogram sample of the current series. */
    void histogram(NativeHistogram histogram);

    /**
     * One exemplar of the current series.
     *
     * @param labelPairs the exemplar's labels as name, value, name, value ...
     */
    void exemplar(String[] labelPairs, long timestampMillis, double value);

    /** The created (start) timestamp of the current series, when the sender provides it. */
    default void createdTimestamp(long timestampMillis) {
    }

    /**
     * Data points the codec read but cannot turn into series (an OTLP delta sum, say). The kernel
     * counts them as refused and tells the client why, in the codec's own answer.
     *
     * @param points how many data points
     * @param reason why, naming the metric
     */
    default void refuse(long points, String reason) {
    }

    /** Ends the current series. */
    void endSeries();

    /**
     * Metadata of a metric family.
     *
     * @param metricFamily the family name
     * @param type counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown
     * @param help the help text, possibly empty
     * @param unit the unit, possibly empty
     */
    void metadata(String metricFamily, String type, String help, String unit);
}

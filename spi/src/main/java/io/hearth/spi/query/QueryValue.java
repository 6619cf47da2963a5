package io.hearth.spi.query;

import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.Labels;
import java.util.List;

/**
 * The value of an evaluated query, in the four types of the Prometheus API. Plain data, built by
 * the engine and written out by the kernel.
 */
public sealed interface QueryValue {

    /** @return the Prometheus API result type: scalar, string, vector or matrix */
    String resultType();

    /**
     * A scalar.
     *
     * @param timestamp evaluation time, milliseconds
     * @param value the value
     */
    record Scalar(long timestamp, double value) implements QueryValue {
        @Override
        public String resultType() {
            return "scalar";
        }
    }

    /**
     * A string.
     *
     * @param timestamp evaluation time, milliseconds
     * @param value the value
     */
    record Text(long timestamp, String value) implements QueryValue {
        @Override
        public String resultType() {
            return "string";
        }
    }

    /**
     * One sample of an instant vector: a float, or a histogram when {@code histogram} is set.
     *
     * @param labels the series labels
     * @param timestamp milliseconds
     * @param value the float value (ignored for histograms)
     * @param histogram the histogram value, or null
     */
    record Sample(Labels labels, long timestamp, double value, FloatHistogram histogram) {
    }

    /**
     * An instant vector.
     *
     * @param samples the samples, in the engine's order
     */
    record Vector(List<Sample> samples) implements QueryValue {
        @Override
        public String resultType() {
            return "vector";
        }
    }

    /**
     * One series of a range result; {@code histograms[i]} set means point i is a histogram.
     *
     * @param labels the series labels
     * @param timestamps point times, milliseconds, ascending
     * @param values float values
     * @param histograms histogram values or nulls; null when the series has none
     */
    record RangeSeries(Labels labels, long[] timestamps, double[] values, FloatHistogram[] histograms) {
    }

    /**
     * A range vector (the result of query_range, or of a range selector).
     *
     * @param series the series, sorted by labels
     */
    record Matrix(List<RangeSeries> series) implements QueryValue {
        @Override
        public String resultType() {
            return "matrix";
        }
    }
}

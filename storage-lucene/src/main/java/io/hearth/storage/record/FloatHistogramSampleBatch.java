package io.hearth.storage.record;

import io.hearth.storage.chunk.FloatHistogram;

/**
 * A reusable list of float native-histogram samples (series ref, timestamp, histogram) to
 * encode, or decoded from a float-histogram-sample record.
 *
 * <p>Mutable and not thread-safe, like {@link SampleBatch}. The batch owns one
 * {@link FloatHistogram} holder per slot and reuses them after {@link #clear()}, so replay stops
 * allocating once the batch and its holders have grown; {@link #histogram(int)} returns the
 * holder itself, valid until the batch is cleared and refilled.
 */
public final class FloatHistogramSampleBatch extends HistogramBatch<FloatHistogram> {

    public FloatHistogramSampleBatch() {
        super(FloatHistogram::new);
    }

    /** Adds a copy of {@code h}, which must be valid ({@link FloatHistogram#validate()}). */
    public FloatHistogramSampleBatch add(long ref, long timestamp, FloatHistogram h) {
        next(ref, timestamp).copyFrom(h.validate());
        return this;
    }

    /** Adds a copy of {@code h} with its start timestamp ({@code 0} for none). */
    public FloatHistogramSampleBatch add(long ref, long timestamp, long start, FloatHistogram h) {
        next(ref, timestamp, start).copyFrom(h.validate());
        return this;
    }
}

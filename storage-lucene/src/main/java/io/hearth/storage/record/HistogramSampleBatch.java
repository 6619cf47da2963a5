package io.hearth.storage.record;

import io.hearth.storage.chunk.IntHistogram;

/**
 * A reusable list of integer native-histogram samples (series ref, timestamp, histogram) to
 * encode, or decoded from a histogram-sample record.
 *
 * <p>Mutable and not thread-safe, like {@link SampleBatch}. The batch owns one
 * {@link IntHistogram} holder per slot and reuses them after {@link #clear()}, so replay stops
 * allocating once the batch and its holders have grown; {@link #histogram(int)} returns the
 * holder itself, valid until the batch is cleared and refilled.
 */
public final class HistogramSampleBatch extends HistogramBatch<IntHistogram> {

    public HistogramSampleBatch() {
        super(IntHistogram::new);
    }

    /** Adds a copy of {@code h}, which must be valid ({@link IntHistogram#validate()}). */
    public HistogramSampleBatch add(long ref, long timestamp, IntHistogram h) {
        next(ref, timestamp).copyFrom(h.validate());
        return this;
    }
}

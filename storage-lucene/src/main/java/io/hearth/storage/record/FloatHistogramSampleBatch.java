package io.hearth.storage.record;

import io.hearth.storage.chunk.FloatHistogram;
import java.util.Arrays;

/**
 * A reusable list of float native-histogram samples (series ref, timestamp, histogram) to
 * encode, or decoded from a float-histogram-sample record.
 *
 * <p>Mutable and not thread-safe, like {@link SampleBatch}. The batch owns one
 * {@link FloatHistogram} holder per slot and reuses them after {@link #clear()}, so replay stops
 * allocating once the batch and its holders have grown; {@link #histogram(int)} returns the
 * holder itself, valid until the batch is cleared and refilled.
 */
public final class FloatHistogramSampleBatch {

    private long[] refs = new long[16];
    private long[] timestamps = new long[16];
    private FloatHistogram[] histograms = new FloatHistogram[16];
    private int size;

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    /** Adds a copy of {@code h}, which must be valid ({@link FloatHistogram#validate()}). */
    public FloatHistogramSampleBatch add(long ref, long timestamp, FloatHistogram h) {
        next(ref, timestamp).copyFrom(h.validate());
        return this;
    }

    /** Claims the next slot and returns its holder for the caller (the decoder) to fill. */
    FloatHistogram next(long ref, long timestamp) {
        if (size == refs.length) {
            int n = size * 2;
            refs = Arrays.copyOf(refs, n);
            timestamps = Arrays.copyOf(timestamps, n);
            histograms = Arrays.copyOf(histograms, n);
        }
        if (histograms[size] == null) {
            histograms[size] = new FloatHistogram();
        }
        refs[size] = ref;
        timestamps[size] = timestamp;
        return histograms[size++];
    }

    public long ref(int i) {
        check(i);
        return refs[i];
    }

    public long timestamp(int i) {
        check(i);
        return timestamps[i];
    }

    /** The batch's own holder for sample {@code i}: a view, copy it to keep it. */
    public FloatHistogram histogram(int i) {
        check(i);
        return histograms[i];
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
    }
}

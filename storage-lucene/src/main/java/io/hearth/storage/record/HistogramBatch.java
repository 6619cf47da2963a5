package io.hearth.storage.record;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * What the integer and float histogram-sample batches share: parallel arrays of series refs,
 * timestamps and reusable histogram holders, grown on demand and reused after {@link #clear()}.
 *
 * @param <H> the histogram holder type
 */
abstract class HistogramBatch<H> {

    private final Supplier<H> holders;
    private long[] refs = new long[16];
    private long[] timestamps = new long[16];
    private Object[] histograms = new Object[16];
    private int size;

    HistogramBatch(Supplier<H> holders) {
        this.holders = holders;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    /** Claims the next slot and returns its holder for the caller (the decoder) to fill. */
    @SuppressWarnings("unchecked")
    H next(long ref, long timestamp) {
        if (size == refs.length) {
            int n = size * 2;
            refs = Arrays.copyOf(refs, n);
            timestamps = Arrays.copyOf(timestamps, n);
            histograms = Arrays.copyOf(histograms, n);
        }
        if (histograms[size] == null) {
            histograms[size] = holders.get();
        }
        refs[size] = ref;
        timestamps[size] = timestamp;
        return (H) histograms[size++];
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
    @SuppressWarnings("unchecked")
    public H histogram(int i) {
        check(i);
        return (H) histograms[i];
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
    }
}

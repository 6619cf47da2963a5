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
    private long[] starts; // null while no sample of the batch has a start
    private int size;

    HistogramBatch(Supplier<H> holders) {
        this.holders = holders;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
        starts = null;
    }

    /** Claims the next slot and returns its holder for the caller (the decoder) to fill. */
    @SuppressWarnings("unchecked")
    H next(long ref, long timestamp) {
        return next(ref, timestamp, 0);
    }

    /** Like {@link #next(long, long)} for a sample with a start timestamp ({@code 0} for none). */
    @SuppressWarnings("unchecked")
    H next(long ref, long timestamp, long start) {
        if (size == refs.length) {
            int n = size * 2;
            refs = Arrays.copyOf(refs, n);
            timestamps = Arrays.copyOf(timestamps, n);
            histograms = Arrays.copyOf(histograms, n);
            if (starts != null) {
                starts = Arrays.copyOf(starts, n);
            }
        }
        if (start != 0 && starts == null) {
            starts = new long[refs.length];
        }
        if (starts != null) {
            starts[size] = start;
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

    /** The start timestamp of sample {@code i}; 0 for none. */
    public long start(int i) {
        check(i);
        return starts == null ? 0 : starts[i];
    }

    /** Whether any sample in {@code [from, to)} has a start timestamp. */
    public boolean hasStarts(int from, int to) {
        if (starts != null) {
            for (int i = from; i < to; i++) {
                if (starts[i] != 0) {
                    return true;
                }
            }
        }
        return false;
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

package io.hearth.storage.record;

import java.util.Arrays;

/**
 * A reusable columnar list of float samples (series ref, timestamp, value bits, and a start
 * timestamp that is 0 for none) to encode, or decoded from a sample record.
 *
 * <p>Mutable and not thread-safe: one per encoding or replaying thread, {@link #clear() cleared}
 * between records, so that replaying a log allocates only while the arrays grow. Values are kept
 * as raw bits so NaN payloads (the staleness marker) survive exactly.
 */
public final class SampleBatch {

    private long[] refs;
    private long[] timestamps;
    private long[] valueBits;
    private long[] starts; // null while no sample of the batch has a start
    private int size;

    public SampleBatch() {
        this(64);
    }

    public SampleBatch(int initialCapacity) {
        int n = Math.max(1, initialCapacity);
        refs = new long[n];
        timestamps = new long[n];
        valueBits = new long[n];
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
        starts = null;
    }

    public SampleBatch add(long ref, long timestamp, double value) {
        return addBits(ref, timestamp, Double.doubleToRawLongBits(value));
    }

    public SampleBatch addBits(long ref, long timestamp, long bits) {
        return addBits(ref, timestamp, 0, bits);
    }

    /** Adds a sample with its start timestamp ({@code 0} for none). */
    public SampleBatch addBits(long ref, long timestamp, long start, long bits) {
        if (size == refs.length) {
            int n = size * 2;
            refs = Arrays.copyOf(refs, n);
            timestamps = Arrays.copyOf(timestamps, n);
            valueBits = Arrays.copyOf(valueBits, n);
            if (starts != null) {
                starts = Arrays.copyOf(starts, n);
            }
        }
        if (start != 0 && starts == null) {
            starts = new long[refs.length];
        }
        refs[size] = ref;
        timestamps[size] = timestamp;
        valueBits[size] = bits;
        if (starts != null) {
            starts[size] = start;
        }
        size++;
        return this;
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

    public long ref(int i) {
        check(i);
        return refs[i];
    }

    public long timestamp(int i) {
        check(i);
        return timestamps[i];
    }

    public double value(int i) {
        return Double.longBitsToDouble(valueBits(i));
    }

    public long valueBits(int i) {
        check(i);
        return valueBits[i];
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
    }
}

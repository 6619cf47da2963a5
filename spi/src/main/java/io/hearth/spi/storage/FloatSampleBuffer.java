package io.hearth.spi.storage;

import java.util.Arrays;

/**
 * A growable run of float samples in primitive arrays, filled by
 * {@link SampleIterator#nextFloats(long, FloatSampleBuffer)} and reused by its caller across series
 * (one per reading thread). Deliberately mutable: the arrays it returns are views, valid until the
 * next append or {@link #clear()}, and may be longer than {@link #size()}.
 *
 * <p>Start timestamps are kept only once a sample has one: {@link #startTimestamps()} is
 * {@code null} until then, and afterwards holds 0 for the samples before. Values are stored
 * bit-exact, staleness markers included.
 */
public final class FloatSampleBuffer {

    private long[] timestamps;
    private double[] values;
    private long[] starts;
    private int size;

    /** An empty buffer with room for {@code capacity} samples before it grows. */
    public FloatSampleBuffer(int capacity) {
        timestamps = new long[Math.max(capacity, 1)];
        values = new double[timestamps.length];
    }

    /** Empties the buffer (its arrays are kept); start timestamps are forgotten too. */
    public void clear() {
        size = 0;
        starts = null;
    }

    /** The number of samples held. */
    public int size() {
        return size;
    }

    /** Timestamps of the samples, in milliseconds, at {@code [0, size())}. */
    public long[] timestamps() {
        return timestamps;
    }

    /** Values of the samples at {@code [0, size())}. */
    public double[] values() {
        return values;
    }

    /** Start timestamps at {@code [0, size())}, or {@code null} when no sample held has one. */
    public long[] startTimestamps() {
        return starts;
    }

    /** Appends one sample; {@code startTimestamp} is 0 when it has none. */
    public void add(long timestamp, double value, long startTimestamp) {
        if (size == timestamps.length) {
            grow(size + 1);
        }
        timestamps[size] = timestamp;
        values[size] = value;
        if (startTimestamp != 0 || starts != null) {
            startAt(size, startTimestamp);
        }
        size++;
    }

    /**
     * Makes room for {@code n} more samples and returns the index where they go, for an iterator
     * that writes a run straight into the arrays and then calls {@link #commit(int)}.
     */
    public int reserve(int n) {
        if (size + n > timestamps.length) {
            grow(size + n);
        }
        if (starts != null && starts.length < timestamps.length) {
            starts = Arrays.copyOf(starts, timestamps.length);
        }
        return size;
    }

    /**
     * Accepts {@code n} samples written at {@link #reserve(int)}'s index, with no start timestamps
     * (zeros are filled in if earlier samples have some).
     */
    public void commit(int n) {
        if (starts != null) {
            Arrays.fill(starts, size, size + n, 0L);
        }
        size += n;
    }

    private void startAt(int i, long st) {
        if (starts == null) {
            starts = new long[timestamps.length];
        } else if (starts.length <= i) {
            starts = Arrays.copyOf(starts, timestamps.length);
        }
        starts[i] = st;
    }

    private void grow(int min) {
        int cap = Math.max(min, timestamps.length * 2);
        timestamps = Arrays.copyOf(timestamps, cap);
        values = Arrays.copyOf(values, cap);
        if (starts != null) {
            starts = Arrays.copyOf(starts, cap);
        }
    }
}

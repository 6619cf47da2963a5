package io.hearth.storage.record;

import java.util.Arrays;

/**
 * A reusable list of exemplars (series ref, timestamp, raw value bits, whether the sender gave the
 * timestamp, and the exemplar's own sorted label pairs) to encode, or decoded from an exemplar
 * record.
 *
 * <p>Mutable and not thread-safe: one per encoding or replaying thread, {@link #clear() cleared}
 * between records. The label arrays are not copied; treat them as immutable once added.
 */
public final class ExemplarBatch {

    private long[] refs = new long[8];
    private long[] timestamps = new long[8];
    private long[] valueBits = new long[8];
    private boolean[] hasTimestamps = new boolean[8];
    private String[][] labels = new String[8][];
    private int size;

    public int size() {
        return size;
    }

    public void clear() {
        Arrays.fill(labels, 0, size, null);
        size = 0;
    }

    /**
     * @param labelPairs the exemplar's labels as sorted name/value pairs, see {@link LabelPairs}; may be empty
     * @throws IllegalArgumentException if the labels are not valid pairs
     */
    public ExemplarBatch add(long ref, long timestamp, long bits, boolean hasTimestamp, String[] labelPairs) {
        LabelPairs.requireValid(labelPairs);
        if (size == refs.length) {
            int cap = size * 2;
            refs = Arrays.copyOf(refs, cap);
            timestamps = Arrays.copyOf(timestamps, cap);
            valueBits = Arrays.copyOf(valueBits, cap);
            hasTimestamps = Arrays.copyOf(hasTimestamps, cap);
            labels = Arrays.copyOf(labels, cap);
        }
        refs[size] = ref;
        timestamps[size] = timestamp;
        valueBits[size] = bits;
        hasTimestamps[size] = hasTimestamp;
        labels[size] = labelPairs;
        size++;
        return this;
    }

    public long ref(int i) {
        check(i);
        return refs[i];
    }

    public long timestamp(int i) {
        check(i);
        return timestamps[i];
    }

    /** The value's raw IEEE 754 bits. */
    public long valueBits(int i) {
        check(i);
        return valueBits[i];
    }

    public boolean hasTimestamp(int i) {
        check(i);
        return hasTimestamps[i];
    }

    /** The exemplar's sorted label pairs. */
    public String[] labels(int i) {
        check(i);
        return labels[i];
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
    }
}

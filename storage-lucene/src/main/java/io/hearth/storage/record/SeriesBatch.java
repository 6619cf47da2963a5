package io.hearth.storage.record;

import java.util.Arrays;

/**
 * A reusable list of series (ref and label set) to encode, or decoded from a series record.
 *
 * <p>Mutable and not thread-safe: one per encoding or replaying thread, {@link #clear() cleared}
 * between records. The label arrays are not copied; treat them as immutable once added.
 */
public final class SeriesBatch {

    private long[] refs = new long[16];
    private String[][] labels = new String[16][];
    private int size;

    public int size() {
        return size;
    }

    public void clear() {
        Arrays.fill(labels, 0, size, null);
        size = 0;
    }

    /**
     * @param labelPairs sorted name/value pairs, see {@link LabelPairs}
     * @throws IllegalArgumentException if the labels are not valid pairs
     */
    public SeriesBatch add(long ref, String[] labelPairs) {
        LabelPairs.requireValid(labelPairs);
        if (size == refs.length) {
            refs = Arrays.copyOf(refs, size * 2);
            labels = Arrays.copyOf(labels, size * 2);
        }
        refs[size] = ref;
        labels[size] = labelPairs;
        size++;
        return this;
    }

    public long ref(int i) {
        check(i);
        return refs[i];
    }

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

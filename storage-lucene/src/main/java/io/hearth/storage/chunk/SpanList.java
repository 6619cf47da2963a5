package io.hearth.storage.chunk;

import java.util.Arrays;

/**
 * The spans of one side of a native histogram: runs of consecutive bucket indices, each given as
 * a gap (from 0 for the first span, from the previous span's end after) and a length. Shared by
 * the integer and float histogram holders; mutable and reusable like them.
 */
final class SpanList {

    private int[] offsets = new int[4];
    private int[] lengths = new int[4];
    private int n;

    int size() {
        return n;
    }

    int offset(int i) {
        return offsets[i];
    }

    int length(int i) {
        return lengths[i];
    }

    void clear() {
        n = 0;
    }

    void add(int offset, int length) {
        if (n == offsets.length) {
            offsets = Arrays.copyOf(offsets, n * 2);
            lengths = Arrays.copyOf(lengths, n * 2);
        }
        offsets[n] = offset;
        lengths[n] = length;
        n++;
    }

    boolean sameAs(SpanList o) {
        return n == o.n
                && Arrays.equals(offsets, 0, n, o.offsets, 0, n)
                && Arrays.equals(lengths, 0, n, o.lengths, 0, n);
    }

    void copyFrom(SpanList o) {
        clear();
        for (int i = 0; i < o.n; i++) {
            add(o.offsets[i], o.lengths[i]);
        }
    }

    /** Checks lengths and gaps; returns the number of buckets covered. */
    long validate(String side) {
        long covered = 0;
        for (int i = 0; i < n; i++) {
            if (lengths[i] < 0 || (i > 0 && offsets[i] < 0)) {
                throw new IllegalArgumentException(side + " span " + i + " has a negative length or gap");
            }
            covered += lengths[i];
        }
        return covered;
    }

    void appendTo(StringBuilder sb) {
        sb.append('[');
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(offsets[i]).append(':').append(lengths[i]);
        }
        sb.append(']');
    }

    static void write(BitWriter w, SpanList s) {
        w.writeUvarint(s.n);
        for (int i = 0; i < s.n; i++) {
            w.writeVarint(s.offsets[i]);
            w.writeUvarint(s.lengths[i]);
        }
    }

    /** Reads spans written by {@link #write}; returns the number of buckets they cover. */
    static int read(BitReader in, SpanList s) {
        s.clear();
        long count = in.readUvarint();
        long covered = 0;
        for (long i = 0; i < count; i++) {
            long offset = in.readVarint();
            long length = in.readUvarint();
            if (offset != (int) offset || length < 0 || length > Integer.MAX_VALUE || (i > 0 && offset < 0)) {
                throw new ChunkFormatException("span " + i + " out of range");
            }
            covered += length;
            if (covered > 1 << 20) {
                throw new ChunkFormatException("spans cover more than 2^20 buckets");
            }
            s.add((int) offset, (int) length);
        }
        return (int) covered;
    }
}

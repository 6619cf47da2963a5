package io.hearth.storage.chunk;

import java.util.Arrays;

/**
 * The upper bounds of a custom-bucket histogram (schema {@link IntHistogram#CUSTOM_BUCKETS_SCHEMA},
 * Prometheus's "NHCB"): positive bucket {@code i} ends at bound {@code i}, and the bucket after
 * the last bound is the {@code +Inf} bucket. Shared by the integer and float histogram holders;
 * mutable and reusable like {@link SpanList}. Bounds are kept as raw bits, so equality is bit
 * equality.
 */
final class CustomBounds {

    private long[] bits = new long[0];
    private int n;

    int size() {
        return n;
    }

    double get(int i) {
        return Double.longBitsToDouble(bits[i]);
    }

    void clear() {
        n = 0;
    }

    void add(double bound) {
        if (n == bits.length) {
            bits = Arrays.copyOf(bits, Math.max(4, n * 2));
        }
        bits[n++] = Double.doubleToRawLongBits(bound);
    }

    boolean sameAs(CustomBounds o) {
        return n == o.n && Arrays.equals(bits, 0, n, o.bits, 0, n);
    }

    void copyFrom(CustomBounds o) {
        if (bits.length < o.n) {
            bits = new long[o.n];
        }
        System.arraycopy(o.bits, 0, bits, 0, o.n);
        n = o.n;
    }

    /**
     * Checks a custom-bucket histogram as Prometheus does: bounds finite and strictly increasing,
     * no zero bucket, no negative buckets, positive spans without negative offsets that reach no
     * further than the {@code +Inf} bucket.
     */
    void validate(double zeroThreshold, boolean zeroCountIsZero, SpanList positive, SpanList negative) {
        if (zeroThreshold != 0 || !zeroCountIsZero) {
            throw new IllegalArgumentException("custom buckets: a histogram with custom buckets has no zero bucket");
        }
        if (negative.size() > 0) {
            throw new IllegalArgumentException("custom buckets: a histogram with custom buckets has no negative buckets");
        }
        for (int i = 0; i < n; i++) {
            double b = get(i);
            if (!Double.isFinite(b)) {
                throw new IllegalArgumentException("custom bound " + b + " is not finite");
            }
            if (i > 0 && !(b > get(i - 1))) {
                throw new IllegalArgumentException("custom bounds are not strictly increasing at " + i);
            }
        }
        long reach = 0;
        for (int i = 0; i < positive.size(); i++) {
            if (positive.offset(i) < 0) {
                throw new IllegalArgumentException("custom buckets: span " + i + " has a negative offset");
            }
            reach += (long) positive.offset(i) + positive.length(i);
        }
        if (reach > n + 1L) {
            throw new IllegalArgumentException("custom buckets: spans reach bucket " + reach + " but " + n
                    + " bounds give " + (n + 1) + " buckets");
        }
    }

    void appendTo(StringBuilder sb) {
        sb.append('[');
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(get(i));
        }
        sb.append(']');
    }

    /** Writes the count as a uvarint, then each bound's 64 raw bits. */
    static void write(BitWriter w, CustomBounds c) {
        w.writeUvarint(c.n);
        for (int i = 0; i < c.n; i++) {
            w.writeBits(c.bits[i], 64);
        }
    }

    /** Reads bounds written by {@link #write}. */
    static void read(BitReader in, CustomBounds c) {
        c.clear();
        long count = in.readUvarint();
        if (count < 0 || count > 1 << 20) {
            throw new ChunkFormatException("custom bound count " + count + " out of range");
        }
        for (long i = 0; i < count; i++) {
            c.add(Double.longBitsToDouble(in.readBits(64)));
        }
    }
}

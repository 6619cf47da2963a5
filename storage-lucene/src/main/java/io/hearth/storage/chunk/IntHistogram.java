package io.hearth.storage.chunk;

import java.util.Arrays;

/**
 * A native histogram with integer counts: schema, zero bucket, count, sum, and for each side
 * (positive, negative) a list of spans over the exponential bucket indices plus one absolute count
 * per bucket covered by those spans.
 *
 * <p>A deliberately mutable, reusable holder, like a buffer: iterators fill one the caller owns
 * ({@link ChunkIterator#atHistogram}) so stepping through a chunk allocates nothing once the
 * arrays are large enough. Copy it ({@link #copyFrom}) to keep a value. Not thread-safe.
 *
 * <p>Schema {@link #CUSTOM_BUCKETS_SCHEMA} has custom buckets: explicit upper bounds
 * ({@link #customValue}) instead of exponential ones, only positive buckets, no zero bucket.
 *
 * <p>Bucket counts are absolute here, not the delta form of the remote-write protocol; the codec
 * converts. The sum is kept as raw bits so a stale marker (a NaN sum) survives exactly.
 */
public final class IntHistogram {

    /** One side of the histogram: spans and the absolute count of each bucket they cover. */
    public static final class Buckets {
        final SpanList spans = new SpanList();
        private long[] counts = new long[8];
        private int buckets;

        public int spanCount() {
            return spans.size();
        }

        /** Gap (in bucket indices) before the span: from 0 for the first, from the previous span's end after. */
        public int spanOffset(int i) {
            return spans.offset(i);
        }

        public int spanLength(int i) {
            return spans.length(i);
        }

        public int bucketCount() {
            return buckets;
        }

        public long count(int i) {
            return counts[i];
        }

        public Buckets clear() {
            spans.clear();
            buckets = 0;
            return this;
        }

        public Buckets addSpan(int offset, int length) {
            spans.add(offset, length);
            return this;
        }

        public Buckets addCount(long count) {
            if (buckets == counts.length) {
                counts = Arrays.copyOf(counts, buckets * 2);
            }
            counts[buckets++] = count;
            return this;
        }

        void setCount(int i, long count) {
            counts[i] = count;
        }

        /** Ensures room for {@code n} counts and sets the bucket count to {@code n}. */
        void resizeCounts(int n) {
            if (counts.length < n) {
                counts = Arrays.copyOf(counts, Math.max(n, counts.length * 2));
            }
            buckets = n;
        }

        boolean sameSpans(Buckets o) {
            return spans.sameAs(o.spans);
        }

        boolean sameCounts(Buckets o) {
            return buckets == o.buckets && Arrays.equals(counts, 0, buckets, o.counts, 0, buckets);
        }

        void copyFrom(Buckets o) {
            spans.copyFrom(o.spans);
            resizeCounts(o.buckets);
            System.arraycopy(o.counts, 0, counts, 0, o.buckets);
        }

        void validate(String side) {
            long covered = spans.validate(side);
            if (covered != buckets) {
                throw new IllegalArgumentException(side + " spans cover " + covered + " buckets but "
                        + buckets + " counts are given");
            }
            for (int i = 0; i < buckets; i++) {
                if (counts[i] < 0) {
                    throw new IllegalArgumentException(side + " bucket " + i + " has a negative count");
                }
            }
        }

        long total() {
            long t = 0;
            for (int i = 0; i < buckets; i++) {
                t += counts[i];
            }
            return t;
        }
    }

    public static final int MIN_SCHEMA = -4;
    public static final int MAX_SCHEMA = 8;
    /** Custom buckets with explicit bounds ({@link #customValueCount()}), Prometheus's NHCB. */
    public static final int CUSTOM_BUCKETS_SCHEMA = -53;

    private CounterResetHint counterResetHint = CounterResetHint.UNKNOWN;
    private int schema;
    private double zeroThreshold;
    private long zeroCount;
    private long count;
    private long sumBits;
    private final Buckets positive = new Buckets();
    private final Buckets negative = new Buckets();
    private final CustomBounds custom = new CustomBounds();

    /** Sets the scalar fields and clears both bucket sides. */
    public IntHistogram reset(CounterResetHint hint, int schema, double zeroThreshold, long zeroCount,
            long count, double sum) {
        this.counterResetHint = hint;
        this.schema = schema;
        this.zeroThreshold = zeroThreshold;
        this.zeroCount = zeroCount;
        this.count = count;
        this.sumBits = Double.doubleToRawLongBits(sum);
        positive.clear();
        negative.clear();
        custom.clear();
        return this;
    }

    public CounterResetHint counterResetHint() {
        return counterResetHint;
    }

    public IntHistogram counterResetHint(CounterResetHint hint) {
        this.counterResetHint = hint;
        return this;
    }

    public int schema() {
        return schema;
    }

    public double zeroThreshold() {
        return zeroThreshold;
    }

    public long zeroCount() {
        return zeroCount;
    }

    public long count() {
        return count;
    }

    public double sum() {
        return Double.longBitsToDouble(sumBits);
    }

    public long sumBits() {
        return sumBits;
    }

    public IntHistogram sumBits(long bits) {
        this.sumBits = bits;
        return this;
    }

    public Buckets positive() {
        return positive;
    }

    public Buckets negative() {
        return negative;
    }

    /** The number of custom bucket bounds; 0 unless the schema is custom buckets. */
    public int customValueCount() {
        return custom.size();
    }

    /** The upper bound of custom bucket {@code i}. */
    public double customValue(int i) {
        return custom.get(i);
    }

    CustomBounds customBounds() {
        return custom;
    }

    /** Appends a custom bucket bound (after {@link #reset}, which clears them). */
    public IntHistogram addCustomValue(double bound) {
        custom.add(bound);
        return this;
    }

    void setScalars(int schema, double zeroThreshold, long zeroCount, long count, long sumBits) {
        this.schema = schema;
        this.zeroThreshold = zeroThreshold;
        this.zeroCount = zeroCount;
        this.count = count;
        this.sumBits = sumBits;
    }

    void setCounts(long zeroCount, long count, long sumBits) {
        this.zeroCount = zeroCount;
        this.count = count;
        this.sumBits = sumBits;
    }

    /**
     * Checks the invariants an appender relies on.
     *
     * @throws IllegalArgumentException if the schema is out of range, the zero threshold negative
     *     or not finite, a count negative, spans and counts disagree, or the buckets and zero
     *     bucket hold more observations than {@code count}
     */
    public IntHistogram validate() {
        if (schema == CUSTOM_BUCKETS_SCHEMA) {
            custom.validate(zeroThreshold, zeroCount == 0, positive.spans, negative.spans);
        } else if (schema < MIN_SCHEMA || schema > MAX_SCHEMA) {
            throw new IllegalArgumentException("schema " + schema + " outside [" + MIN_SCHEMA + ", " + MAX_SCHEMA
                    + "] and not custom buckets");
        } else if (custom.size() > 0) {
            throw new IllegalArgumentException("custom bounds given for exponential schema " + schema);
        }
        if (!(zeroThreshold >= 0) || Double.isInfinite(zeroThreshold)) {
            throw new IllegalArgumentException("zero threshold " + zeroThreshold + " must be finite and >= 0");
        }
        if (zeroCount < 0 || count < 0) {
            throw new IllegalArgumentException("negative count");
        }
        positive.validate("positive");
        negative.validate("negative");
        long observed = zeroCount + positive.total() + negative.total();
        if (observed > count) {
            throw new IllegalArgumentException("buckets hold " + observed + " observations but count is " + count);
        }
        return this;
    }

    /** Makes this a copy of {@code other}, reusing this holder's arrays. */
    public IntHistogram copyFrom(IntHistogram other) {
        counterResetHint = other.counterResetHint;
        setScalars(other.schema, other.zeroThreshold, other.zeroCount, other.count, other.sumBits);
        positive.copyFrom(other.positive);
        negative.copyFrom(other.negative);
        custom.copyFrom(other.custom);
        return this;
    }

    /** Whether schema, zero threshold (bit for bit), spans of both sides and custom bounds are the same. */
    public boolean sameLayout(IntHistogram o) {
        return schema == o.schema
                && Double.doubleToRawLongBits(zeroThreshold) == Double.doubleToRawLongBits(o.zeroThreshold)
                && positive.sameSpans(o.positive)
                && negative.sameSpans(o.negative)
                && custom.sameAs(o.custom);
    }

    /** Value equality including the hint, with the sum compared bit for bit; for tests and asserts. */
    public boolean contentEquals(IntHistogram o) {
        return counterResetHint == o.counterResetHint && sameLayout(o) && zeroCount == o.zeroCount
                && count == o.count && sumBits == o.sumBits
                && positive.sameCounts(o.positive) && negative.sameCounts(o.negative);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("IntHistogram{hint=").append(counterResetHint)
                .append(", schema=").append(schema).append(", zeroThreshold=").append(zeroThreshold)
                .append(", zeroCount=").append(zeroCount).append(", count=").append(count)
                .append(", sum=").append(sum());
        appendSide(sb, "positive", positive);
        appendSide(sb, "negative", negative);
        if (custom.size() > 0) {
            sb.append(", customValues=");
            custom.appendTo(sb);
        }
        return sb.append('}').toString();
    }

    private static void appendSide(StringBuilder sb, String name, Buckets b) {
        sb.append(", ").append(name).append("={spans=");
        b.spans.appendTo(sb);
        sb.append(", counts=").append(Arrays.toString(Arrays.copyOf(b.counts, b.buckets))).append('}');
    }
}

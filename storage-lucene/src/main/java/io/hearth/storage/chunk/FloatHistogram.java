package io.hearth.storage.chunk;

import java.util.Arrays;

/**
 * A native histogram with float counts, as produced by recording rules and PromQL: schema, zero
 * bucket, count, sum, and for each side spans plus one absolute count per bucket.
 *
 * <p>Custom buckets (schema {@link IntHistogram#CUSTOM_BUCKETS_SCHEMA}) carry their bounds as
 * {@link IntHistogram} does.
 *
 * <p>A mutable, reusable holder like {@link IntHistogram}: iterators fill one the caller owns
 * ({@link ChunkIterator#atFloatHistogram}); copy it ({@link #copyFrom}) to keep a value. Not
 * thread-safe. Every float is kept as raw bits, so NaN payloads (the stale marker in the sum)
 * survive exactly and equality is bit equality.
 */
public final class FloatHistogram {

    /** One side of the histogram: spans and the absolute count of each bucket they cover. */
    public static final class Buckets {
        final SpanList spans = new SpanList();
        private long[] countBits = new long[8];
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

        public double count(int i) {
            return Double.longBitsToDouble(countBits[i]);
        }

        public long countBits(int i) {
            return countBits[i];
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

        public Buckets addCount(double count) {
            return addCountBits(Double.doubleToRawLongBits(count));
        }

        public Buckets addCountBits(long bits) {
            if (buckets == countBits.length) {
                countBits = Arrays.copyOf(countBits, buckets * 2);
            }
            countBits[buckets++] = bits;
            return this;
        }

        void setCountBits(int i, long bits) {
            countBits[i] = bits;
        }

        Buckets resizeCounts(int n) {
            if (countBits.length < n) {
                countBits = Arrays.copyOf(countBits, Math.max(n, countBits.length * 2));
            }
            buckets = n;
            return this;
        }

        boolean sameCounts(Buckets o) {
            return buckets == o.buckets && Arrays.equals(countBits, 0, buckets, o.countBits, 0, buckets);
        }

        void copyFrom(Buckets o) {
            spans.copyFrom(o.spans);
            resizeCounts(o.buckets);
            System.arraycopy(o.countBits, 0, countBits, 0, o.buckets);
        }

        void validate(String side) {
            long covered = spans.validate(side);
            if (covered != buckets) {
                throw new IllegalArgumentException(side + " spans cover " + covered + " buckets but "
                        + buckets + " counts are given");
            }
            for (int i = 0; i < buckets; i++) {
                if (count(i) < 0) {
                    throw new IllegalArgumentException(side + " bucket " + i + " has a negative count");
                }
            }
        }
    }

    private CounterResetHint counterResetHint = CounterResetHint.UNKNOWN;
    private int schema;
    private double zeroThreshold;
    private long zeroCountBits;
    private long countBits;
    private long sumBits;
    private final Buckets positive = new Buckets();
    private final Buckets negative = new Buckets();
    private final CustomBounds custom = new CustomBounds();

    /** Sets the scalar fields and clears both bucket sides. */
    public FloatHistogram reset(CounterResetHint hint, int schema, double zeroThreshold, double zeroCount,
            double count, double sum) {
        this.counterResetHint = hint;
        this.schema = schema;
        this.zeroThreshold = zeroThreshold;
        this.zeroCountBits = Double.doubleToRawLongBits(zeroCount);
        this.countBits = Double.doubleToRawLongBits(count);
        this.sumBits = Double.doubleToRawLongBits(sum);
        positive.clear();
        negative.clear();
        custom.clear();
        return this;
    }

    public CounterResetHint counterResetHint() {
        return counterResetHint;
    }

    public FloatHistogram counterResetHint(CounterResetHint hint) {
        this.counterResetHint = hint;
        return this;
    }

    public int schema() {
        return schema;
    }

    public double zeroThreshold() {
        return zeroThreshold;
    }

    public double zeroCount() {
        return Double.longBitsToDouble(zeroCountBits);
    }

    public double count() {
        return Double.longBitsToDouble(countBits);
    }

    public double sum() {
        return Double.longBitsToDouble(sumBits);
    }

    public long zeroCountBits() {
        return zeroCountBits;
    }

    public long countBits() {
        return countBits;
    }

    public long sumBits() {
        return sumBits;
    }

    public FloatHistogram sumBits(long bits) {
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
    public FloatHistogram addCustomValue(double bound) {
        custom.add(bound);
        return this;
    }

    void setScalarBits(int schema, double zeroThreshold, long zeroCountBits, long countBits, long sumBits) {
        this.schema = schema;
        this.zeroThreshold = zeroThreshold;
        this.zeroCountBits = zeroCountBits;
        this.countBits = countBits;
        this.sumBits = sumBits;
    }

    /**
     * Checks the invariants an appender relies on. Float counts are not checked against each
     * other: rounding makes {@code count} and the bucket total differ legitimately.
     *
     * @throws IllegalArgumentException if the schema is out of range, the zero threshold negative
     *     or not finite, a count negative, or spans and counts disagree
     */
    public FloatHistogram validate() {
        if (schema == IntHistogram.CUSTOM_BUCKETS_SCHEMA) {
            custom.validate(zeroThreshold, zeroCount() == 0, positive.spans, negative.spans);
        } else if (schema < IntHistogram.MIN_SCHEMA || schema > IntHistogram.MAX_SCHEMA) {
            throw new IllegalArgumentException("schema " + schema + " outside [" + IntHistogram.MIN_SCHEMA + ", " + IntHistogram.MAX_SCHEMA
                    + "] and not custom buckets");
        } else if (custom.size() > 0) {
            throw new IllegalArgumentException("custom bounds given for exponential schema " + schema);
        }
        if (!(zeroThreshold >= 0) || Double.isInfinite(zeroThreshold)) {
            throw new IllegalArgumentException("zero threshold " + zeroThreshold + " must be finite and >= 0");
        }
        if (zeroCount() < 0 || count() < 0) {
            throw new IllegalArgumentException("negative count");
        }
        positive.validate("positive");
        negative.validate("negative");
        return this;
    }

    /** Makes this a copy of {@code other}, reusing this holder's arrays. */
    public FloatHistogram copyFrom(FloatHistogram other) {
        counterResetHint = other.counterResetHint;
        setScalarBits(other.schema, other.zeroThreshold, other.zeroCountBits, other.countBits, other.sumBits);
        positive.copyFrom(other.positive);
        negative.copyFrom(other.negative);
        custom.copyFrom(other.custom);
        return this;
    }

    /** Whether schema, zero threshold (bit for bit), spans of both sides and custom bounds are the same. */
    public boolean sameLayout(FloatHistogram o) {
        return schema == o.schema
                && Double.doubleToRawLongBits(zeroThreshold) == Double.doubleToRawLongBits(o.zeroThreshold)
                && positive.spans.sameAs(o.positive.spans)
                && negative.spans.sameAs(o.negative.spans)
                && custom.sameAs(o.custom);
    }

    /** Bit-for-bit equality including the hint; for tests and asserts. */
    public boolean contentEquals(FloatHistogram o) {
        return counterResetHint == o.counterResetHint && sameLayout(o) && zeroCountBits == o.zeroCountBits
                && countBits == o.countBits && sumBits == o.sumBits
                && positive.sameCounts(o.positive) && negative.sameCounts(o.negative);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FloatHistogram{hint=").append(counterResetHint)
                .append(", schema=").append(schema).append(", zeroThreshold=").append(zeroThreshold)
                .append(", zeroCount=").append(zeroCount()).append(", count=").append(count())
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
        sb.append(", counts=[");
        for (int i = 0; i < b.bucketCount(); i++) {
            sb.append(i == 0 ? "" : ", ").append(b.count(i));
        }
        sb.append("]}");
    }
}

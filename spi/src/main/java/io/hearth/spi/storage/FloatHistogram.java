package io.hearth.spi.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A native histogram sample with float counts, the one histogram value type of the storage
 * contracts: exponential buckets (schema -4 to 8) or custom buckets ({@link #CUSTOM_BUCKETS_SCHEMA},
 * "NHCB", the native form of a classic histogram, with explicit upper bounds in
 * {@link #customValues}). Integer histograms, as remote_write sends them, convert losslessly for
 * counts up to 2^53 with {@link #ofIntegerCounts}.
 *
 * <p>Bucket counts are absolute (not the delta encoding of the wire protocol). A value: arrays
 * are copied in and out, equality compares content, and NaN fields (the stale marker sits in the
 * sum) compare by bits.
 *
 * @param counterResetHint what is known about a counter reset at this sample
 * @param schema the bucket resolution, -4 to 8, where bucket boundaries are powers of
 *     {@code 2^(2^-schema)}; or {@link #CUSTOM_BUCKETS_SCHEMA}, where positive bucket {@code i}
 *     has the upper bound {@code customValues[i]} and bucket {@code customValues.length} is the
 *     {@code +Inf} bucket
 * @param zeroThreshold the width of the zero bucket, finite and {@code >= 0}
 * @param zeroCount observations in the zero bucket
 * @param count all observations
 * @param sum the sum of observations
 * @param positiveSpans runs of populated positive buckets
 * @param positiveBuckets one absolute count per bucket covered by {@code positiveSpans}
 * @param negativeSpans runs of populated negative buckets
 * @param negativeBuckets one absolute count per bucket covered by {@code negativeSpans}
 * @param customValues the finite, strictly increasing upper bounds of custom buckets (the
 *     {@code +Inf} bound is implied); empty for exponential schemas
 */
public record FloatHistogram(CounterResetHint counterResetHint, int schema, double zeroThreshold, double zeroCount,
        double count, double sum, List<Span> positiveSpans, double[] positiveBuckets, List<Span> negativeSpans,
        double[] negativeBuckets, double[] customValues) {

    /** The lowest exponential schema. */
    public static final int MIN_SCHEMA = -4;
    /** The highest exponential schema. */
    public static final int MAX_SCHEMA = 8;
    /** The schema of custom-bucket histograms, as in Prometheus. */
    public static final int CUSTOM_BUCKETS_SCHEMA = -53;

    /** What a sample says about counter resets, as in Prometheus's histogram model. */
    public enum CounterResetHint {
        /** Not known; compare with the previous sample. */
        UNKNOWN,
        /** A counter reset happened at this sample. */
        COUNTER_RESET,
        /** Certainly no counter reset. */
        NOT_COUNTER_RESET,
        /** A gauge histogram: counts go up and down and resets do not apply. */
        GAUGE
    }

    /**
     * A run of consecutive buckets.
     *
     * @param offset the gap in bucket indices before the run: from index 0 for the first span,
     *     from the end of the previous span otherwise; may be negative for the first
     * @param length the number of buckets, {@code >= 0}
     */
    public record Span(int offset, int length) {
        public Span {
            if (length < 0) {
                throw new IllegalArgumentException("span length " + length + " < 0");
            }
        }
    }

    /**
     * Validates the shape and copies. A custom-bucket histogram is checked as Prometheus checks
     * one: bounds finite and strictly increasing, no zero threshold, no negative buckets, positive
     * spans with no negative offset that reach no further than the {@code +Inf} bucket.
     *
     * <p>Counts are not checked here: query arithmetic yields histograms no observation can
     * produce, which Prometheus returns as they are ({@code -h} has negative counts, {@code h / 0}
     * of a custom-bucket histogram a NaN zero count). Storage keeps only {@link #requireStorable()
     * storable} ones.
     *
     * @throws IllegalArgumentException on a null field, a schema out of range, a negative or
     *     non-finite zero threshold, spans that do not cover the buckets, or custom bounds that
     *     break the rules above (or are given for an exponential schema)
     */
    public FloatHistogram {
        if (counterResetHint == null || positiveSpans == null || positiveBuckets == null || negativeSpans == null
                || negativeBuckets == null || customValues == null) {
            throw new IllegalArgumentException("no field of a histogram may be null");
        }
        if (schema != CUSTOM_BUCKETS_SCHEMA && (schema < MIN_SCHEMA || schema > MAX_SCHEMA)) {
            throw new IllegalArgumentException("schema " + schema + " outside [" + MIN_SCHEMA + ", " + MAX_SCHEMA
                    + "] and not " + CUSTOM_BUCKETS_SCHEMA + " (custom buckets)");
        }
        if (!(zeroThreshold >= 0) || Double.isInfinite(zeroThreshold)) {
            throw new IllegalArgumentException("zero threshold " + zeroThreshold + " must be finite and >= 0");
        }
        positiveSpans = List.copyOf(positiveSpans);
        negativeSpans = List.copyOf(negativeSpans);
        positiveBuckets = positiveBuckets.clone();
        negativeBuckets = negativeBuckets.clone();
        check("positive", positiveSpans, positiveBuckets);
        check("negative", negativeSpans, negativeBuckets);
        customValues = customValues.clone();
        if (schema == CUSTOM_BUCKETS_SCHEMA) {
            checkCustom(zeroThreshold, positiveSpans, negativeSpans, customValues);
        } else if (customValues.length > 0) {
            throw new IllegalArgumentException("custom bounds given for exponential schema " + schema);
        }
    }

    /** An exponential-bucket histogram: no custom bounds. */
    public FloatHistogram(CounterResetHint counterResetHint, int schema, double zeroThreshold, double zeroCount,
            double count, double sum, List<Span> positiveSpans, double[] positiveBuckets, List<Span> negativeSpans,
            double[] negativeBuckets) {
        this(counterResetHint, schema, zeroThreshold, zeroCount, count, sum, positiveSpans, positiveBuckets,
                negativeSpans, negativeBuckets, NO_CUSTOM_VALUES);
    }

    private static final double[] NO_CUSTOM_VALUES = new double[0];

    private static void checkCustom(double zeroThreshold, List<Span> positiveSpans,
            List<Span> negativeSpans, double[] bounds) {
        if (zeroThreshold != 0) {
            throw new IllegalArgumentException("custom buckets: a histogram with custom buckets has no zero bucket");
        }
        if (!negativeSpans.isEmpty()) {
            throw new IllegalArgumentException("custom buckets: a histogram with custom buckets has no negative buckets");
        }
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i])) {
                throw new IllegalArgumentException("histogram custom bounds must be finite, found " + bounds[i]);
            }
            if (i > 0 && !(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("histogram custom bounds must be in strictly increasing order: "
                        + bounds[i - 1] + " then " + bounds[i]);
            }
        }
        long reach = 0;
        for (Span s : positiveSpans) {
            if (s.offset() < 0) {
                throw new IllegalArgumentException("custom buckets: span offset " + s.offset() + " is negative");
            }
            reach += (long) s.offset() + s.length();
        }
        if (reach > bounds.length + 1L) {
            throw new IllegalArgumentException("histogram custom bounds are too few: spans reach bucket " + reach
                    + " but " + bounds.length + " bounds give " + (bounds.length + 1) + " buckets");
        }
    }

    /**
     * This histogram, when observations could have produced it, as Prometheus's TSDB requires of
     * every histogram it appends: no negative count in the total, the zero bucket or any bucket,
     * and no zero count at all (NaN included) with custom buckets. Ingest and rule evaluators call
     * it before appending; query results need not pass it.
     *
     * @return this histogram
     * @throws IllegalArgumentException naming the first offending count, in Prometheus's words
     */
    public FloatHistogram requireStorable() {
        if (schema == CUSTOM_BUCKETS_SCHEMA && zeroCount != 0) {
            throw new IllegalArgumentException("custom buckets: must have zero count of 0, found " + zeroCount);
        }
        requireNotNegative("negative side", negativeBuckets);
        if (zeroCount < 0) {
            throw new IllegalArgumentException("zero bucket has observation count of " + zeroCount
                    + ": histogram has a bucket whose observation count is negative");
        }
        if (count < 0) {
            throw new IllegalArgumentException("observation count is " + count
                    + ": histogram observation count is negative");
        }
        requireNotNegative("positive side", positiveBuckets);
        return this;
    }

    private static void requireNotNegative(String side, double[] buckets) {
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] < 0) {
                throw new IllegalArgumentException(side + ": bucket number " + (i + 1) + " has observation count of "
                        + buckets[i] + ": histogram has a bucket whose observation count is negative");
            }
        }
    }

    private static void check(String side, List<Span> spans, double[] buckets) {
        long covered = 0;
        for (Span s : spans) {
            covered += s.length();
        }
        if (covered != buckets.length) {
            throw new IllegalArgumentException(side + " spans cover " + covered + " buckets but " + buckets.length
                    + " counts are given");
        }
    }

    /**
     * Converts an integer histogram with absolute bucket counts; ingest codecs call this after
     * turning the wire format's deltas into absolute counts.
     */
    public static FloatHistogram ofIntegerCounts(CounterResetHint hint, int schema, double zeroThreshold,
            long zeroCount, long count, double sum, List<Span> positiveSpans, long[] positiveBuckets,
            List<Span> negativeSpans, long[] negativeBuckets) {
        return new FloatHistogram(hint, schema, zeroThreshold, zeroCount, count, sum, positiveSpans,
                toDoubles(positiveBuckets), negativeSpans, toDoubles(negativeBuckets));
    }

    private static double[] toDoubles(long[] counts) {
        double[] d = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            d[i] = counts[i];
        }
        return d;
    }

    /** A copy of the positive bucket counts. */
    @Override
    public double[] positiveBuckets() {
        return positiveBuckets.clone();
    }

    /** A copy of the negative bucket counts. */
    @Override
    public double[] negativeBuckets() {
        return negativeBuckets.clone();
    }

    /** A copy of the custom bucket bounds; empty for exponential schemas. */
    @Override
    public double[] customValues() {
        return customValues.clone();
    }

    /** Whether this histogram has custom buckets ({@link #CUSTOM_BUCKETS_SCHEMA}). */
    public boolean usesCustomBuckets() {
        return schema == CUSTOM_BUCKETS_SCHEMA;
    }

    /** The number of custom bounds, without copying. */
    public int customValueCount() {
        return customValues.length;
    }

    /** The {@code i}-th custom bound, without copying. */
    public double customValue(int i) {
        return customValues[i];
    }

    /** The number of positive buckets, without copying. */
    public int positiveBucketCount() {
        return positiveBuckets.length;
    }

    /** The {@code i}-th positive bucket count, without copying. */
    public double positiveBucket(int i) {
        return positiveBuckets[i];
    }

    /** The number of negative buckets, without copying. */
    public int negativeBucketCount() {
        return negativeBuckets.length;
    }

    /** The {@code i}-th negative bucket count, without copying. */
    public double negativeBucket(int i) {
        return negativeBuckets[i];
    }

    /** Whether the sum is the staleness marker, i.e. this sample marks the series stale. */
    public boolean isStale() {
        return StaleMarker.isStale(sum);
    }

    /** Equality of every field, floats by bits; the counter-reset hint included. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FloatHistogram h && h.counterResetHint == counterResetHint && h.schema == schema
                && bits(h.zeroThreshold) == bits(zeroThreshold) && bits(h.zeroCount) == bits(zeroCount)
                && bits(h.count) == bits(count) && bits(h.sum) == bits(sum)
                && h.positiveSpans.equals(positiveSpans) && h.negativeSpans.equals(negativeSpans)
                && sameBits(h.positiveBuckets, positiveBuckets) && sameBits(h.negativeBuckets, negativeBuckets)
                && sameBits(h.customValues, customValues);
    }

    /**
     * Equality of the observed values, ignoring the counter-reset hint: what duplicate detection
     * compares (a resent sample with another hint is the same sample).
     */
    public boolean sameValue(FloatHistogram h) {
        return h.schema == schema && bits(h.zeroThreshold) == bits(zeroThreshold) && bits(h.zeroCount) == bits(zeroCount)
                && bits(h.count) == bits(count) && bits(h.sum) == bits(sum)
                && h.positiveSpans.equals(positiveSpans) && h.negativeSpans.equals(negativeSpans)
                && sameBits(h.positiveBuckets, positiveBuckets) && sameBits(h.negativeBuckets, negativeBuckets)
                && sameBits(h.customValues, customValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(counterResetHint, schema, bits(count), bits(sum), positiveSpans, negativeSpans,
                Arrays.hashCode(positiveBuckets), Arrays.hashCode(negativeBuckets), Arrays.hashCode(customValues));
    }

    @Override
    public String toString() {
        return "FloatHistogram[hint=" + counterResetHint + ", schema=" + schema + ", zeroThreshold=" + zeroThreshold
                + ", zeroCount=" + zeroCount + ", count=" + count + ", sum=" + sum + ", positive=" + positiveSpans
                + Arrays.toString(positiveBuckets) + ", negative=" + negativeSpans + Arrays.toString(negativeBuckets)
                + (customValues.length > 0 ? ", customValues=" + Arrays.toString(customValues) : "") + "]";
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }

    private static boolean sameBits(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (bits(a[i]) != bits(b[i])) {
                return false;
            }
        }
        return true;
    }
}

package io.hearth.spi.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FloatHistogramTest {

    private static FloatHistogram h(FloatHistogram.CounterResetHint hint, double sum) {
        return new FloatHistogram(hint, 0, 0.001, 1, 6, sum, List.of(new FloatHistogram.Span(-1, 2)),
                new double[] {2, 3}, List.of(), new double[0]);
    }

    @Test
    void validatesInTheConstructor() {
        assertThrows(IllegalArgumentException.class, () -> new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
                9, 0, 0, 0, 0, List.of(), new double[0], List.of(), new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
                0, -1, 0, 0, 0, List.of(), new double[0], List.of(), new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
                0, 0, 0, 1, 0, List.of(new FloatHistogram.Span(0, 2)), new double[] {1}, List.of(), new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new FloatHistogram.Span(0, -1));
    }

    private static FloatHistogram custom(double[] bounds, List<FloatHistogram.Span> spans, double[] buckets) {
        return new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0,
                10, 20, spans, buckets, List.of(), new double[0], bounds);
    }

    @Test
    void customBucketsCarryTheirBounds() {
        double[] bounds = {0.5, 1, 5};
        FloatHistogram h = custom(bounds, List.of(new FloatHistogram.Span(0, 2), new FloatHistogram.Span(1, 1)),
                new double[] {1, 2, 7});
        bounds[0] = 99;
        assertTrue(h.usesCustomBuckets());
        assertEquals(3, h.customValueCount());
        assertEquals(0.5, h.customValue(0));
        h.customValues()[0] = 99;
        assertEquals(0.5, h.customValue(0));
        FloatHistogram other = custom(new double[] {0.5, 1, 6},
                List.of(new FloatHistogram.Span(0, 2), new FloatHistogram.Span(1, 1)), new double[] {1, 2, 7});
        assertNotEquals(h, other);
        assertFalse(h.sameValue(other));
        assertEquals(h, custom(new double[] {0.5, 1, 5},
                List.of(new FloatHistogram.Span(0, 2), new FloatHistogram.Span(1, 1)), new double[] {1, 2, 7}));
        // the +Inf bucket alone: no bounds at all
        assertEquals(0, custom(new double[0], List.of(new FloatHistogram.Span(0, 1)), new double[] {3}).customValueCount());
        assertFalse(h(FloatHistogram.CounterResetHint.UNKNOWN, 1).usesCustomBuckets());
        assertEquals(0, h(FloatHistogram.CounterResetHint.UNKNOWN, 1).customValueCount());
    }

    @Test
    void customBucketsAreValidatedAsPrometheusValidatesThem() {
        List<FloatHistogram.Span> one = List.of(new FloatHistogram.Span(0, 1));
        double[] c = {1};
        // bounds: strictly increasing and finite (+Inf is implied, never written)
        assertThrows(IllegalArgumentException.class, () -> custom(new double[] {1, 1}, one, c));
        assertThrows(IllegalArgumentException.class, () -> custom(new double[] {2, 1}, one, c));
        assertThrows(IllegalArgumentException.class, () -> custom(new double[] {1, Double.POSITIVE_INFINITY}, one, c));
        assertThrows(IllegalArgumentException.class, () -> custom(new double[] {Double.NEGATIVE_INFINITY, 1}, one, c));
        assertThrows(IllegalArgumentException.class, () -> custom(new double[] {Double.NaN}, one, c));
        // spans: no negative offset, and no further than the +Inf bucket (bounds + 1 buckets)
        assertThrows(IllegalArgumentException.class, () -> custom(new double[] {1}, List.of(new FloatHistogram.Span(-1, 1)), c));
        assertThrows(IllegalArgumentException.class, () -> custom(new double[] {1}, List.of(new FloatHistogram.Span(2, 1)), c));
        custom(new double[] {1}, List.of(new FloatHistogram.Span(1, 1)), c); // the +Inf bucket
        // no zero bucket, no negative buckets
        assertThrows(IllegalArgumentException.class, () -> new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
                FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0.001, 0, 1, 1, one, c, List.of(), new double[0], new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
                FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 1, 1, 1, List.of(), new double[0], List.of(), new double[0],
                new double[] {1}).requireStorable());
        assertThrows(IllegalArgumentException.class, () -> new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
                FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 1, 1, List.of(), new double[0], one, c, new double[] {1}));
        // bounds belong to the custom schema only; other schemas between -53 and -4 do not exist
        assertThrows(IllegalArgumentException.class, () -> new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
                0, 0, 0, 1, 1, one, c, List.of(), new double[0], new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
                -5, 0, 0, 1, 1, one, c, List.of(), new double[0]));
    }

    @Test
    void queryArithmeticMayYieldCountsThatStorageRefuses() {
        // -h: every count negative, as Prometheus returns it
        FloatHistogram negated = new FloatHistogram(FloatHistogram.CounterResetHint.GAUGE, 0, 0.001, -3, -30, -33,
                List.of(new FloatHistogram.Span(0, 3)), new double[] {-3, -3, -3}, List.of(new FloatHistogram.Span(0, 3)),
                new double[] {-6, -6, -6});
        assertEquals(-3, negated.zeroCount());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, negated::requireStorable);
        assertEquals("negative side: bucket number 1 has observation count of -6.0: histogram has a bucket whose "
                + "observation count is negative", e.getMessage());
        // h / 0 with custom buckets: 0 / 0 in the zero count, and no buckets left
        FloatHistogram divided = new FloatHistogram(FloatHistogram.CounterResetHint.GAUGE,
                FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, Double.NaN, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                List.of(), new double[0], List.of(), new double[0], new double[] {1, 5});
        assertTrue(Double.isNaN(divided.zeroCount()));
        e = assertThrows(IllegalArgumentException.class, divided::requireStorable);
        assertEquals("custom buckets: must have zero count of 0, found NaN", e.getMessage());
        // each count is checked: zero bucket, total, positive side
        assertThrows(IllegalArgumentException.class, () -> new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
                0, 0.001, -1, 0, 0, List.of(), new double[0], List.of(), new double[0]).requireStorable());
        assertThrows(IllegalArgumentException.class, () -> new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
                0, 0.001, 0, -1, 0, List.of(), new double[0], List.of(), new double[0]).requireStorable());
        e = assertThrows(IllegalArgumentException.class, () -> new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
                0, 0.001, 0, 3, 0, List.of(new FloatHistogram.Span(0, 2)), new double[] {4, -1}, List.of(),
                new double[0]).requireStorable());
        assertTrue(e.getMessage().startsWith("positive side: bucket number 2 "), e.getMessage());
        FloatHistogram observed = h(FloatHistogram.CounterResetHint.UNKNOWN, 4);
        assertTrue(observed == observed.requireStorable());
        // NaN counts are not negative: Prometheus stores them (a NaN observation makes only the sum NaN, but
        // nothing forbids them)
        new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0.001, Double.NaN, Double.NaN, 0, List.of(),
                new double[0], List.of(), new double[0]).requireStorable();
    }

    @Test
    void isAValueWithCopiedArraysAndBitwiseFloats() {
        double[] counts = {2, 3};
        FloatHistogram a = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0.001, 1, 6, 4,
                List.of(new FloatHistogram.Span(-1, 2)), counts, List.of(), new double[0]);
        counts[0] = 99;
        assertEquals(2, a.positiveBucket(0));
        a.positiveBuckets()[0] = 99;
        assertEquals(2, a.positiveBucket(0));
        assertEquals(h(FloatHistogram.CounterResetHint.UNKNOWN, 4), a);
        assertEquals(h(FloatHistogram.CounterResetHint.UNKNOWN, 4).hashCode(), a.hashCode());
        assertNotEquals(h(FloatHistogram.CounterResetHint.GAUGE, 4), a);
        assertTrue(h(FloatHistogram.CounterResetHint.GAUGE, 4).sameValue(a)); // the hint is not the value
        assertFalse(h(FloatHistogram.CounterResetHint.UNKNOWN, 5).sameValue(a));
        assertTrue(h(FloatHistogram.CounterResetHint.UNKNOWN, StaleMarker.VALUE).isStale());
        assertFalse(h(FloatHistogram.CounterResetHint.UNKNOWN, Double.NaN).isStale());
    }

    @Test
    void integerCountsConvert() {
        FloatHistogram h = FloatHistogram.ofIntegerCounts(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0.001, 1, 6, 4,
                List.of(new FloatHistogram.Span(-1, 2)), new long[] {2, 3}, List.of(), new long[0]);
        assertEquals(h(FloatHistogram.CounterResetHint.UNKNOWN, 4), h);
    }

    @Test
    void rejectionsNameSeriesAndTimestamps() {
        Rejection r = new Rejection(Labels.of("__name__", "up"), 10, 20, AppendResult.OUT_OF_ORDER);
        assertEquals("out of order sample for series {__name__=\"up\"}: timestamp 10 is older than the newest sample at 20",
                r.message());
        assertThrows(IllegalArgumentException.class, () -> new Rejection(Labels.EMPTY, 1, 1, AppendResult.ACCEPTED));
        assertThrows(IllegalArgumentException.class, () -> new StorageOptions(-1));
    }
}

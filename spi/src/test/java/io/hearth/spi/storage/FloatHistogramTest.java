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

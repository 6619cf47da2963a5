package io.hearth.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.ingest.NativeHistogram;
import io.hearth.spi.storage.FloatHistogram;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramConversionTest {

    /** An integer custom-bucket histogram as remote write sends it: bucket deltas, bounds in custom_values. */
    private static NativeHistogram nhcb(int[] spans, long[] deltas, double[] bounds) {
        return new NativeHistogram(1000, false, 10, 42.5, -53, 0, 0, spans, deltas, new double[0], new int[0],
                new long[0], new double[0], 0, bounds);
    }

    @Test
    void customBucketsKeepTheirBounds() {
        FloatHistogram h = HistogramConversion.toStorage(nhcb(new int[] {0, 2, 1, 1}, new long[] {3, 1, -2},
                new double[] {0.1, 0.5, 1}));
        assertTrue(h.usesCustomBuckets());
        assertArrayEquals(new double[] {0.1, 0.5, 1}, h.customValues());
        assertEquals(List.of(new FloatHistogram.Span(0, 2), new FloatHistogram.Span(1, 1)), h.positiveSpans());
        assertArrayEquals(new double[] {3, 4, 2}, h.positiveBuckets());
        assertEquals(10, h.count());
        assertEquals(42.5, h.sum());
    }

    @Test
    void invalidCustomBucketsAreRefused() {
        // bounds not increasing, an explicit +Inf bound, spans past the +Inf bucket
        assertThrows(IllegalArgumentException.class,
                () -> HistogramConversion.toStorage(nhcb(new int[] {0, 1}, new long[] {1}, new double[] {1, 1})));
        assertThrows(IllegalArgumentException.class, () -> HistogramConversion.toStorage(
                nhcb(new int[] {0, 1}, new long[] {1}, new double[] {1, Double.POSITIVE_INFINITY})));
        assertThrows(IllegalArgumentException.class,
                () -> HistogramConversion.toStorage(nhcb(new int[] {2, 1}, new long[] {1}, new double[] {1})));
        // bounds on an exponential histogram, and schemas that do not exist
        assertThrows(IllegalArgumentException.class, () -> HistogramConversion.toStorage(new NativeHistogram(1000, false,
                1, 1, 0, 0, 0, new int[] {0, 1}, new long[] {1}, new double[0], new int[0], new long[0], new double[0],
                0, new double[] {1})));
        assertThrows(IllegalArgumentException.class, () -> HistogramConversion.toStorage(new NativeHistogram(1000, false,
                1, 1, -52, 0, 0, new int[] {0, 1}, new long[] {1}, new double[0], new int[0], new long[0],
                new double[0], 0, new double[] {1})));
    }

    @Test
    void countsNoObservationCanProduceAreRefused() {
        // deltas 2, -3 make the second bucket -1
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HistogramConversion.toStorage(integer(new int[] {0, 2}, 2, -3)));
        assertTrue(e.getMessage().contains("bucket number 2 has observation count of -1.0"), e.getMessage());
        // a float histogram with a negative zero count, and a custom-bucket one with any zero count
        assertThrows(IllegalArgumentException.class, () -> HistogramConversion.toStorage(new NativeHistogram(1000, true,
                0, 0, 0, 0.001, -1, new int[0], new long[0], new double[0], new int[0], new long[0], new double[0], 0,
                new double[0])));
        assertThrows(IllegalArgumentException.class, () -> HistogramConversion.toStorage(new NativeHistogram(1000, true,
                0, 0, -53, 0, Double.NaN, new int[0], new long[0], new double[0], new int[0], new long[0],
                new double[0], 0, new double[] {1})));
    }

    private static NativeHistogram integer(int[] positiveSpans, long... positiveDeltas) {
        return new NativeHistogram(1000, false, 10, 5, 0, 0.001, 1, positiveSpans, positiveDeltas, new double[0],
                new int[0], new long[0], new double[0], 0, new double[0]);
    }

    @Test
    void integerDeltasBecomeAbsoluteCounts() {
        FloatHistogram h = HistogramConversion.toStorage(integer(new int[] {-2, 2, 1, 1}, 2, 1, -2));
        assertEquals(List.of(new FloatHistogram.Span(-2, 2), new FloatHistogram.Span(1, 1)), h.positiveSpans());
        assertArrayEquals(new double[] {2, 3, 1}, h.positiveBuckets());
    }

    @Test
    void onlyTheFirstSpanMayHaveANegativeOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HistogramConversion.toStorage(integer(new int[] {0, 1, -1, 1}, 1, 0)));
        assertTrue(e.getMessage().contains("span 1 has a negative offset -1"), e.getMessage());
    }

    @Test
    void lengthsAreUnsignedAndIndicesStayWithin32Bits() {
        assertThrows(IllegalArgumentException.class, () -> HistogramConversion.toStorage(integer(new int[] {0, -1}, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HistogramConversion.toStorage(integer(new int[] {Integer.MAX_VALUE, 1, Integer.MAX_VALUE, 1}, 1, 0)));
        assertTrue(e.getMessage().contains("beyond 32 bits"), e.getMessage());
    }

    @Test
    void spansMustCoverTheBuckets() {
        assertThrows(IllegalArgumentException.class, () -> HistogramConversion.toStorage(integer(new int[] {0, 3}, 1, 1)));
    }
}

package io.hearth.promql.eval;

import io.hearth.promql.storage.FloatHistogram;

/**
 * Prometheus's count of the samples a range argument feeds its function ({@code stats}'
 * totalQueryableSamples): at every step, the samples inside that step's window
 * {@code (end - range, end]}, a float as one and a histogram by its size against a float sample's.
 * One pass over the series with both window ends moving forward.
 */
final class QueryableSamples {

    private QueryableSamples() {
    }

    /** The float samples at {@code t[0, n)} summed over the windows ending at {@code ends} (ascending). */
    static long inWindows(long[] t, int n, long[] ends, long range) {
        long total = 0;
        int lo = 0;
        int hi = 0;
        for (long end : ends) {
            while (hi < n && t[hi] <= end) {
                hi++;
            }
            while (lo < hi && t[lo] <= end - range) {
                lo++;
            }
            total += hi - lo;
        }
        return total;
    }

    /** The histograms {@code h[0, n)} at {@code t}, each weighted by {@link #size}, summed over the windows. */
    static long inWindows(long[] t, FloatHistogram[] h, int n, long[] ends, long range) {
        if (n == 0) {
            return 0;
        }
        long total = 0;
        long upToHi = 0; // the weight of the samples before hi
        long upToLo = 0;
        int lo = 0;
        int hi = 0;
        for (long end : ends) {
            while (hi < n && t[hi] <= end) {
                upToHi += size(h[hi++]);
            }
            while (lo < hi && t[lo] <= end - range) {
                upToLo += size(h[lo++]);
            }
            total += upToHi - upToLo;
        }
        return total;
    }

    /**
     * A histogram point's size in float samples of 16 bytes, as Prometheus reckons it: its timestamp
     * and a 168-byte histogram structure plus 8 bytes per span, bucket and custom bound. Spans are
     * the runs of adjacent bucket indexes here.
     */
    static int size(FloatHistogram h) {
        int elements = spans(h.posIndex) + spans(h.negIndex) + h.posCount.length + h.negCount.length
                + (h.customValues == null ? 0 : h.customValues.length);
        return (8 + 168 + 8 * elements) / 16;
    }

    private static int spans(int[] index) {
        int spans = 0;
        for (int i = 0; i < index.length; i++) {
            if (i == 0 || index[i] != index[i - 1] + 1) {
                spans++;
            }
        }
        return spans;
    }
}

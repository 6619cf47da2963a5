package io.hearth.plugins.otlp;

import io.hearth.spi.ingest.NativeHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import java.util.Arrays;

/**
 * OTLP exponential histograms as Prometheus native histograms. The scale is the schema; scales
 * above 8, Prometheus's finest, are merged down to 8 (each step pairs neighbouring buckets). OTLP
 * bucket {@code i} covers {@code (base^i, base^(i+1)]} and Prometheus bucket {@code i} covers
 * {@code (base^(i-1), base^i]}, so an index moves up by one. Buckets become spans of consecutive
 * non-empty buckets with integer deltas.
 */
final class ExponentialHistograms {

    /** Prometheus's finest and coarsest exponential schemas. */
    static final int MAX_SCHEMA = 8;
    static final int MIN_SCHEMA = -4;

    /** The zero bucket's width when the point gives none, as Prometheus's OTLP receiver sets it. */
    static final double DEFAULT_ZERO_THRESHOLD = 1e-128;

    private ExponentialHistograms() {
    }

    /**
     * @param point a cumulative data point whose scale is at least {@link #MIN_SCHEMA}
     * @param timestampMillis its time
     * @param stale whether it carries the no-recorded-value flag (its sum becomes the stale NaN)
     * @return the native histogram
     */
    static NativeHistogram convert(ExponentialHistogramDataPoint point, long timestampMillis, boolean stale) {
        int scale = point.getScale();
        if (scale < MIN_SCHEMA) {
            throw new IllegalArgumentException("scale " + scale + " is below " + MIN_SCHEMA);
        }
        int scaleDown = Math.max(0, scale - MAX_SCHEMA);
        Layout positive = layout(point.getPositive(), scaleDown);
        Layout negative = layout(point.getNegative(), scaleDown);
        double sum = stale ? OtlpTranslator.STALE_NAN : point.hasSum() ? point.getSum() : 0;
        double zeroThreshold = point.getZeroThreshold() > 0 ? point.getZeroThreshold() : DEFAULT_ZERO_THRESHOLD;
        return new NativeHistogram(timestampMillis, false, point.getCount(), sum, Math.min(scale, MAX_SCHEMA),
                zeroThreshold, point.getZeroCount(), positive.spans, positive.deltas, new double[0],
                negative.spans, negative.deltas, new double[0], 0, new double[0]);
    }

    private record Layout(int[] spans, long[] deltas) {
    }

    /** Merges buckets by {@code 2^scaleDown}, shifts them to Prometheus indices and encodes spans and deltas. */
    private static Layout layout(ExponentialHistogramDataPoint.Buckets buckets, int scaleDown) {
        int n = buckets.getBucketCountsCount();
        int[] indices = new int[n];
        long[] counts = new long[n];
        int merged = 0;
        for (int i = 0; i < n; i++) {
            long count = buckets.getBucketCounts(i);
            int index = ((buckets.getOffset() + i) >> scaleDown) + 1;
            if (merged > 0 && indices[merged - 1] == index) {
                counts[merged - 1] += count;
            } else {
                indices[merged] = index;
                counts[merged++] = count;
            }
        }
        int[] spans = new int[2 * merged];
        long[] deltas = new long[merged];
        int spanCount = 0;
        int deltaCount = 0;
        long previousCount = 0;
        int nextIndex = 0;
        for (int i = 0; i < merged; i++) {
            if (counts[i] == 0) {
                continue;
            }
            if (spanCount == 0 || indices[i] != nextIndex) {
                spans[2 * spanCount] = spanCount == 0 ? indices[i] : indices[i] - nextIndex;
                spans[2 * spanCount + 1] = 0;
                spanCount++;
            }
            spans[2 * spanCount - 1]++;
            deltas[deltaCount++] = counts[i] - previousCount;
            previousCount = counts[i];
            nextIndex = indices[i] + 1;
        }
        return new Layout(Arrays.copyOf(spans, 2 * spanCount), Arrays.copyOf(deltas, deltaCount));
    }
}

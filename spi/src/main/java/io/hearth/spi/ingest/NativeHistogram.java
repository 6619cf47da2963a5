package io.hearth.spi.ingest;

/**
 * One native (exponential) histogram sample as sent on the wire: integer counts with bucket deltas,
 * or float counts with absolute bucket values.
 *
 * @param timestampMillis the sample time
 * @param floatCounts whether the counts are floats ({@link #positiveCounts} etc. hold them) or
 *     integers ({@link #positiveDeltas} etc. hold deltas)
 * @param count the observation count (as a double for both kinds)
 * @param sum the sum of observations
 * @param schema the resolution, -4 to 8 (or -53 for custom buckets)
 * @param zeroThreshold the width of the zero bucket
 * @param zeroCount the zero bucket's count
 * @param positiveSpans offset, length pairs of the positive buckets
 * @param positiveDeltas integer bucket deltas, or an empty array for float histograms
 * @param positiveCounts float bucket counts, or an empty array for integer histograms
 * @param negativeSpans offset, length pairs of the negative buckets
 * @param negativeDeltas integer bucket deltas, or empty
 * @param negativeCounts float bucket counts, or empty
 * @param resetHint 0 unknown, 1 yes, 2 no, 3 gauge
 * @param customValues the upper bounds of custom buckets (schema -53), or empty
 */
public record NativeHistogram(long timestampMillis, boolean floatCounts, double count, double sum, int schema,
        double zeroThreshold, double zeroCount, int[] positiveSpans, long[] positiveDeltas, double[] positiveCounts,
        int[] negativeSpans, long[] negativeDeltas, double[] negativeCounts, int resetHint, double[] customValues) {
}

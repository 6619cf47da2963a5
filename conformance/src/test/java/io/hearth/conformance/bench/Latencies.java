package io.hearth.conformance.bench;

import java.util.Arrays;

/** Median and 99th percentile of a set of timings, in milliseconds (nearest rank). */
record Latencies(double medianMillis, double p99Millis, int count) {

    static Latencies of(long[] nanos) {
        if (nanos.length == 0) {
            return new Latencies(Double.NaN, Double.NaN, 0);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(rank(sorted, 0.5) / 1e6, rank(sorted, 0.99) / 1e6, sorted.length);
    }

    private static long rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }
}

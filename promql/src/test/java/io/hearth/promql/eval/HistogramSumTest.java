package io.hearth.promql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.promql.storage.FloatHistogram;
import org.junit.jupiter.api.Test;

/** Sums and averages of histograms, with Prometheus 3's switch to the incremental mean on overflow. */
class HistogramSumTest {

    private static FloatHistogram h(double count, double sum) {
        return new FloatHistogram(0, 0, 0, count, sum, new int[0], new double[0], new int[0], new double[0], null,
                FloatHistogram.Hint.GAUGE);
    }

    private static HistogramSum of(boolean averaging, double[] counts, double[] sums) {
        HistogramSum acc = new HistogramSum(averaging);
        for (int i = 0; i < counts.length; i++) {
            acc.add(h(counts[i], sums[i]));
        }
        return acc;
    }

    @Test
    void theMeanDividesTheCompensatedSumWhileNothingOverflows() {
        // 1e100 cancels exactly only with compensation; 6.3 / 7 by division, not by multiplying with 1/7
        HistogramSum acc = of(true, new double[] {1, 1, 1, 1, 1, 1, 1}, new double[] {5.3, 1e100, -1e100, 1, 1e100, -1e100, 0});
        assertEquals(6.3, acc.result().sum, 1e-15);
        assertEquals(0.9, acc.mean().sum);
        assertEquals(1, acc.mean().count);
    }

    @Test
    void anOverflowingSumSwitchesTheAverageToTheIncrementalMean() {
        double[] counts = {Double.MAX_VALUE, 1e308, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6};
        double[] sums = {5.3, 1e100, -1e100, 1, 1e100, -1e100, 0};
        FloatHistogram mean = of(true, counts, sums).mean();
        assertEquals((Double.MAX_VALUE / 7 + 1e308 / 7), mean.count, 1e293);
        assertEquals(0.9, mean.sum);
        // a plain sum keeps summing: the count overflows, the sum stays compensated
        FloatHistogram sum = of(false, counts, sums).result();
        assertEquals(Double.POSITIVE_INFINITY, sum.count);
        assertEquals(6.3, sum.sum, 1e-15);
    }
}

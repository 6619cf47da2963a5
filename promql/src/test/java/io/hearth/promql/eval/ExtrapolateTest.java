package io.hearth.promql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatRangeSteps#extrapolate} skips the zero-point division of Prometheus' formula where it
 * cannot change the result, and must give that formula's results bit for bit: checked against the
 * formula written out with all its divisions, over seeded random windows that put the first and
 * last sample's distance to the window's ends on either side of, and exactly at, the 1.1 average
 * intervals where the extrapolation switches, with counter values around the result.
 * {@code -Dhearth.test.seed=N} repeats a run.
 */
class ExtrapolateTest {

    @Test
    void extrapolationEqualsTheFormulaWithAllItsDivisions() {
        long seed = Long.getLong("hearth.test.seed", System.nanoTime());
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] t = new long[400];
        double[] v = new double[400];
        for (int round = 0; round < 200_000; round++) {
            int n = 2 + rnd.nextInt(rnd.nextBoolean() ? 5 : 300);
            long interval = 1 + rnd.nextLong(rnd.nextBoolean() ? 100 : 120_000);
            long ts = rnd.nextLong(1_000_000_000);
            double x = rnd.nextInt(4) == 0 ? -rnd.nextDouble(10) : rnd.nextDouble(1e6);
            for (int i = 0; i < n; i++) {
                t[i] = ts;
                v[i] = x;
                ts += Math.max(1, interval + (rnd.nextBoolean() ? rnd.nextLong(-interval / 10 - 1, interval / 10 + 1) : 0));
                x += rnd.nextInt(6) == 0 ? -x * rnd.nextDouble() : rnd.nextDouble(1000);
            }
            long sampledMs = t[n - 1] - t[0];
            long threshold = Math.round(sampledMs / (double) (n - 1) * 1.1);
            long toStart = nearOrAt(rnd, threshold);
            long toEnd = nearOrAt(rnd, threshold);
            long start = t[0] - Math.max(1, toStart);
            long end = t[n - 1] + Math.max(0, toEnd);
            double result = rnd.nextInt(5) == 0 ? rnd.nextDouble(-5, 5) : v[n - 1] - v[0];
            boolean counter = rnd.nextBoolean();
            boolean rate = rnd.nextBoolean();
            double rangeSeconds = (end - start) / 1000.0;
            double expected = reference(t, v, 0, n, start, end, result, counter, rate, rangeSeconds);
            double actual = FloatRangeSteps.extrapolate(t, v, 0, n, start, end, result, counter, rate, rangeSeconds);
            if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual)) {
                assertEquals(expected, actual, "seed " + seed + " round " + round + " start " + start + " end " + end
                        + " samples " + n + " first " + t[0] + " last " + t[n - 1]);
            }
        }
    }

    /** A duration at the threshold, a millisecond or a few either side of it, or anywhere up to three times it. */
    private static long nearOrAt(SplittableRandom rnd, long threshold) {
        return switch (rnd.nextInt(4)) {
            case 0 -> threshold;
            case 1 -> threshold + rnd.nextLong(-3, 4);
            default -> rnd.nextLong(3 * threshold + 2);
        };
    }

    /** Prometheus' extrapolation as written there, every division in place (also FloatRangeStepsTest's model). */
    static double reference(long[] t, double[] v, int lo, int hi, long start, long end, double result,
            boolean counter, boolean rate, double rangeSeconds) {
        double durationToStart = (t[lo] - start) / 1000.0;
        double durationToEnd = (end - t[hi - 1]) / 1000.0;
        double sampled = (t[hi - 1] - t[lo]) / 1000.0;
        double avgDur = sampled / (hi - lo - 1);
        double threshold = avgDur * 1.1;
        if (durationToStart >= threshold) {
            durationToStart = avgDur / 2;
        }
        if (counter && result > 0 && v[lo] >= 0) {
            double toZero = sampled * (v[lo] / result);
            if (toZero < durationToStart) {
                durationToStart = toZero;
            }
        }
        double extrapolateTo = sampled + durationToStart;
        extrapolateTo += durationToEnd >= threshold ? avgDur / 2 : durationToEnd;
        double factor = extrapolateTo / sampled;
        if (rate) {
            factor /= rangeSeconds;
        }
        return result * factor;
    }
}

package io.hearth.promql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.promql.storage.Labels;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FloatRangeSteps} against a dumb model: each step's window searched afresh, its counter
 * corrections and changes scanned sample by sample, and Prometheus' extrapolation written out in
 * full, the extremes scanned from each window's first sample (and their newest holder scanned
 * back from its last), over seeded random series (irregular
 * spacing, gaps, counter resets, repeated values, NaNs, negative values, values near zero, -0 and +0) and random ranges and steps. Values must agree bit for bit,
 * and so must the steps that have one. {@code -Dhearth.test.seed=N} repeats a run.
 */
class FloatRangeStepsTest {

    @ParameterizedTest
    @ValueSource(strings = {"rate", "increase", "delta", "changes", "resets", "max_over_time", "min_over_time",
        "ts_of_max_over_time", "ts_of_min_over_time"})
    void everyStepEqualsTheWindowSearchedAfresh(String name) {
        long seed = Long.getLong("hearth.test.seed", System.nanoTime());
        SplittableRandom rnd = new SplittableRandom(seed);
        FloatRangeSteps stepped = new FloatRangeSteps();
        for (int round = 0; round < 300; round++) {
            int n = rnd.nextInt(200);
            long[] t = new long[n];
            double[] v = new double[n];
            long ts = rnd.nextLong(100_000);
            double x = rnd.nextInt(4) == 0 ? -rnd.nextDouble(10) : rnd.nextDouble(1e6);
            for (int i = 0; i < n; i++) {
                ts += 1 + (rnd.nextInt(10) == 0 ? rnd.nextLong(600_000) : rnd.nextLong(30_000));
                t[i] = ts;
                switch (rnd.nextInt(14)) {
                    case 12 -> x = -0.0;
                    case 13 -> x = 0.0;
                    case 0 -> x = rnd.nextDouble(5); // a reset towards zero
                    case 1 -> x = Double.NaN;
                    case 2 -> {
                        // unchanged
                    }
                    case 3 -> x = x * 1e-9;
                    default -> x = Double.isNaN(x) ? rnd.nextDouble(100) : x + rnd.nextInt(1000) / 8.0;
                }
                v[i] = x;
            }
            long range = 1 + rnd.nextLong(rnd.nextBoolean() ? 120_000 : 900_000);
            long step = 1 + rnd.nextLong(60_000);
            int steps = 1 + rnd.nextInt(300);
            long[] refs = new long[steps];
            refs[0] = rnd.nextLong(200_000);
            for (int k = 1; k < steps; k++) {
                refs[k] = refs[k - 1] + (rnd.nextInt(20) == 0 ? 0 : step);
            }
            SeriesData o = new SeriesData(Labels.of("__name__", "x"), steps);
            boolean any = stepped.run(name, t, v, n, refs, range, o);
            boolean anyExpected = false;
            for (int k = 0; k < steps; k++) {
                long end = refs[k];
                long start = end - range;
                int lo = 0;
                while (lo < n && t[lo] <= start) {
                    lo++;
                }
                int hi = lo;
                while (hi < n && t[hi] <= end) {
                    hi++;
                }
                Double want = model(name, t, v, lo, hi, start, end);
                String where = name + " seed " + seed + " round " + round + " step " + k;
                assertEquals(want != null, o.has[k], where);
                if (want != null) {
                    anyExpected = true;
                    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(o.f[k]),
                            where + ": " + want + " != " + o.f[k]);
                }
            }
            assertEquals(anyExpected, any, name + " seed " + seed + " round " + round);
        }
    }

    /** The value of the window [lo, hi) of (start, end], or null for none. */
    private static Double model(String name, long[] t, double[] v, int lo, int hi, long start, long end) {
        if (name.endsWith("_over_time")) {
            if (hi == lo) {
                return null;
            }
            boolean max = name.contains("max");
            double best = v[lo];
            for (int i = lo + 1; i < hi; i++) {
                double x = v[i];
                if ((max ? x > best : x < best) || (Double.isNaN(best) && !Double.isNaN(x))) {
                    best = x;
                }
            }
            if (name.startsWith("ts_of_")) {
                for (int i = hi - 1; i >= lo; i--) {
                    if (v[i] == best || (Double.isNaN(best) && Double.isNaN(v[i]))) {
                        return t[i] / 1000.0;
                    }
                }
                throw new AssertionError("no sample holds the extreme");
            }
            return best;
        }
        if (name.equals("changes") || name.equals("resets")) {
            if (hi == lo) {
                return null;
            }
            int count = 0;
            for (int i = lo + 1; i < hi; i++) {
                boolean changed = v[i] != v[i - 1] && !(Double.isNaN(v[i]) && Double.isNaN(v[i - 1]));
                if (name.equals("changes") ? changed : v[i] < v[i - 1]) {
                    count++;
                }
            }
            return (double) count;
        }
        if (hi - lo < 2) {
            return null;
        }
        boolean counter = !name.equals("delta");
        double result = v[hi - 1] - v[lo];
        if (counter) {
            for (int i = lo + 1; i < hi; i++) {
                if (v[i] < v[i - 1]) {
                    result += v[i - 1];
                }
            }
        }
        return ExtrapolateTest.reference(t, v, lo, hi, start, end, result, counter, name.equals("rate"),
                (end - start) / 1000.0);
    }
}

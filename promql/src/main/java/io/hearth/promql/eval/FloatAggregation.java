package io.hearth.promql.eval;

import io.hearth.promql.ast.AggregateOp;
import java.util.List;

/**
 * {@code sum avg min max count group stddev stdvar} over inputs that hold floats only, series by
 * series rather than step by step: each input's dense arrays are read once, front to back, instead
 * of touching every series at every step (which missed the cache on each access for thousands of
 * series). Every (group, step) still takes its inputs in series order with the same arithmetic as
 * {@link Aggregations}, so results are bit for bit the same. Steps are processed in tiles so that
 * the per-(group, step) state stays bounded when there are many groups.
 */
final class FloatAggregation {

    /** Per-(group, step) state slots in one tile: a few MB at most. */
    private static final int TILE_CELLS = 1 << 17;

    private FloatAggregation() {
    }

    /** Whether {@link #run} can take this aggregation: a plain float operator and no histogram anywhere. */
    static boolean applies(AggregateOp op, List<SeriesData> in) {
        switch (op) {
            case SUM, AVG, MIN, MAX, COUNT, GROUP, STDDEV, STDVAR -> {
            }
            default -> {
                return false;
            }
        }
        for (SeriesData sd : in) {
            if (sd.h != null) {
                return false;
            }
        }
        return true;
    }

    /** Aggregates {@code in} (series i into group {@code groupOf[i]}) into {@code out}, one series per group. */
    static void run(AggregateOp op, List<SeriesData> in, int[] groupOf, List<SeriesData> out, int steps) {
        int ng = out.size();
        int tile = (int) Math.max(1, Math.min(steps, TILE_CELLS / Math.max(1, ng)));
        int cells = ng * tile;
        double[] sum = new double[cells];
        double[] comp = new double[cells];
        double[] mean = new double[cells];
        long[] cnt = new long[cells];
        boolean[] incr = new boolean[cells];
        SeriesData[] series = in.toArray(new SeriesData[0]);
        for (int k0 = 0; k0 < steps; k0 += tile) {
            int width = Math.min(tile, steps - k0);
            java.util.Arrays.fill(sum, 0);
            java.util.Arrays.fill(comp, 0);
            java.util.Arrays.fill(mean, 0);
            java.util.Arrays.fill(cnt, 0);
            java.util.Arrays.fill(incr, false);
            for (int i = 0; i < series.length; i++) {
                boolean[] has = series[i].has;
                double[] f = series[i].f;
                int base = groupOf[i] * tile - k0;
                int kEnd = k0 + width;
                // the common operators get their own loops, without the switch at every sample
                switch (op) {
                    case SUM -> {
                        for (int k = k0; k < kEnd; k++) {
                            if (has[k]) {
                                cnt[base + k]++;
                                kahanAdd(sum, comp, base + k, f[k]);
                            }
                        }
                    }
                    case MAX -> {
                        for (int k = k0; k < kEnd; k++) {
                            if (has[k]) {
                                int x = base + k;
                                double v = f[k];
                                if (++cnt[x] == 1 || v > sum[x] || Double.isNaN(sum[x])) {
                                    sum[x] = v;
                                }
                            }
                        }
                    }
                    case MIN -> {
                        for (int k = k0; k < kEnd; k++) {
                            if (has[k]) {
                                int x = base + k;
                                double v = f[k];
                                if (++cnt[x] == 1 || v < sum[x] || Double.isNaN(sum[x])) {
                                    sum[x] = v;
                                }
                            }
                        }
                    }
                    default -> {
                        for (int k = k0; k < kEnd; k++) {
                            if (has[k]) {
                                add(op, base + k, f[k], sum, comp, mean, cnt, incr);
                            }
                        }
                    }
                }
            }
            for (int g = 0; g < ng; g++) {
                SeriesData o = out.get(g);
                for (int j = 0; j < width; j++) {
                    int x = g * tile + j;
                    if (cnt[x] > 0) {
                        o.set(k0 + j, result(op, x, sum, comp, mean, cnt, incr));
                    }
                }
            }
        }
    }

    static void add(AggregateOp op, int x, double f, double[] sum, double[] comp, double[] mean, long[] cnt,
            boolean[] incr) {
        long n = ++cnt[x];
        switch (op) {
            case SUM -> kahanAdd(sum, comp, x, f);
            case AVG -> {
                if (!incr[x]) {
                    double ns = sum[x] + f;
                    if (Double.isInfinite(ns) && !Double.isInfinite(f) && !Double.isInfinite(sum[x])) {
                        incr[x] = true;
                        mean[x] = sum[x] / (n - 1);
                        comp[x] = comp[x] / (n - 1);
                    } else {
                        kahanAdd(sum, comp, x, f);
                        return;
                    }
                }
                if (Double.isInfinite(mean[x])) {
                    if (Double.isInfinite(f) && (mean[x] > 0) != (f > 0)) {
                        mean[x] = Double.NaN;
                    }
                    return;
                }
                double q = (double) (n - 1) / n;
                mean[x] = q * mean[x] + f / n;
                comp[x] = q * comp[x];
            }
            case MIN -> {
                if (n == 1 || f < sum[x] || Double.isNaN(sum[x])) {
                    sum[x] = f;
                }
            }
            case MAX -> {
                if (n == 1 || f > sum[x] || Double.isNaN(sum[x])) {
                    sum[x] = f;
                }
            }
            case STDDEV, STDVAR -> {
                double delta = f - mean[x];
                mean[x] += delta / n;
                sum[x] += delta * (f - mean[x]);
            }
            default -> {
            }
        }
    }

    static double result(AggregateOp op, int x, double[] sum, double[] comp, double[] mean, long[] cnt,
            boolean[] incr) {
        return switch (op) {
            case SUM -> sum[x] + comp[x];
            case AVG -> incr[x] ? mean[x] + comp[x] : cnt[x] == 1 ? sum[x] : (sum[x] + comp[x]) / cnt[x];
            case MIN, MAX -> sum[x];
            case COUNT -> cnt[x];
            case GROUP -> 1;
            case STDDEV -> Math.sqrt(sum[x] / cnt[x]);
            case STDVAR -> sum[x] / cnt[x];
            default -> throw new IllegalStateException("not a float aggregation: " + op);
        };
    }

    /** The same compensated addition as {@link Aggregations}. */
    static void kahanAdd(double[] sum, double[] comp, int x, double f) {
        double s = sum[x];
        double t = s + f;
        if (Double.isInfinite(t)) {
            comp[x] = 0;
        } else if (Math.abs(s) >= Math.abs(f)) {
            comp[x] += (s - t) + f;
        } else {
            comp[x] += (f - t) + s;
        }
        sum[x] = t;
    }
}

package io.hearth.promql.eval;

import io.hearth.promql.storage.FloatHistogram;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Kahan-compensated running sum of native histograms (count, sum, zero count and every bucket
 * compensated apart). For an average it follows Prometheus 3: the mean is the compensated sum
 * divided by the count, unless adding a histogram would overflow a field; from then on every
 * field holds the compensated incremental mean ({@code mean * (n-1)/n + h/n}), which cannot
 * overflow where the sum did.
 */
final class HistogramSum {
    private int schema = Integer.MAX_VALUE;
    private boolean custom;
    private double[] customValues;
    private double zeroThreshold;
    private final double[] scalars = new double[6]; // count, cCount, sum, cSum, zero, cZero
    private TreeMap<Integer, double[]> pos = new TreeMap<>();
    private TreeMap<Integer, double[]> neg = new TreeMap<>();
    private FloatHistogram.Hint hint;
    /** Whether this accumulates for an average and may switch to the incremental mean. */
    private final boolean averaging;
    /** Whether the fields hold the running mean rather than the running sum. */
    private boolean incremental;
    private int n;

    /**
     * @param averaging whether {@link #mean()} will be asked for: only then does an overflowing
     *     sum switch to the incremental mean ({@link #result()} is then that mean)
     */
    HistogramSum(boolean averaging) {
        this.averaging = averaging;
    }

    /** Divides the running values and their compensations by d. */
    private void divideAll(double d) {
        for (int i = 0; i < scalars.length; i++) {
            scalars[i] /= d;
        }
        for (double[] a : pos.values()) {
            a[0] /= d;
            a[1] /= d;
        }
        for (double[] a : neg.values()) {
            a[0] /= d;
            a[1] /= d;
        }
    }

    /** Multiplies the running values and their compensations by q. */
    private void scaleAll(double q) {
        for (int i = 0; i < scalars.length; i++) {
            scalars[i] *= q;
        }
        for (double[] a : pos.values()) {
            a[0] *= q;
            a[1] *= q;
        }
        for (double[] a : neg.values()) {
            a[0] *= q;
            a[1] *= q;
        }
    }

    /** Adds h; throws IllegalArgumentException for exponential and custom buckets mixed. */
    private boolean sawReset;
    private boolean sawNotReset;

    /** Whether both reset and not_reset hints were summed. */
    boolean conflictingResets() {
        return sawReset && sawNotReset;
    }

    void add(FloatHistogram h) {
        sawReset |= h.hint == FloatHistogram.Hint.RESET;
        sawNotReset |= h.hint == FloatHistogram.Hint.NOT_RESET;
        n++;
        if (n == 1) {
            custom = h.isCustom();
            customValues = h.customValues;
            hint = h.hint;
            zeroThreshold = h.zeroThreshold;
        } else if (custom != h.isCustom()) {
            n--;
            throw new IllegalArgumentException("mixed exponential and custom buckets");
        } else if (custom && !java.util.Arrays.equals(customValues, h.customValues)) {
            // reconcile through the plain addition, losing compensation
            FloatHistogram cur = incremental ? result().scale((double) (n - 1) / n).add(h.divide(n), 1)
                    : result().add(h, 1);
            reset(cur);
            return;
        } else {
            hint = combine(hint, h.hint);
        }
        if (!custom && h.schema < schema && n > 1) {
            pos = reduce(pos, schema, h.schema);
            neg = reduce(neg, schema, h.schema);
        }
        if (n == 1 || (!custom && h.schema < schema)) {
            schema = h.schema;
        }
        FloatHistogram r = custom ? h : h.toSchema(schema);
        if (r.zeroThreshold > zeroThreshold) {
            zeroThreshold = r.zeroThreshold;
        }
        if (averaging && !incremental && n > 1 && overflows(r)) {
            incremental = true;
            divideAll(n - 1);
        }
        if (incremental) {
            scaleAll((double) (n - 1) / n);
            r = r.divide(n);
        }
        kahan(scalars, 0, r.count);
        kahan(scalars, 2, r.sum);
        kahan(scalars, 4, r.zeroCount);
        for (int i = 0; i < r.posIndex.length; i++) {
            kahan(pos.computeIfAbsent(r.posIndex[i], k -> new double[2]), 0, r.posCount[i]);
        }
        for (int i = 0; i < r.negIndex.length; i++) {
            kahan(neg.computeIfAbsent(r.negIndex[i], k -> new double[2]), 0, r.negCount[i]);
        }
    }

    /** Whether adding r (already in this sum's schema) would make any field infinite. */
    private boolean overflows(FloatHistogram r) {
        if (Double.isInfinite(scalars[0] + r.count) || Double.isInfinite(scalars[2] + r.sum)
                || Double.isInfinite(scalars[4] + r.zeroCount)) {
            return true;
        }
        for (int i = 0; i < r.posIndex.length; i++) {
            double[] a = pos.get(r.posIndex[i]);
            if (Double.isInfinite((a == null ? 0 : a[0]) + r.posCount[i])) {
                return true;
            }
        }
        for (int i = 0; i < r.negIndex.length; i++) {
            double[] a = neg.get(r.negIndex[i]);
            if (Double.isInfinite((a == null ? 0 : a[0]) + r.negCount[i])) {
                return true;
            }
        }
        return false;
    }

    private void reset(FloatHistogram h) {
        schema = h.schema;
        customValues = h.customValues;
        zeroThreshold = h.zeroThreshold;
        java.util.Arrays.fill(scalars, 0);
        scalars[0] = h.count;
        scalars[2] = h.sum;
        scalars[4] = h.zeroCount;
        pos = new TreeMap<>();
        neg = new TreeMap<>();
        for (int i = 0; i < h.posIndex.length; i++) {
            pos.put(h.posIndex[i], new double[] {h.posCount[i], 0});
        }
        for (int i = 0; i < h.negIndex.length; i++) {
            neg.put(h.negIndex[i], new double[] {h.negCount[i], 0});
        }
        hint = h.hint;
    }

    private static TreeMap<Integer, double[]> reduce(TreeMap<Integer, double[]> m, int from, int to) {
        TreeMap<Integer, double[]> out = new TreeMap<>();
        for (Map.Entry<Integer, double[]> e : m.entrySet()) {
            int idx = Math.floorDiv(e.getKey() - 1, 1 << (from - to)) + 1;
            double[] acc = out.computeIfAbsent(idx, k -> new double[2]);
            kahan(acc, 0, e.getValue()[0] + e.getValue()[1]);
        }
        return out;
    }

    private static void kahan(double[] a, int off, double inc) {
        double s = a[off];
        double t = s + inc;
        a[off + 1] = Functions.kahanComp(s, inc, t, a[off + 1]);
        a[off] = t;
    }

    private static double value(double[] a, int off) {
        return Double.isInfinite(a[off]) ? a[off] : a[off] + a[off + 1];
    }

    private static FloatHistogram.Hint combine(FloatHistogram.Hint a, FloatHistogram.Hint b) {
        if (a == b) {
            return a;
        }
        if (a == FloatHistogram.Hint.GAUGE || b == FloatHistogram.Hint.GAUGE) {
            return FloatHistogram.Hint.GAUGE;
        }
        return FloatHistogram.Hint.UNKNOWN;
    }

    int size() {
        return n;
    }

    FloatHistogram result() {
        int[] pi = pos.keySet().stream().mapToInt(Integer::intValue).toArray();
        double[] pc = pos.values().stream().mapToDouble(a -> value(a, 0)).toArray();
        int[] ni = neg.keySet().stream().mapToInt(Integer::intValue).toArray();
        double[] nc = neg.values().stream().mapToDouble(a -> value(a, 0)).toArray();
        return new FloatHistogram(custom ? FloatHistogram.CUSTOM_BUCKETS : schema, zeroThreshold, value(scalars, 4),
                value(scalars, 0), value(scalars, 2), pi, pc, ni, nc, customValues, hint);
    }

    /**
     * The mean: the incremental mean once the sum overflowed, else the sum and its compensation
     * each divided by the count.
     */
    FloatHistogram mean() {
        if (incremental || n == 1) {
            return result();
        }
        int[] pi = pos.keySet().stream().mapToInt(Integer::intValue).toArray();
        double[] pc = pos.values().stream().mapToDouble(a -> meanOf(a, 0)).toArray();
        int[] ni = neg.keySet().stream().mapToInt(Integer::intValue).toArray();
        double[] nc = neg.values().stream().mapToDouble(a -> meanOf(a, 0)).toArray();
        return new FloatHistogram(custom ? FloatHistogram.CUSTOM_BUCKETS : schema, zeroThreshold, meanOf(scalars, 4),
                meanOf(scalars, 0), meanOf(scalars, 2), pi, pc, ni, nc, customValues, hint);
    }

    private double meanOf(double[] a, int off) {
        return Double.isInfinite(a[off]) ? a[off] / n : a[off] / n + a[off + 1] / n;
    }
}

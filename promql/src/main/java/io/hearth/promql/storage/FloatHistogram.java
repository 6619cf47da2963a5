package io.hearth.promql.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A native histogram with float counts, immutable. Buckets are sparse: sorted bucket indexes with
 * their (non-cumulative) counts, positive and negative side apart. Schema {@link #CUSTOM_BUCKETS}
 * uses {@link #customValues} as upper bounds (positive index i has bound customValues[i], index
 * customValues.length is the +Inf bucket).
 */
public final class FloatHistogram {
    public static final int CUSTOM_BUCKETS = -53;

    /** The counter-reset hint. */
    public enum Hint {
        UNKNOWN,
        RESET,
        NOT_RESET,
        GAUGE
    }

    public final int schema;
    public final double zeroThreshold;
    public final double zeroCount;
    public final double count;
    public final double sum;
    public final int[] posIndex;
    public final double[] posCount;
    public final int[] negIndex;
    public final double[] negCount;
    public final double[] customValues;
    public final Hint hint;

    public FloatHistogram(int schema, double zeroThreshold, double zeroCount, double count, double sum,
            int[] posIndex, double[] posCount, int[] negIndex, double[] negCount, double[] customValues, Hint hint) {
        this.schema = schema;
        this.zeroThreshold = zeroThreshold;
        this.zeroCount = zeroCount;
        this.count = count;
        this.sum = sum;
        this.posIndex = posIndex;
        this.posCount = posCount;
        this.negIndex = negIndex;
        this.negCount = negCount;
        this.customValues = customValues == null ? new double[0] : customValues;
        this.hint = hint;
    }

    public boolean isCustom() {
        return schema == CUSTOM_BUCKETS;
    }

    public FloatHistogram withHint(Hint h) {
        return new FloatHistogram(schema, zeroThreshold, zeroCount, count, sum, posIndex, posCount, negIndex, negCount,
                customValues, h);
    }

    static TreeMap<Integer, Double> map(int[] idx, double[] c) {
        TreeMap<Integer, Double> m = new TreeMap<>();
        for (int i = 0; i < idx.length; i++) {
            m.merge(idx[i], c[i], Double::sum);
        }
        return m;
    }

    static int[] keys(TreeMap<Integer, Double> m) {
        return m.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    static double[] vals(TreeMap<Integer, Double> m) {
        return m.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Index of the bucket of schema {@code to} that contains bucket {@code i} of the finer schema {@code from}. */
    static int reduce(int i, int from, int to) {
        int shift = from - to;
        return Math.floorDiv(i - 1, 1 << shift) + 1;
    }

    private static TreeMap<Integer, Double> reduced(int[] idx, double[] c, int from, int to) {
        TreeMap<Integer, Double> m = new TreeMap<>();
        for (int i = 0; i < idx.length; i++) {
            m.merge(from == to ? idx[i] : reduce(idx[i], from, to), c[i], Double::sum);
        }
        return m;
    }

    /** This histogram with buckets of the (coarser or equal) schema {@code to}. */
    public FloatHistogram toSchema(int to) {
        if (to == schema || isCustom()) {
            return this;
        }
        TreeMap<Integer, Double> p = reduced(posIndex, posCount, schema, to);
        TreeMap<Integer, Double> n = reduced(negIndex, negCount, schema, to);
        return new FloatHistogram(to, zeroThreshold, zeroCount, count, sum, keys(p), vals(p), keys(n), vals(n),
                customValues, hint);
    }

    /**
     * {@code this + sign * o} with the smaller schema of both and the wider zero bucket.
     *
     * @throws IllegalArgumentException for custom buckets combined with exponential ones
     */
    public FloatHistogram add(FloatHistogram o, double sign) {
        if (isCustom() != o.isCustom()) {
            throw new IllegalArgumentException("mixed exponential and custom buckets");
        }
        int s = Math.min(schema, o.schema);
        FloatHistogram a = toSchema(s);
        FloatHistogram b = o.toSchema(s);
        double zt = Math.max(a.zeroThreshold, b.zeroThreshold);
        double zc = a.zeroCount + sign * b.zeroCount;
        TreeMap<Integer, Double> p = map(a.posIndex, a.posCount);
        TreeMap<Integer, Double> n = map(a.negIndex, a.negCount);
        for (int i = 0; i < b.posIndex.length; i++) {
            p.merge(b.posIndex[i], sign * b.posCount[i], Double::sum);
        }
        for (int i = 0; i < b.negIndex.length; i++) {
            n.merge(b.negIndex[i], sign * b.negCount[i], Double::sum);
        }
        double[] cv = a.customValues;
        if (a.isCustom() && !Arrays.equals(a.customValues, b.customValues)) {
            cv = Arrays.stream(a.customValues).filter(x -> Arrays.stream(b.customValues).anyMatch(y -> y == x)).toArray();
            TreeMap<Integer, Double> ra = remap(a, cv);
            TreeMap<Integer, Double> rb = remap(b, cv);
            rb.forEach((k, v) -> ra.merge(k, sign * v, Double::sum));
            return new FloatHistogram(s, 0, 0, a.count + sign * b.count, a.sum + sign * b.sum, keys(ra), vals(ra),
                    new int[0], new double[0], cv, combine(hint, o.hint));
        }
        if (!a.isCustom() && zt > 0) {
            zc += foldIntoZero(p, s, zt) + foldIntoZero(n, s, zt);
        }
        Hint h = combine(hint, o.hint);
        return new FloatHistogram(s, zt, zc, a.count + sign * b.count, a.sum + sign * b.sum, keys(p), vals(p), keys(n),
                vals(n), cv, h);
    }

    /** Whether both are custom-bucket histograms with different bounds (added, they reconcile to the common bounds). */
    public static boolean customMismatch(FloatHistogram a, FloatHistogram b) {
        return a.isCustom() && b.isCustom() && !Arrays.equals(a.customValues, b.customValues);
    }

    /** Custom buckets of h re-indexed to the coarser bounds cv (each bucket goes to the first bound at or above it). */
    private static TreeMap<Integer, Double> remap(FloatHistogram h, double[] cv) {
        TreeMap<Integer, Double> m = new TreeMap<>();
        for (int i = 0; i < h.posIndex.length; i++) {
            int idx = h.posIndex[i];
            double ub = idx < h.customValues.length ? h.customValues[idx] : Double.POSITIVE_INFINITY;
            int j = 0;
            while (j < cv.length && cv[j] < ub) {
                j++;
            }
            m.merge(j, h.posCount[i], Double::sum);
        }
        return m;
    }

    private static double foldIntoZero(TreeMap<Integer, Double> m, int schema, double zt) {
        double moved = 0;
        var it = m.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, Double> e = it.next();
            if (upperBound(e.getKey(), schema) <= zt) {
                moved += e.getValue();
                it.remove();
            }
        }
        return moved;
    }

    /**
     * Whether {@code cur} following {@code prev} is a counter reset: an explicit reset hint, or
     * (with an unknown hint) a lower count, zero count or bucket, a finer schema or a narrower zero
     * bucket. Changed custom bounds are reconciled rather than treated as a reset.
     */
    public static boolean detectReset(FloatHistogram prev, FloatHistogram cur) {
        switch (cur.hint) {
            case RESET -> {
                return true;
            }
            case NOT_RESET, GAUGE -> {
                return false;
            }
            default -> {}
        }
        if (cur.count < prev.count) {
            return true;
        }
        if (cur.isCustom() != prev.isCustom()) {
            return true;
        }
        if (cur.isCustom() && !Arrays.equals(cur.customValues, prev.customValues)) {
            // compare on the common bounds
            double[] cv = Arrays.stream(cur.customValues).filter(x -> Arrays.stream(prev.customValues).anyMatch(y -> y == x)).toArray();
            TreeMap<Integer, Double> p = remap(prev, cv);
            TreeMap<Integer, Double> c = remap(cur, cv);
            for (var e : p.entrySet()) {
                if (e.getValue() > c.getOrDefault(e.getKey(), 0.0)) {
                    return true;
                }
            }
            return false;
        }
        if (cur.schema > prev.schema || cur.zeroThreshold < prev.zeroThreshold) {
            return true;
        }
        if (cur.zeroCount < prev.zeroCount && cur.zeroThreshold == prev.zeroThreshold) {
            return true;
        }
        FloatHistogram p = prev.toSchema(cur.schema);
        return decreased(p.posIndex, p.posCount, cur.posIndex, cur.posCount)
                || decreased(p.negIndex, p.negCount, cur.negIndex, cur.negCount);
    }

    private static boolean decreased(int[] pi, double[] pc, int[] ci, double[] cc) {
        TreeMap<Integer, Double> c = map(ci, cc);
        for (int i = 0; i < pi.length; i++) {
            if (pc[i] > c.getOrDefault(pi[i], 0.0)) {
                return true;
            }
        }
        return false;
    }

    /** Upper bound of positive exponential bucket {@code i}: base^i with base = 2^(2^-schema). */
    public static double upperBound(int i, int schema) {
        return Math.pow(2, i * Math.pow(2, -schema));
    }

    static Hint combine(Hint a, Hint b) {
        if (a == b) {
            return a;
        }
        if (a == Hint.GAUGE || b == Hint.GAUGE) {
            return Hint.GAUGE;
        }
        return Hint.UNKNOWN;
    }

    /**
     * Every count and the sum multiplied by a non-finite {@code f} (division by zero): the buckets
     * are dropped, count, sum and zero count keep the product.
     */
    public FloatHistogram scaleNonFinite(double f) {
        return new FloatHistogram(schema, zeroThreshold, zeroCount * f, count * f, sum * f, new int[0], new double[0],
                new int[0], new double[0], customValues, hint);
    }

    /** Every count and the sum multiplied by {@code f}. */
    public FloatHistogram scale(double f) {
        double[] p = posCount.clone();
        double[] n = negCount.clone();
        for (int i = 0; i < p.length; i++) {
            p[i] *= f;
        }
        for (int i = 0; i < n.length; i++) {
            n[i] *= f;
        }
        return new FloatHistogram(schema, zeroThreshold, zeroCount * f, count * f, sum * f, posIndex, p, negIndex, n,
                customValues, hint);
    }

    /**
     * Every count and the sum divided by {@code d}: a true division, whose rounding differs from
     * multiplying by {@code 1 / d} (an average must divide, as Prometheus does).
     */
    public FloatHistogram divide(double d) {
        double[] p = posCount.clone();
        double[] n = negCount.clone();
        for (int i = 0; i < p.length; i++) {
            p[i] /= d;
        }
        for (int i = 0; i < n.length; i++) {
            n[i] /= d;
        }
        return new FloatHistogram(schema, zeroThreshold, zeroCount / d, count / d, sum / d, posIndex, p, negIndex, n,
                customValues, hint);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{{");
        sb.append("schema:").append(schema);
        if (isCustom()) {
            sb.append(" custom_values:").append(Arrays.toString(customValues));
        }
        sb.append(" count:").append(count).append(" sum:").append(sum);
        if (zeroCount != 0 || zeroThreshold != 0) {
            sb.append(" z_bucket:").append(zeroCount).append(" z_bucket_w:").append(zeroThreshold);
        }
        if (posIndex.length > 0) {
            sb.append(" buckets:").append(map(posIndex, posCount));
        }
        if (negIndex.length > 0) {
            sb.append(" n_buckets:").append(map(negIndex, negCount));
        }
        if (hint != Hint.UNKNOWN) {
            sb.append(" counter_reset_hint:").append(hint.name().toLowerCase(java.util.Locale.ROOT));
        }
        return sb.append("}}").toString();
    }
}

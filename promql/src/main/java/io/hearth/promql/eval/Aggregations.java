package io.hearth.promql.eval;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AggregateOp;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.promql.eval.Evaluator.Ctx;
import io.hearth.promql.eval.Evaluator.Sca;
import io.hearth.promql.eval.Evaluator.Str;
import io.hearth.promql.eval.Evaluator.V;
import io.hearth.promql.eval.Evaluator.Vec;
import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Aggregation operators. Group keys are computed once per input series, then each step is one pass. */
final class Aggregations {
    private Aggregations() {}

    static V aggregate(Evaluator ev, AggregateExpr a, Ctx c) {
        int steps = c.steps();
        double[] param = null;
        String strParam = null;
        if (a.param() != null) {
            V p = ev.eval(a.param(), c);
            if (p instanceof Sca s) {
                param = s.v();
            } else {
                strParam = ((Str) p).s();
            }
        }
        FusedRangeAggregation.Outcome fused = FusedRangeAggregation.run(ev, a, c);
        if (fused != null && fused.out() != null) {
            return new Vec(fused.out());
        }
        List<SeriesData> in = fused != null ? fused.input() : ((Vec) ev.eval(a.expr(), c)).s();
        if (!(Evaluator.unwrap(a.expr()) instanceof VectorSelector)) { // selectors never repeat
            Functions.checkNameDropDuplicates(ev, in);
        }
        AggregateOp op = a.op();
        // group key per series
        int n = in.size();
        int[] groupOf = new int[n];
        LinkedHashMap<Labels, Integer> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Labels key = groupKey(in.get(i).labels, a);
            Integer g = groups.get(key);
            if (g == null) {
                g = groups.size();
                groups.put(key, g);
            }
            groupOf[i] = g;
        }
        List<Labels> groupLabels = new ArrayList<>(groups.keySet());
        int ng = groupLabels.size();
        switch (op) {
            case TOPK, BOTTOMK, LIMITK, LIMIT_RATIO -> {
                return new Vec(selectK(ev, a, in, groupOf, ng, param, steps));
            }
            case COUNT_VALUES -> {
                return new Vec(countValues(ev, a, strParam, in, groupOf, groupLabels, steps));
            }
            default -> {}
        }
        if (op == AggregateOp.QUANTILE) {
            for (int k = 0; k < steps; k++) {
                if (param[k] < 0 || param[k] > 1 || Double.isNaN(param[k])) {
                    ev.warn("quantile value should be between 0 and 1, got " + Functions.fmt(param[k]), a.param());
                }
            }
        }
        List<SeriesData> out = new ArrayList<>(ng);
        for (Labels l : groupLabels) {
            out.add(new SeriesData(l, steps));
        }
        if (!a.without()) {
            for (int i = 0; i < n; i++) {
                if (in.get(i).dropName) {
                    out.get(groupOf[i]).dropName = true;
                }
            }
        }
        if (FloatAggregation.applies(op, in)) {
            FloatAggregation.run(op, in, groupOf, out, steps);
            return new Vec(out);
        }
        long[] fcnt = new long[ng];
        boolean[] incr = new boolean[ng];
        boolean ignoresHist = op == AggregateOp.MIN || op == AggregateOp.MAX || op == AggregateOp.STDDEV
                || op == AggregateOp.STDVAR || op == AggregateOp.QUANTILE;
        double[] sum = new double[ng];
        double[] comp = new double[ng];
        double[] mean = new double[ng];
        long[] cnt = new long[ng];
        HistogramSum[] hsum = new HistogramSum[ng];
        boolean[] hbroken = new boolean[ng];
        boolean[] seenF = new boolean[ng];
        boolean[] seenH = new boolean[ng];
        List<List<Double>> qvals = op == AggregateOp.QUANTILE ? new ArrayList<>() : null;
        for (int k = 0; k < steps; k++) {
            Arrays.fill(sum, 0);
            Arrays.fill(comp, 0);
            Arrays.fill(mean, 0);
            Arrays.fill(cnt, 0);
            Arrays.fill(fcnt, 0);
            Arrays.fill(incr, false);
            Arrays.fill(hsum, null);
            Arrays.fill(hbroken, false);
            Arrays.fill(seenF, false);
            Arrays.fill(seenH, false);
            if (qvals != null) {
                qvals.clear();
                for (int g = 0; g < ng; g++) {
                    qvals.add(new ArrayList<>());
                }
            }
            for (int i = 0; i < n; i++) {
                SeriesData sd = in.get(i);
                if (!sd.has[k]) {
                    continue;
                }
                int g = groupOf[i];
                FloatHistogram h = sd.hist(k);
                cnt[g]++;
                if (h != null) {
                    seenH[g] = true;
                    if (ignoresHist) {
                        cnt[g]--;
                        ev.info("ignored histogram in " + op.keyword() + " aggregation", a);
                    }
                    if (op == AggregateOp.SUM || op == AggregateOp.AVG) {
                        try {
                            if (hsum[g] == null) {
                                hsum[g] = new HistogramSum(op == AggregateOp.AVG);
                            } else if (FloatHistogram.customMismatch(hsum[g].result(), h)) {
                                ev.info("mismatched custom buckets were reconciled during aggregation", a.expr());
                            }
                            if (!hbroken[g]) {
                                hsum[g].add(h);
                            }
                        } catch (IllegalArgumentException e) {
                            hbroken[g] = true;
                            ev.warn("vector contains a mix of histograms with exponential and custom buckets schemas for metric name "
                                    + Functions.goQuote(Evaluator.metricName(sd.labels)), a.expr());
                        }
                    }
                    continue;
                }
                double f = sd.f[k];
                boolean first = !seenF[g];
                seenF[g] = true;
                fcnt[g]++;
                switch (op) {
                    case SUM -> kahanAdd(sum, comp, g, f);
                    case AVG -> {
                        if (!incr[g]) {
                            double ns = sum[g] + f;
                            if (Double.isInfinite(ns) && !Double.isInfinite(f) && !Double.isInfinite(sum[g])) {
                                incr[g] = true;
                                mean[g] = sum[g] / (fcnt[g] - 1);
                                comp[g] = comp[g] / (fcnt[g] - 1);
                            } else {
                                kahanAdd(sum, comp, g, f);
                                break;
                            }
                        }
                        if (Double.isInfinite(mean[g])) {
                            if (Double.isInfinite(f) && (mean[g] > 0) != (f > 0)) {
                                mean[g] = Double.NaN;
                            }
                            break;
                        }
                        double q = (double) (fcnt[g] - 1) / fcnt[g];
                        mean[g] = q * mean[g] + f / fcnt[g];
                        comp[g] = q * comp[g];
                    }
                    case MIN -> {
                        if (first || f < sum[g] || Double.isNaN(sum[g])) {
                            sum[g] = f;
                        }
                    }
                    case MAX -> {
                        if (first || f > sum[g] || Double.isNaN(sum[g])) {
                            sum[g] = f;
                        }
                    }
                    case STDDEV, STDVAR -> {
                        double delta = f - mean[g];
                        mean[g] += delta / fcnt[g];
                        sum[g] += delta * (f - mean[g]);
                    }
                    case QUANTILE -> qvals.get(g).add(f);
                    default -> {}
                }
            }
            for (int g = 0; g < ng; g++) {
                if (cnt[g] == 0) {
                    continue;
                }
                SeriesData o = out.get(g);
                switch (op) {
                    case COUNT -> o.set(k, cnt[g]);
                    case GROUP -> o.set(k, 1);
                    case SUM, AVG -> {
                        if (seenH[g] && seenF[g]) {
                            ev.warn("encountered a mix of histograms and floats for aggregation", a.expr());
                            continue;
                        }
                        if (seenH[g]) {
                            if (hsum[g] != null && !hbroken[g]) {
                                if (hsum[g].conflictingResets()) {
                                    ev.warn("conflicting counter resets during histogram aggregation", a.expr());
                                }
                                o.setH(k, op == AggregateOp.AVG ? hsum[g].mean() : hsum[g].result());
                            }
                            continue;
                        }
                        double s = sum[g] + comp[g];
                        if (op == AggregateOp.SUM) {
                            o.set(k, s);
                        } else if (incr[g]) {
                            o.set(k, mean[g] + comp[g]);
                        } else {
                            o.set(k, fcnt[g] == 1 ? sum[g] : s / fcnt[g]);
                        }
                    }
                    case MIN, MAX -> {
                        if (seenF[g]) {
                            o.set(k, sum[g]);
                        }
                    }
                    case STDDEV, STDVAR -> {
                        if (seenF[g]) {
                            long fc = fcnt[g];
                            double var = sum[g] / fc;
                            o.set(k, op == AggregateOp.STDDEV ? Math.sqrt(var) : var);
                        }
                    }
                    case QUANTILE -> {
                        List<Double> vs = qvals.get(g);
                        if (!vs.isEmpty()) {
                            double[] arr = vs.stream().mapToDouble(Double::doubleValue).toArray();
                            o.set(k, Functions.quantile(param[k], arr, arr.length));
                        }
                    }
                    default -> {}
                }
            }
        }
        return new Vec(out);
    }

    private static void kahanAdd(double[] sum, double[] comp, int g, double f) {
        double s = sum[g];
        double t = s + f;
        if (Double.isInfinite(t)) {
            comp[g] = 0;
        } else if (Math.abs(s) >= Math.abs(f)) {
            comp[g] += (s - t) + f;
        } else {
            comp[g] += (f - t) + s;
        }
        sum[g] = t;
    }

    static Labels groupKey(Labels l, AggregateExpr a) {
        if (a.without()) {
            String[] drop = new String[a.grouping().size() + 1];
            drop[0] = Evaluator.NAME;
            for (int i = 1; i < drop.length; i++) {
                drop[i] = a.grouping().get(i - 1);
            }
            return l.without(drop);
        }
        TreeMap<String, String> t = new TreeMap<>();
        for (String n : a.grouping()) {
            String v = l.get(n);
            if (!v.isEmpty()) {
                t.put(n, v);
            }
        }
        return Labels.of(t);
    }

    private static List<SeriesData> selectK(
            Evaluator ev, AggregateExpr a, List<SeriesData> in, int[] groupOf, int ng, double[] param, int steps) {
        AggregateOp op = a.op();
        List<SeriesData> out = new ArrayList<>(in.size());
        for (SeriesData sd : in) {
            SeriesData o = new SeriesData(sd.labels, steps);
            o.dropName = sd.dropName;
            out.add(o);
        }
        int n = in.size();
        SeriesData[] series = in.toArray(new SeriesData[0]);
        boolean floatsOnly = true;
        for (SeriesData sd : series) {
            floatsOnly &= sd.h == null;
        }
        if (floatsOnly && (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK) && steps > 1 && n > 0) {
            // a k that is the same at every step: series by series over tiles of steps
            boolean constant = !Double.isNaN(param[0]) && param[0] >= 1;
            for (int k = 1; k < steps && constant; k++) {
                constant = Double.compare(param[k], param[0]) == 0;
            }
            if (constant && Math.min((long) param[0], n) <= SMALL_K) {
                topFloatsTiled(series, steps, groupOf, ng, (int) Math.min((long) param[0], n), op == AggregateOp.TOPK, out);
                return out;
            }
        }
        int[] best = null;
        int[] size = null;
        for (int k = 0; k < steps; k++) {
            double p = param[k];
            if (Double.isNaN(p)) {
                throw new QueryException(op == AggregateOp.LIMIT_RATIO ? "Ratio value is NaN" : "Parameter value is NaN");
            }
            if (op == AggregateOp.LIMIT_RATIO) {
                double r = p;
                if (r < -1 || r > 1) {
                    ev.warn("ratio value should be between -1 and 1, got " + Functions.fmt(r) + ", capping to "
                            + (r < 0 ? -1 : 1), a.param());
                    r = r < 0 ? -1 : 1;
                }
                for (int i = 0; i < n; i++) {
                    SeriesData sd = in.get(i);
                    if (sd.has[k] && ratioKeep(sd.labels, r)) {
                        Binary.copy(sd, k, out.get(i));
                    }
                }
                continue;
            }
            long kk;
            if (p >= 9.223372036854776E18) {
                kk = Long.MAX_VALUE;
            } else if (p <= -9.223372036854776E18) {
                kk = Long.MIN_VALUE;
            } else {
                kk = (long) p;
            }
            if (kk < 1) {
                continue;
            }
            if (floatsOnly && (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK) && Math.min(kk, n) <= SMALL_K) {
                if (best == null) {
                    best = new int[ng * SMALL_K];
                    size = new int[ng];
                }
                topFloats(series, k, groupOf, (int) Math.min(kk, n), op == AggregateOp.TOPK, best, size, out);
                continue;
            }
            List<List<Integer>> members = new ArrayList<>();
            for (int g = 0; g < ng; g++) {
                members.add(new ArrayList<>());
            }
            for (int i = 0; i < n; i++) {
                if (in.get(i).has[k]) {
                    members.get(groupOf[i]).add(i);
                }
            }
            for (List<Integer> mem : members) {
                if (op == AggregateOp.LIMITK) {
                    for (int j = 0; j < mem.size() && j < kk; j++) {
                        Binary.copy(in.get(mem.get(j)), k, out.get(mem.get(j)));
                    }
                    continue;
                }
                final int step = k;
                List<Integer> fl = new ArrayList<>();
                for (int i : mem) {
                    if (in.get(i).isFloat(step)) {
                        fl.add(i);
                    } else {
                        ev.info("ignored histogram in " + op.keyword() + " aggregation", a);
                    }
                }
                boolean top = op == AggregateOp.TOPK;
                fl.sort((x, y) -> {
                    double vx = in.get(x).f[step];
                    double vy = in.get(y).f[step];
                    if (Double.isNaN(vx) || Double.isNaN(vy)) {
                        return Boolean.compare(Double.isNaN(vx), Double.isNaN(vy));
                    }
                    return top ? Double.compare(vy, vx) : Double.compare(vx, vy);
                });
                for (int j = 0; j < fl.size() && j < kk; j++) {
                    Binary.copy(in.get(fl.get(j)), k, out.get(fl.get(j)));
                }
            }
        }
        if (ev.instant && (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK)) {
            // instant results come out ordered per group by value
            boolean top = op == AggregateOp.TOPK;
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (out.get(i).has[0]) {
                    idx.add(i);
                }
            }
            idx.sort((x, y) -> {
                if (groupOf[x] != groupOf[y]) {
                    return Integer.compare(groupOf[x], groupOf[y]);
                }
                double vx = out.get(x).f[0];
                double vy = out.get(y).f[0];
                if (Double.isNaN(vx) || Double.isNaN(vy)) {
                    return Boolean.compare(Double.isNaN(vx), Double.isNaN(vy));
                }
                return top ? Double.compare(vy, vx) : Double.compare(vx, vy);
            });
            List<SeriesData> sorted = new ArrayList<>();
            for (int i : idx) {
                sorted.add(out.get(i));
            }
            return sorted;
        }
        return out;
    }

    /** The largest k for which topk/bottomk keep their picks in a small array rather than sorting each group. */
    private static final int SMALL_K = 64;

    /**
     * topk/bottomk at step k over float inputs without boxing or sorting: per group, the
     * {@code kn} best so far in rank order, in {@code best[g * SMALL_K ...]}. The rank is that of
     * the stable sort it replaces (NaN last, then by value, ties in series order), so the same
     * series are picked.
     */
    private static void topFloats(SeriesData[] in, int k, int[] groupOf, int kn, boolean top, int[] best, int[] size,
            List<SeriesData> out) {
        java.util.Arrays.fill(size, 0);
        for (int i = 0; i < in.length; i++) {
            if (!in[i].has[k]) {
                continue;
            }
            int g = groupOf[i];
            int base = g * SMALL_K;
            int m = size[g];
            double v = in[i].f[k];
            if (m == kn && !ranksBefore(v, in[best[base + m - 1]].f[k], top)) {
                continue; // not better than the last kept: a tie keeps the earlier series
            }
            int pos = m == kn ? m - 1 : m;
            while (pos > 0 && ranksBefore(v, in[best[base + pos - 1]].f[k], top)) {
                best[base + pos] = best[base + pos - 1];
                pos--;
            }
            best[base + pos] = i;
            if (m < kn) {
                size[g] = m + 1;
            }
        }
        for (int g = 0; g < size.length; g++) {
            for (int j = 0; j < size[g]; j++) {
                int i = best[g * SMALL_K + j];
                out.get(i).set(k, in[i].f[k]);
            }
        }
    }

    /** Whether value a comes strictly before b in topk ({@code top}) or bottomk order, NaN last. */
    /** Per-(group, step) candidate slots in one tile of {@link #topFloatsTiled}. */
    private static final int TOP_TILE_SLOTS = 1 << 16;

    /**
     * {@link #topFloats} at every step for a k ({@code kn}) that does not change across steps, but
     * series by series over tiles of steps, each series' arrays read front to back (step by step,
     * every series was a cache miss). Each (group, step) still takes its series in series order
     * through the same insertion, so it keeps the same series.
     */
    private static void topFloatsTiled(SeriesData[] in, int steps, int[] groupOf, int ng, int kn, boolean top,
            List<SeriesData> out) {
        int tile = (int) Math.max(1, Math.min(steps, TOP_TILE_SLOTS / ((long) ng * kn)));
        int[] best = new int[ng * tile * kn];
        double[] bestV = new double[best.length];
        int[] size = new int[ng * tile];
        for (int k0 = 0; k0 < steps; k0 += tile) {
            int width = Math.min(tile, steps - k0);
            java.util.Arrays.fill(size, 0);
            for (int i = 0; i < in.length; i++) {
                boolean[] has = in[i].has;
                double[] f = in[i].f;
                int cell0 = groupOf[i] * tile - k0;
                for (int k = k0; k < k0 + width; k++) {
                    if (!has[k]) {
                        continue;
                    }
                    int cell = cell0 + k;
                    int base = cell * kn;
                    int m = size[cell];
                    double v = f[k];
                    if (m == kn && !ranksBefore(v, bestV[base + m - 1], top)) {
                        continue; // not better than the last kept: a tie keeps the earlier series
                    }
                    int pos = m == kn ? m - 1 : m;
                    while (pos > 0 && ranksBefore(v, bestV[base + pos - 1], top)) {
                        best[base + pos] = best[base + pos - 1];
                        bestV[base + pos] = bestV[base + pos - 1];
                        pos--;
                    }
                    best[base + pos] = i;
                    bestV[base + pos] = v;
                    if (m < kn) {
                        size[cell] = m + 1;
                    }
                }
            }
            for (int g = 0; g < ng; g++) {
                for (int j = 0; j < width; j++) {
                    int cell = g * tile + j;
                    for (int x = 0; x < size[cell]; x++) {
                        int i = best[cell * kn + x];
                        out.get(i).set(k0 + j, in[i].f[k0 + j]);
                    }
                }
            }
        }
    }

    private static boolean ranksBefore(double a, double b, boolean top) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return !Double.isNaN(a) && Double.isNaN(b);
        }
        return top ? Double.compare(b, a) < 0 : Double.compare(a, b) < 0;
    }

    /** Whether a series is in the sample of {@code limit_ratio(r, ...)}: a stable function of its labels. */
    static boolean ratioKeep(Labels l, double r) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < l.size(); i++) {
            h = mix(h ^ l.name(i).hashCode());
            h = mix(h ^ l.value(i).hashCode());
        }
        double x = (h >>> 11) / (double) (1L << 53);
        return r >= 0 ? x < r : x >= 1 + r;
    }

    /** A 64-bit finaliser (splitmix64) so that similar label sets spread evenly over [0, 1). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static List<SeriesData> countValues(Evaluator ev, AggregateExpr a, String label, List<SeriesData> in,
            int[] groupOf, List<Labels> groupLabels, int steps) {
        if (!validLabelName(label)) {
            throw new QueryException("invalid label name " + Functions.goQuote(label));
        }
        Map<Labels, SeriesData> out = new LinkedHashMap<>();
        for (int k = 0; k < steps; k++) {
            Map<Labels, Integer> counts = new HashMap<>();
            for (int i = 0; i < in.size(); i++) {
                SeriesData sd = in.get(i);
                if (!sd.has[k]) {
                    continue;
                }
                String v = sd.hist(k) != null ? promString(sd.hist(k)) : formatValue(sd.f[k]);
                TreeMap<String, String> t = groupLabels.get(groupOf[i]).toMap();
                t.put(label, v);
                counts.merge(Labels.of(t), 1, Integer::sum);
            }
            for (Map.Entry<Labels, Integer> e : counts.entrySet()) {
                final int st = steps;
                out.computeIfAbsent(e.getKey(), l -> new SeriesData(l, st)).set(k, e.getValue());
            }
        }
        return new ArrayList<>(out.values());
    }

    /** A histogram as Prometheus renders it in text: count, sum and the populated buckets with their bounds. */
    static String promString(FloatHistogram h) {
        StringBuilder sb = new StringBuilder("{count:").append(formatG(h.count)).append(", sum:").append(formatG(h.sum));
        for (HistogramFunctions.Bucket b : HistogramFunctions.buckets(h)) {
            sb.append(", ");
            if (b.side() == 0) {
                sb.append('[').append(formatG(-h.zeroThreshold)).append(',').append(formatG(h.zeroThreshold)).append(']');
            } else if (b.side() < 0) {
                sb.append('[').append(formatG(b.lb())).append(',').append(formatG(b.ub())).append(')');
            } else {
                sb.append('(').append(formatG(b.lb())).append(',').append(formatG(b.ub())).append(']');
            }
            sb.append(':').append(formatG(b.count()));
        }
        return sb.append('}').toString();
    }

    private static String formatG(double v) {
        return Functions.fmt(v);
    }

    static boolean validLabelName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isSurrogate(ch)) {
                return false;
            }
        }
        return true;
    }

    /** Go's strconv.FormatFloat(f, 'f', -1, 64). */
    static String formatValue(double f) {
        if (Double.isNaN(f)) {
            return "NaN";
        }
        if (Double.isInfinite(f)) {
            return f > 0 ? "+Inf" : "-Inf";
        }
        if (f == 0) {
            return (1 / f < 0) ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(f)).stripTrailingZeros().toPlainString();
    }
}

package io.hearth.promql.eval;

import io.hearth.promql.ast.Call;
import io.hearth.promql.eval.Evaluator.Ctx;
import io.hearth.promql.eval.Evaluator.RSeries;
import io.hearth.promql.eval.Evaluator.Sca;
import io.hearth.promql.eval.Evaluator.V;
import io.hearth.promql.eval.Evaluator.Vec;
import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Histogram functions: classic-bucket {@code histogram_quantile} and the simple native-histogram accessors. */
final class HistogramFunctions {
    private HistogramFunctions() {}

    static V call(Evaluator ev, Call call, Ctx c) {
        String name = call.function().name();
        if (name.equals("histogram_fraction")) {
            return histogramFraction(ev, call, c);
        }
        if (name.equals("histogram_quantiles")) {
            return histogramQuantiles(ev, call, c);
        }
        int steps = c.steps();
        List<SeriesData> in;
        boolean stats = name.equals("histogram_count") || name.equals("histogram_sum") || name.equals("histogram_avg");
        if (stats) {
            ev.statsMode++;
        }
        try {
            in = Functions.vec(ev, call.args().get(0), c);
        } finally {
            if (stats) {
                ev.statsMode--;
            }
        }
        List<SeriesData> out = new ArrayList<>();
        for (SeriesData sd : in) {
            SeriesData o = ev.derived(sd, steps);
            for (int k = 0; k < steps; k++) {
                FloatHistogram h = sd.hist(k);
                if (h == null) {
                    continue;
                }
                switch (name) {
                    case "histogram_count" -> o.set(k, h.count);
                    case "histogram_sum" -> o.set(k, h.sum);
                    case "histogram_avg" -> o.set(k, h.sum / h.count);
                    case "histogram_stddev" -> o.set(k, Math.sqrt(variance(h)));
                    case "histogram_stdvar" -> o.set(k, variance(h));
                    default -> throw new QueryException("function " + name + " is not implemented for native histograms");
                }
            }
            out.add(o);
        }
        return new Vec(out);
    }

    /** A range function over histogram samples [lo, hi); floats results go straight into {@code o}. */
    static FloatHistogram rangeHist(Evaluator ev, Call call, String name, RSeries r, int lo, int hi, long start, long end,
            SeriesData o, int k) {
        switch (name) {
            case "last_over_time" -> {
                return r.hv[hi - 1];
            }
            case "first_over_time" -> {
                return r.hv[lo];
            }
            case "count_over_time" -> {
                o.set(k, hi - lo);
                return null;
            }
            case "present_over_time" -> {
                o.set(k, 1);
                return null;
            }
            case "ts_of_last_over_time" -> {
                o.set(k, r.ht[hi - 1] / 1000.0);
                return null;
            }
            case "ts_of_first_over_time" -> {
                o.set(k, r.ht[lo] / 1000.0);
                return null;
            }
            case "rate", "increase", "delta" -> {
                if (hi - lo < 2 && !(!name.equals("delta") && hUsable(r, lo) && r.hst[lo] > start)) {
                    return null;
                }
                boolean counter = !name.equals("delta");
                if (counter && r.hv[hi - 1].hint == FloatHistogram.Hint.GAUGE) {
                    ev.warn("this native histogram metric is not a counter: " + Functions.goQuote(Evaluator.metricName(r.labels)),
                            call.args().get(0));
                } else if (!counter && r.hv[hi - 1].hint != FloatHistogram.Hint.GAUGE) {
                    ev.warn("this native histogram metric is not a gauge: " + Functions.goQuote(Evaluator.metricName(r.labels)),
                            call.args().get(0));
                }
                return histRate(ev, call, r, lo, hi, start, end, counter, name.equals("rate"));
            }
            case "irate", "idelta" -> {
                if (hi - lo < 2) {
                    return null;
                }
                FloatHistogram last = r.hv[hi - 1];
                FloatHistogram prev = r.hv[hi - 2];
                if (name.equals("idelta") && last.isCustom() != prev.isCustom()) {
                    ev.warn("vector contains a mix of histograms with exponential and custom buckets schemas for metric name "
                            + Functions.goQuote(Evaluator.metricName(r.labels)), call.args().get(0));
                    return null;
                }
                if (FloatHistogram.customMismatch(prev, last)
                        && (name.equals("idelta") || !(FloatHistogram.detectReset(prev, last) || hReset(r, hi - 1)))) {
                    ev.info("mismatched custom buckets were reconciled during subtraction", call.args().get(0));
                }
                try {
                    FloatHistogram d = name.equals("irate") && (FloatHistogram.detectReset(prev, last) || hReset(r, hi - 1))
                            ? last : last.add(prev, -1);
                    if (name.equals("irate")) {
                        d = d.scale(1000.0 / (r.ht[hi - 1] - r.ht[hi - 2]));
                    }
                    return d.withHint(FloatHistogram.Hint.GAUGE);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            case "sum_over_time", "avg_over_time" -> {
                HistogramSum acc = new HistogramSum(name.equals("avg_over_time"));
                try {
                    for (int i = lo; i < hi; i++) {
                        if (i > lo && FloatHistogram.customMismatch(r.hv[lo], r.hv[i])) {
                            ev.info("mismatched custom buckets were reconciled during aggregation", call.args().get(0));
                        }
                        acc.add(r.hv[i]);
                    }
                } catch (IllegalArgumentException e) {
                    ev.warn("vector contains a mix of histograms with exponential and custom buckets schemas for metric name "
                            + Functions.goQuote(Evaluator.metricName(r.labels)), call.args().get(0));
                    return null;
                }
                if (acc.conflictingResets()) {
                    ev.warn("conflicting counter resets during histogram aggregation", call.args().get(0));
                }
                return name.equals("avg_over_time") ? acc.mean() : acc.result();
            }
            case "changes", "resets" -> {
                int cnt = 0;
                for (int i = lo + 1; i < hi; i++) {
                    FloatHistogram p = r.hv[i - 1];
                    FloatHistogram cur = r.hv[i];
                    if (name.equals("resets") ? FloatHistogram.detectReset(p, cur) || hReset(r, i) : !same(p, cur)) {
                        cnt++;
                    }
                }
                o.set(k, cnt);
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /** Anchored or smoothed rate/increase/delta over histogram samples; null when there is no result. */
    static FloatHistogram extended(Evaluator ev, Call call, String name, RSeries r, int lo, int hi, long start, long end,
            boolean smoothed) {
        long lookback = ev.opts.lookbackMillis();
        boolean counter = !name.equals("delta");
        long[] t = r.ht;
        FloatHistogram[] h = r.hv;
        int n = r.hn;
        FloatHistogram first;
        FloatHistogram last;
        int from;
        boolean skipFirstCheck = false;
        boolean endCorrection = false;
        FloatHistogram endPrev = null;
        try {
            if (!smoothed) {
                if (hi <= lo) {
                    return null;
                }
                from = lo > 0 && t[lo - 1] > start - lookback ? lo - 1 : lo;
                first = h[from];
                last = h[hi - 1];
                from++;
            } else {
                if (hi <= 0 || lo >= n || t[hi - 1] <= end - lookback) {
                    return null;
                }
                if (t[hi - 1] == end || hi >= n || t[hi] - end >= lookback) {
                    last = h[hi - 1];
                } else {
                    last = interpolate(h[hi - 1], h[hi], (end - t[hi - 1]) / (double) (t[hi] - t[hi - 1]), counter);
                    if (counter && hi - 1 >= lo && FloatHistogram.detectReset(h[hi - 1], h[hi])) {
                        endCorrection = true;
                        endPrev = h[hi - 1];
                    }
                }
                if (lo > 0 && start - t[lo - 1] < lookback) {
                    first = interpolate(h[lo - 1], h[lo], (start - t[lo - 1]) / (double) (t[lo] - t[lo - 1]), counter);
                    skipFirstCheck = true;
                } else {
                    first = h[lo];
                    skipFirstCheck = true;
                }
                from = lo;
            }
            boolean gaugeSeen = false;
            FloatHistogram result = last.add(first, -1);
            FloatHistogram prev = first;
            for (int i = from; i < hi; i++) {
                gaugeSeen |= h[i].hint == FloatHistogram.Hint.GAUGE;
                boolean check = !(skipFirstCheck && i == from);
                if (counter && check && FloatHistogram.detectReset(prev, h[i])) {
                    result = result.add(prev, 1);
                }
                prev = h[i];
            }
            if (endCorrection) {
                result = result.add(endPrev, 1);
            }
            if (counter && gaugeSeen) {
                ev.warn("this native histogram metric is not a counter: " + Functions.goQuote(Evaluator.metricName(r.labels)),
                        call.args().get(0));
            } else if (!counter && (first.hint != FloatHistogram.Hint.GAUGE || last.hint != FloatHistogram.Hint.GAUGE)) {
                ev.warn("this native histogram metric is not a gauge: " + Functions.goQuote(Evaluator.metricName(r.labels)),
                        call.args().get(0));
            }
            if (name.equals("rate")) {
                result = result.scale(1000.0 / (end - start));
            }
            return result.withHint(FloatHistogram.Hint.GAUGE);
        } catch (IllegalArgumentException e) {
            ev.warn("vector contains a mix of histograms with exponential and custom buckets schemas for metric name "
                    + Functions.goQuote(Evaluator.metricName(r.labels)), call.args().get(0));
            return null;
        }
    }

    /** The histogram a fraction f of the way from a to b; from zero to b across a counter reset. */
    static FloatHistogram interpolate(FloatHistogram a, FloatHistogram b, double f, boolean counter) {
        if (a.isCustom() != b.isCustom()) {
            throw new IllegalArgumentException("mixed exponential and custom buckets");
        }
        if (counter && FloatHistogram.detectReset(a, b)) {
            return b.scale(f);
        }
        return a.add(b.add(a, -1).scale(f), 1);
    }

    static boolean same(FloatHistogram a, FloatHistogram b) {
        return a.schema == b.schema && a.count == b.count && a.sum == b.sum && a.zeroCount == b.zeroCount
                && a.zeroThreshold == b.zeroThreshold && java.util.Arrays.equals(a.posIndex, b.posIndex)
                && java.util.Arrays.equals(a.posCount, b.posCount) && java.util.Arrays.equals(a.negIndex, b.negIndex)
                && java.util.Arrays.equals(a.negCount, b.negCount)
                && java.util.Arrays.equals(a.customValues, b.customValues);
    }

    /** Extrapolated rate/increase/delta of histogram samples [lo, hi), like the float version. */
    static boolean hUsable(RSeries r, int i) {
        return r.hasSt && r.hst[i] != 0 && r.hst[i] < r.ht[i];
    }

    /** Whether histogram sample i starts a new counter according to its start timestamp. */
    static boolean hReset(RSeries r, int i) {
        if (!hUsable(r, i)) {
            return false;
        }
        long prevT = r.ht[i - 1];
        return r.hst[i] > prevT || (r.hst[i] == prevT && hUsable(r, i - 1));
    }

    static FloatHistogram histRate(Evaluator ev, Call call, RSeries r, int lo, int hi, long start, long end, boolean counter,
            boolean rate) {
        FloatHistogram first = r.hv[lo];
        FloatHistogram last = r.hv[hi - 1];
        FloatHistogram result;
        // A reset right after the first sample cancels it out of the sum (-first + first): the first
        // sample then only matters for its count, and may even be of the other bucket kind.
        boolean firstCancels = counter && hi - lo >= 2
                && (FloatHistogram.detectReset(r.hv[lo], r.hv[lo + 1]) || hReset(r, lo + 1));
        int from = firstCancels ? lo + 1 : lo;
        for (int i = from + 1; i < hi; i++) {
            if (r.hv[i].isCustom() != r.hv[from].isCustom()) {
                ev.warn("vector contains a mix of histograms with exponential and custom buckets schemas for metric name "
                        + Functions.goQuote(Evaluator.metricName(r.labels)), call.args().get(0));
                return null;
            }
        }
        for (int i = lo + 1; i < hi; i++) {
            if (FloatHistogram.customMismatch(r.hv[i - 1], r.hv[i])) {
                ev.info("mismatched custom buckets were reconciled during subtraction", call.args().get(0));
                break;
            }
        }
        try {
            int minSchema = last.schema;
            for (int i = from; i < hi; i++) {
                minSchema = Math.min(minSchema, r.hv[i].schema);
            }
            result = firstCancels ? last.toSchema(minSchema) : last.toSchema(minSchema).add(first.toSchema(minSchema), -1);
            if (counter) {
                for (int i = from + 1; i < hi; i++) {
                    if (FloatHistogram.detectReset(r.hv[i - 1], r.hv[i]) || hReset(r, i)) {
                        result = result.add(r.hv[i - 1].toSchema(minSchema), 1);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            ev.warn("vector contains a mix of histograms with exponential and custom buckets schemas for metric name "
                    + Functions.goQuote(Evaluator.metricName(r.labels)), call.args().get(0));
            return null;
        }
        if (counter && hUsable(r, lo) && r.hst[lo] > start) {
            // the counter was zero at its start time inside the window: no left extrapolation
            result = result.add(first, 1);
            double sampledFromStart = (r.ht[hi - 1] - r.hst[lo]) / 1000.0;
            double to = sampledFromStart;
            if (hi - lo >= 2) {
                double avg = (r.ht[hi - 1] - r.ht[lo]) / 1000.0 / (hi - lo - 1);
                double toEnd = (end - r.ht[hi - 1]) / 1000.0;
                to += toEnd >= avg * 1.1 ? avg / 2 : toEnd;
            }
            double f = to / sampledFromStart;
            if (rate) {
                f /= (end - start) / 1000.0;
            }
            return result.scale(f).withHint(FloatHistogram.Hint.GAUGE);
        }
        if (hi - lo < 2) {
            return null;
        }
        double durationToStart = (r.ht[lo] - start) / 1000.0;
        double durationToEnd = (end - r.ht[hi - 1]) / 1000.0;
        double sampled = (r.ht[hi - 1] - r.ht[lo]) / 1000.0;
        double avgDur = sampled / (hi - lo - 1);
        double threshold = avgDur * 1.1;
        if (durationToStart >= threshold) {
            durationToStart = avgDur / 2;
        }
        if (counter && result.count > 0 && first.count >= 0) {
            double toZero = sampled * (first.count / result.count);
            if (toZero < durationToStart) {
                durationToStart = toZero;
            }
        }
        double extrapolateTo = sampled + durationToStart + (durationToEnd >= threshold ? avgDur / 2 : durationToEnd);
        double factor = extrapolateTo / sampled;
        if (rate) {
            factor /= (end - start) / 1000.0;
        }
        return result.scale(factor).withHint(FloatHistogram.Hint.GAUGE);
    }

    static V histogramQuantile(Evaluator ev, Call call, Ctx c) {
        double[] q = ((Sca) ev.eval(call.args().get(0), c)).v();
        List<SeriesData> in = Functions.vec(ev, call.args().get(1), c);
        int steps = c.steps();
        for (int k = 0; k < steps; k++) {
            if (q[k] < 0 || q[k] > 1 || Double.isNaN(q[k])) {
                ev.warn("quantile value should be between 0 and 1, got " + Functions.fmt(q[k]), call.args().get(0));
            }
        }
        // classic buckets grouped by labels without le and name
        LinkedHashMap<Labels, List<Integer>> groups = new LinkedHashMap<>();
        Map<Labels, SeriesData> out = new LinkedHashMap<>();
        List<SeriesData> result = new ArrayList<>();
        double[] bounds = new double[in.size()];
        for (int i = 0; i < in.size(); i++) {
            SeriesData sd = in.get(i);
            String le = sd.labels.get("le");
            double b;
            try {
                b = le.isEmpty() ? Double.NaN : parseLe(le);
            } catch (NumberFormatException e) {
                b = Double.NaN;
            }
            bounds[i] = b;
            if (sd.h != null && !sd.labels.has("le")) {
                continue; // native histograms are handled below
            }
            groups.computeIfAbsent(bucketKey(ev, sd), x -> new ArrayList<>()).add(i);
        }
        // native histograms whose group also has classic buckets at a step: a mix, no result there
        Map<Labels, boolean[]> mixed = new java.util.HashMap<>();
        for (SeriesData sd : in) {
            if (sd.h == null || sd.labels.has("le")) {
                continue;
            }
            List<Integer> g = groups.get(bucketKey(ev, sd));
            if (g == null) {
                continue;
            }
            for (int k = 0; k < steps; k++) {
                if (sd.hist(k) == null) {
                    continue;
                }
                for (int i : g) {
                    if (in.get(i).isFloat(k)) {
                        mixed.computeIfAbsent(bucketKey(ev, sd), x -> new boolean[steps])[k] = true;
                        ev.warn("vector contains a mix of classic and native histograms for metric name "
                                + Functions.goQuote(Evaluator.metricName(sd.labels)), call.args().get(call.args().size() - 1));
                        break;
                    }
                }
            }
        }
        for (Map.Entry<Labels, List<Integer>> g : groups.entrySet()) {
            SeriesData o = new SeriesData(g.getKey(), steps);
            ev.dropName(o);
            boolean[] mix = mixed.get(g.getKey());
            BucketSlots slots = BucketSlots.of(g.getValue(), bounds);
            int[] members = slots.members();
            int[] slotOf = slots.slotOf();
            double[] ub = slots.bounds();
            int width = ub.length;
            double[] sums = new double[width];
            boolean[] present = new boolean[width];
            double[] pub = new double[width];
            double[] pcnt = new double[width];
            boolean[] fixed = new boolean[1];
            for (int k = 0; k < steps; k++) {
                java.util.Arrays.fill(present, false);
                boolean any = false;
                for (int m = 0; m < members.length; m++) {
                    int i = members[m];
                    SeriesData sd = in.get(i);
                    if (!sd.has[k]) {
                        continue;
                    }
                    FloatHistogram h = sd.hist(k);
                    if (h != null) {
                        continue;
                    }
                    int slot = slotOf[m];
                    if (slot < 0) {
                        ev.warn("bucket label \"le\" is missing or has a malformed value of \"" + sd.labels.get("le")
                                + "\" for metric name " + Functions.goQuote(Evaluator.metricName(sd.labels)),
                                call.args().get(1));
                        continue;
                    }
                    // same addition order as the members' order, whatever the bounds' order
                    sums[slot] = present[slot] ? sums[slot] + sd.f[k] : sd.f[k];
                    present[slot] = true;
                    any = true;
                }
                if (any && (mix == null || !mix[k])) {
                    int n = 0;
                    for (int b = 0; b < width; b++) {
                        if (present[b]) {
                            pub[n] = ub[b];
                            pcnt[n++] = sums[b];
                        }
                    }
                    fixed[0] = false;
                    o.set(k, bucketQuantile(q[k], pub, pcnt, n, fixed));
                    if (fixed[0]) {
                        ev.info("input to histogram_quantile needed to be fixed for monotonicity (see "
                                + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) "
                                + "for metric name " + Functions.goQuote(Evaluator.metricName(in.get(g.getValue().get(0)).labels)),
                                call.args().get(1));
                    }
                }
            }
            result.add(o);
        }
        // native histograms
        for (SeriesData sd : in) {
            SeriesData o = null;
            boolean[] mix = mixed.get(bucketKey(ev, sd));
            for (int k = 0; k < steps; k++) {
                FloatHistogram h = sd.hist(k);
                if (h == null || (mix != null && mix[k])) {
                    continue;
                }
                if (o == null) {
                    o = ev.derived(sd, steps);
                }
                double nanObs = nanObservations(h);
                double res = nativeQuantile(q[k], h);
                if (nanObs > 0) {
                    boolean nan = Double.isNaN(res) || q[k] * h.count > h.count - nanObs;
                    if (nan) {
                        res = Double.NaN;
                    }
                    ev.info("input to histogram_quantile has NaN observations, result is " + (nan ? "NaN" : "skewed higher")
                            + " for metric name " + Functions.goQuote(Evaluator.metricName(sd.labels)), call.args().get(1));
                }
                o.set(k, res);
            }
            if (o != null) {
                result.add(o);
            }
        }
        return new Vec(result);
    }

    /** Estimated variance of a native histogram: every observation at its bucket's midpoint. */
    static double variance(FloatHistogram h) {
        if (h.count == 0) {
            return Double.NaN;
        }
        if (Double.isInfinite(h.sum)) {
            return Double.POSITIVE_INFINITY;
        }
        double mean = h.sum / h.count;
        double acc = 0;
        for (int i = 0; i < h.posIndex.length; i++) {
            double m = midpoint(h, h.posIndex[i], false);
            acc += h.posCount[i] * (m - mean) * (m - mean);
        }
        for (int i = 0; i < h.negIndex.length; i++) {
            double m = midpoint(h, h.negIndex[i], true);
            acc += h.negCount[i] * (m - mean) * (m - mean);
        }
        acc += h.zeroCount * mean * mean;
        return acc / h.count;
    }

    private static double midpoint(FloatHistogram h, int idx, boolean negative) {
        if (h.isCustom()) {
            double ub = idx < h.customValues.length ? h.customValues[idx] : Double.POSITIVE_INFINITY;
            double lb = idx == 0 ? 0 : h.customValues[idx - 1];
            if (Double.isInfinite(ub)) {
                return lb;
            }
            if (idx == 0 && ub <= 0) {
                return ub;
            }
            return (lb + ub) / 2;
        }
        double ub = FloatHistogram.upperBound(idx, h.schema);
        double lb = FloatHistogram.upperBound(idx - 1, h.schema);
        double m = Math.sqrt(lb * ub);
        return negative ? -m : m;
    }

    static V histogramFraction(Evaluator ev, Call call, Ctx c) {
        double[] lower = ((Sca) ev.eval(call.args().get(0), c)).v();
        double[] upper = ((Sca) ev.eval(call.args().get(1), c)).v();
        List<SeriesData> in = Functions.vec(ev, call.args().get(2), c);
        int steps = c.steps();
        LinkedHashMap<Labels, List<Integer>> groups = new LinkedHashMap<>();
        double[] bounds = new double[in.size()];
        for (int i = 0; i < in.size(); i++) {
            SeriesData sd = in.get(i);
            String le = sd.labels.get("le");
            double b;
            try {
                b = le.isEmpty() ? Double.NaN : parseLe(le);
            } catch (NumberFormatException e) {
                b = Double.NaN;
            }
            bounds[i] = b;
            if (sd.h != null && !sd.labels.has("le")) {
                continue;
            }
            groups.computeIfAbsent(bucketKey(ev, sd), x -> new ArrayList<>()).add(i);
        }
        Map<Labels, boolean[]> mixed = mixes(ev, call, in, groups, steps, call.args().get(2));
        List<SeriesData> result = new ArrayList<>();
        for (Map.Entry<Labels, List<Integer>> g : groups.entrySet()) {
            SeriesData o = new SeriesData(g.getKey(), steps);
            ev.dropName(o);
            boolean[] mix = mixed.get(g.getKey());
            boolean anyOut = false;
            for (int k = 0; k < steps; k++) {
                TreeMap<Double, Double> buckets = new TreeMap<>();
                for (int i : g.getValue()) {
                    SeriesData sd = in.get(i);
                    if (sd.isFloat(k) && Double.isNaN(bounds[i])) {
                        ev.warn("bucket label \"le\" is missing or has a malformed value of \"" + sd.labels.get("le")
                                + "\" for metric name " + Functions.goQuote(Evaluator.metricName(sd.labels)),
                                call.args().get(2));
                    }
                    if (sd.isFloat(k) && !Double.isNaN(bounds[i])) {
                        buckets.merge(bounds[i], sd.f[k], Double::sum);
                    }
                }
                if (!buckets.isEmpty() && (mix == null || !mix[k])) {
                    o.set(k, bucketFraction(lower[k], upper[k], buckets));
                    anyOut = true;
                }
            }
            if (anyOut) {
                result.add(o);
            }
        }
        for (SeriesData sd : in) {
            SeriesData o = null;
            boolean[] mix = mixed.get(bucketKey(ev, sd));
            for (int k = 0; k < steps; k++) {
                FloatHistogram h = sd.hist(k);
                if (h == null || (mix != null && mix[k])) {
                    continue;
                }
                if (o == null) {
                    o = ev.derived(sd, steps);
                }
                if (nanObservations(h) > 0) {
                    ev.info("input to histogram_fraction has NaN observations, which are excluded from all fractions for metric name "
                            + Functions.goQuote(Evaluator.metricName(sd.labels)), call.args().get(2));
                }
                o.set(k, nativeFraction(lower[k], upper[k], h));
            }
            if (o != null) {
                result.add(o);
            }
        }
        return new Vec(result);
    }

    /** Steps at which a native histogram shares its group with classic buckets; each such mix is warned about. */
    static Map<Labels, boolean[]> mixes(Evaluator ev, Call call, List<SeriesData> in, Map<Labels, List<Integer>> groups,
            int steps, io.hearth.promql.ast.Expr arg) {
        Map<Labels, boolean[]> mixed = new java.util.HashMap<>();
        for (SeriesData sd : in) {
            if (sd.h == null || sd.labels.has("le")) {
                continue;
            }
            List<Integer> g = groups.get(bucketKey(ev, sd));
            if (g == null) {
                continue;
            }
            for (int k = 0; k < steps; k++) {
                if (sd.hist(k) == null) {
                    continue;
                }
                for (int i : g) {
                    if (in.get(i).isFloat(k)) {
                        mixed.computeIfAbsent(bucketKey(ev, sd), x -> new boolean[steps])[k] = true;
                        ev.warn("vector contains a mix of classic and native histograms for metric name "
                                + Functions.goQuote(Evaluator.metricName(sd.labels)), arg);
                        break;
                    }
                }
            }
        }
        return mixed;
    }

    static double bucketFraction(double lower, double upper, TreeMap<Double, Double> buckets) {
        if (buckets.isEmpty() || buckets.lastKey() != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        int n = buckets.size();
        double[] ub = new double[n];
        double[] cum = new double[n];
        int i = 0;
        for (Map.Entry<Double, Double> e : buckets.entrySet()) {
            ub[i] = e.getKey();
            cum[i++] = e.getValue();
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if (cum[j] > max) {
                max = cum[j];
            } else {
                cum[j] = max;
            }
        }
        double total = cum[n - 1];
        if (total == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
            return Double.NaN;
        }
        if (lower >= upper) {
            return 0;
        }
        return (rankAt(upper, ub, cum) - rankAt(lower, ub, cum)) / total;
    }

    private static double rankAt(double x, double[] ub, double[] cum) {
        int n = ub.length;
        double prevUb = Double.NEGATIVE_INFINITY;
        double prevCum = 0;
        for (int j = 0; j < n; j++) {
            double lb = j == 0 ? (ub[0] > 0 ? 0 : Double.NEGATIVE_INFINITY) : ub[j - 1];
            if (x <= ub[j]) {
                if (x <= lb) {
                    return prevCum;
                }
                if (Double.isInfinite(ub[j])) {
                    return x == Double.POSITIVE_INFINITY ? cum[j] : prevCum;
                }
                if (Double.isInfinite(lb)) {
                    return cum[j];
                }
                return prevCum + (cum[j] - prevCum) * (x - lb) / (ub[j] - lb);
            }
            prevUb = ub[j];
            prevCum = cum[j];
        }
        return cum[n - 1];
    }

    static double nativeFraction(double lower, double upper, FloatHistogram h) {
        if (h.count == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
            return Double.NaN;
        }
        if (lower >= upper) {
            return 0;
        }
        return (nativeRank(upper, h) - nativeRank(lower, h)) / h.count;
    }

    /** Observations at or below x, interpolating within the bucket containing x. */
    private static double nativeRank(double x, FloatHistogram h) {
        double acc = 0;
        for (Bucket b : buckets(h)) {
            if (x >= b.ub() || (b.lb() == Double.NEGATIVE_INFINITY && x > b.lb() && !Double.isInfinite(b.ub()))) {
                acc += b.count();
            } else if (x > b.lb() && !Double.isInfinite(b.lb()) && !Double.isInfinite(b.ub())) {
                double f;
                if (b.exp()) {
                    if (b.negative()) {
                        f = (Math.log(-b.lb()) - Math.log(-x)) / (Math.log(-b.lb()) - Math.log(-b.ub()));
                    } else {
                        f = (Math.log(x) - Math.log(b.lb())) / (Math.log(b.ub()) - Math.log(b.lb()));
                    }
                } else {
                    f = (x - b.lb()) / (b.ub() - b.lb());
                }
                acc += b.count() * f;
            }
        }
        return acc;
    }

    /** {@code histogram_quantiles(v, "label", q1, q2, ...)}: one output series per quantile, labelled with it. */
    static V histogramQuantiles(Evaluator ev, Call call, Ctx c) {
        String label = Functions.str(ev, call.args().get(1), c);
        List<SeriesData> result = new ArrayList<>();
        for (int a = 2; a < call.args().size(); a++) {
            double[] q = ((Sca) ev.eval(call.args().get(a), c)).v();
            java.util.List<io.hearth.promql.ast.Expr> args = List.of(call.args().get(a), call.args().get(0));
            Call single = new Call(io.hearth.promql.ast.Functions.get("histogram_quantile"), args, call.position());
            for (SeriesData sd : ((Vec) histogramQuantile(ev, single, c)).s()) {
                TreeMap<String, String> l = sd.labels.toMap();
                String qs = Functions.fmt(q[0]);
                if (!qs.contains(".") && !qs.contains("e") && !qs.contains("Inf") && !qs.contains("NaN")) {
                    qs += ".0";
                }
                l.put(label, qs);
                sd.labels = Labels.of(l);
                result.add(sd);
            }
        }
        return new Vec(result);
    }

    /** The group of a classic bucket series: its labels without le (and without the name unless removal is delayed). */
    static Labels bucketKey(Evaluator ev, SeriesData sd) {
        Labels l = ev.opts.delayedNameRemoval() ? sd.labels : Evaluator.dropNameLabels(sd.labels);
        return l.without("le");
    }

    /** Observations not in any bucket, which native histograms record for NaN values (sum then is NaN). */
    static double nanObservations(FloatHistogram h) {
        if (!Double.isNaN(h.sum)) {
            return 0;
        }
        double inBuckets = h.zeroCount;
        for (double c : h.posCount) {
            inBuckets += c;
        }
        for (double c : h.negCount) {
            inBuckets += c;
        }
        return Math.max(0, h.count - inBuckets);
    }

    static double parseLe(String s) {
        return switch (s) {
            case "+Inf", "Inf", "+inf", "inf" -> Double.POSITIVE_INFINITY;
            case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /**
     * The q-quantile of the {@code n} classic buckets with upper bounds {@code ub}, strictly
     * ascending, and cumulative counts {@code cnt} (made monotonic in place); {@code fixed[0]} is
     * set when the counts had to be.
     */
    static double bucketQuantile(double q, double[] ub, double[] cnt, int n, boolean[] fixed) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (n < 2 || ub[n - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        // make cumulative counts monotonic
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (cnt[i] > max) {
                max = cnt[i];
            } else if (cnt[i] < max) {
                if (max - cnt[i] > 1e-12 * Math.abs(max)) {
                    fixed[0] = true;
                }
                cnt[i] = max;
            }
        }
        double total = cnt[n - 1];
        if (total == 0 || Double.isNaN(total)) {
            return Double.NaN;
        }
        double rank = q * total;
        int b = 0;
        while (b < n - 1 && cnt[b] < rank) {
            b++;
        }
        if (b == n - 1) {
            return ub[n - 2];
        }
        if (b == 0 && ub[0] <= 0) {
            return ub[0];
        }
        double bucketStart = 0;
        double bucketEnd = ub[b];
        double count = cnt[b];
        if (b > 0) {
            bucketStart = ub[b - 1];
            count -= cnt[b - 1];
            rank -= cnt[b - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    /** One bucket of a native histogram in ascending order of values. */
    record Bucket(double lb, double ub, double count, boolean exp, boolean negative, int side, int idx) {}

    /** The populated buckets of a native histogram from the most negative to the most positive. */
    static List<Bucket> buckets(FloatHistogram h) {
        List<Bucket> out = new ArrayList<>();
        boolean anyNeg = false;
        boolean anyPos = false;
        for (double c : h.negCount) {
            anyNeg |= c != 0;
        }
        for (double c : h.posCount) {
            anyPos |= c != 0;
        }
        for (int i = h.negIndex.length - 1; i >= 0; i--) {
            if (h.negCount[i] == 0) {
                continue;
            }
            double ubAbs = FloatHistogram.upperBound(h.negIndex[i], h.schema);
            double lbAbs = FloatHistogram.upperBound(h.negIndex[i] - 1, h.schema);
            out.add(new Bucket(-ubAbs, -lbAbs, h.negCount[i], true, true, -1, h.negIndex[i]));
        }
        if (h.zeroCount != 0) {
            double lb = anyPos && !anyNeg ? 0 : -h.zeroThreshold;
            double ub = anyNeg && !anyPos ? 0 : h.zeroThreshold;
            out.add(new Bucket(lb, ub, h.zeroCount, false, false, 0, 0));
        }
        for (int i = 0; i < h.posIndex.length; i++) {
            if (h.posCount[i] == 0) {
                continue;
            }
            int idx = h.posIndex[i];
            if (h.isCustom()) {
                double ub = idx < h.customValues.length ? h.customValues[idx] : Double.POSITIVE_INFINITY;
                double lb = idx == 0 ? (ub > 0 && ub != Double.POSITIVE_INFINITY ? 0 : Double.NEGATIVE_INFINITY)
                        : h.customValues[idx - 1];
                out.add(new Bucket(lb, ub, h.posCount[i], false, false, 1, idx));
            } else {
                out.add(new Bucket(FloatHistogram.upperBound(idx - 1, h.schema), FloatHistogram.upperBound(idx, h.schema),
                        h.posCount[i], true, false, 1, idx));
            }
        }
        return out;
    }

    /**
     * The experimental trim operators: {@code h </ x} keeps the observations at or below x,
     * {@code h >/ x} those at or above, interpolating within the bucket that contains x; when
     * anything is cut, the sum is re-estimated from bucket midpoints.
     */
    static FloatHistogram trim(FloatHistogram h, double x, boolean keepBelow) {
        if (Double.isNaN(x)) {
            return h;
        }
        TreeMap<Integer, Double> pos = new TreeMap<>();
        TreeMap<Integer, Double> neg = new TreeMap<>();
        double zero = 0;
        double count = 0;
        double sum = 0;
        boolean cut = false;
        for (Bucket b : buckets(h)) {
            double lo;
            double hi;
            double kept;
            if (!keepBelow && h.isCustom() && b.idx() == 0 && b.lb() == 0 && x < 0 && x != Double.NEGATIVE_INFINITY) {
                // a first custom bucket counts from -Inf when cutting below zero
                cut = true;
                continue;
            }
            if (keepBelow ? b.ub() <= x : b.lb() >= x) {
                lo = b.lb();
                hi = b.ub();
                kept = b.count();
            } else if (keepBelow ? b.lb() >= x : b.ub() <= x) {
                cut = true;
                continue;
            } else {
                cut = true;
                lo = keepBelow ? b.lb() : x;
                hi = keepBelow ? x : b.ub();
                if (keepBelow ? b.ub() == Double.POSITIVE_INFINITY : b.lb() == Double.NEGATIVE_INFINITY) {
                    kept = 0;
                } else if (Double.isInfinite(b.lb()) || Double.isInfinite(b.ub())) {
                    kept = b.count();
                } else {
                    double f = fraction(b, x);
                    kept = b.count() * (keepBelow ? f : 1 - f);
                }
            }
            if (kept == 0) {
                continue;
            }
            count += kept;
            sum += kept * midpoint(b, lo, hi);
            switch (b.side()) {
                case -1 -> neg.merge(b.idx(), kept, Double::sum);
                case 0 -> zero += kept;
                default -> pos.merge(b.idx(), kept, Double::sum);
            }
        }
        if (!cut) {
            return h;
        }
        return new FloatHistogram(h.schema, h.zeroThreshold, zero, count, sum,
                pos.keySet().stream().mapToInt(Integer::intValue).toArray(),
                pos.values().stream().mapToDouble(Double::doubleValue).toArray(),
                neg.keySet().stream().mapToInt(Integer::intValue).toArray(),
                neg.values().stream().mapToDouble(Double::doubleValue).toArray(), h.customValues, h.hint);
    }

    /** The share of bucket b at or below x (log-space for exponential buckets). */
    private static double fraction(Bucket b, double x) {
        if (b.exp()) {
            if (b.negative()) {
                return (Math.log(-b.lb()) - Math.log(-x)) / (Math.log(-b.lb()) - Math.log(-b.ub()));
            }
            return (Math.log(x) - Math.log(b.lb())) / (Math.log(b.ub()) - Math.log(b.lb()));
        }
        return (x - b.lb()) / (b.ub() - b.lb());
    }

    private static double midpoint(Bucket b, double lo, double hi) {
        if (Double.isInfinite(hi)) {
            return lo;
        }
        if (Double.isInfinite(lo)) {
            return hi;
        }
        if (b.exp()) {
            return b.negative() ? -Math.sqrt(lo * hi) : Math.sqrt(lo * hi);
        }
        return (lo + hi) / 2;
    }

    /** The value a fraction f of the way through bucket b (log-space for exponential buckets). */
    static double within(Bucket b, double f) {
        if (b.exp()) {
            if (b.negative()) {
                double hiAbs = -b.lb();
                double loAbs = -b.ub();
                return -Math.exp(Math.log(hiAbs) - (Math.log(hiAbs) - Math.log(loAbs)) * f);
            }
            return Math.exp(Math.log(b.lb()) + (Math.log(b.ub()) - Math.log(b.lb())) * f);
        }
        return b.lb() + (b.ub() - b.lb()) * f;
    }

    /** Quantile of a native histogram. */
    static double nativeQuantile(double q, FloatHistogram h) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (h.count == 0 || (Double.isNaN(h.sum) && nanObservations(h) == 0)) {
            return Double.NaN;
        }
        List<Bucket> bs = buckets(h);
        double rank = q * h.count;
        double cum = 0;
        for (int i = 0; i < bs.size(); i++) {
            Bucket b = bs.get(i);
            if (cum + b.count() > rank || i == bs.size() - 1) {
                if (Double.isInfinite(b.ub())) {
                    return b.lb();
                }
                if (Double.isInfinite(b.lb())) {
                    return b.ub();
                }
                double f = Math.min(1, Math.max(0, (rank - cum) / b.count()));
                return within(b, f);
            }
            cum += b.count();
        }
        return Double.NaN;
    }
}

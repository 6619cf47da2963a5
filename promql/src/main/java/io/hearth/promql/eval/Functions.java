package io.hearth.promql.eval;

import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.LabelMatcher;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.ValueType;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.promql.eval.Evaluator.Ctx;
import io.hearth.promql.eval.Evaluator.RSeries;
import io.hearth.promql.eval.Evaluator.RangeIn;
import io.hearth.promql.eval.Evaluator.Sca;
import io.hearth.promql.eval.Evaluator.Str;
import io.hearth.promql.eval.Evaluator.V;
import io.hearth.promql.eval.Evaluator.Vec;
import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import io.hearth.spi.storage.Re2Pattern;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PromQL function implementations. */
final class Functions {
    private Functions() {}

    private static final Set<String> KEEP_NAME = Set.of("last_over_time", "first_over_time", "sort", "sort_desc",
            "sort_by_label", "sort_by_label_desc", "label_replace", "label_join");
    private static final Set<String> ANCHORED_OK = Set.of("changes", "delta", "increase", "rate", "resets");
    private static final Set<String> SMOOTHED_OK = Set.of("delta", "increase", "rate");

    static V call(Evaluator ev, Call call, Ctx c) {
        String name = call.function().name();
        List<Expr> args = call.args();
        int steps = c.steps();
        switch (name) {
            case "time" -> {
                double[] v = new double[steps];
                for (int k = 0; k < steps; k++) {
                    v[k] = c.time(k) / 1000.0;
                }
                return new Sca(v);
            }
            case "pi" -> {
                return constant(Math.PI, steps);
            }
            case "start" -> {
                return constant(ev.qStart / 1000.0, steps);
            }
            case "end" -> {
                return constant(ev.qEnd / 1000.0, steps);
            }
            case "range" -> {
                return constant((ev.qEnd - ev.qStart) / 1000.0, steps);
            }
            case "step" -> {
                return constant(ev.qStep / 1000.0, steps);
            }
            case "min_of", "max_of" -> {
                double[] a = ((Sca) ev.eval(args.get(0), c)).v();
                double[] b = ((Sca) ev.eval(args.get(1), c)).v();
                double[] v = new double[steps];
                for (int k = 0; k < steps; k++) {
                    v[k] = name.equals("min_of") ? Math.min(a[k], b[k]) : Math.max(a[k], b[k]);
                }
                return new Sca(v);
            }
            case "vector" -> {
                double[] a = ((Sca) ev.eval(args.get(0), c)).v();
                SeriesData sd = new SeriesData(Labels.EMPTY, steps);
                for (int k = 0; k < steps; k++) {
                    sd.set(k, a[k]);
                }
                return new Vec(List.of(sd));
            }
            case "scalar" -> {
                List<SeriesData> in = vec(ev, args.get(0), c);
                double[] v = new double[steps];
                for (int k = 0; k < steps; k++) {
                    int cnt = 0;
                    double val = Double.NaN;
                    for (SeriesData sd : in) {
                        if (sd.isFloat(k)) {
                            cnt++;
                            val = sd.f[k];
                        }
                    }
                    v[k] = cnt == 1 ? val : Double.NaN;
                }
                return new Sca(v);
            }
            default -> {}
        }
        if (call.function().argTypes().contains(ValueType.MATRIX) && !name.equals("absent_over_time")) {
            return rangeFunction(ev, call, c);
        }
        return switch (name) {
            case "absent_over_time" -> absentOverTime(ev, call, c);
            case "absent" -> absent(ev, call, c);
            case "info" -> Info.info(ev, call, c);
            case "start_timestamp" -> startTimestamp(ev, call, c);
            case "timestamp" -> timestamp(ev, call, c);
            case "label_replace" -> labelReplace(ev, call, c);
            case "label_join" -> labelJoin(ev, call, c);
            case "sort", "sort_desc" -> sort(ev, call, c, name.equals("sort_desc"));
            case "sort_by_label", "sort_by_label_desc" -> sortByLabel(ev, call, c, name.endsWith("_desc"));
            case "histogram_quantile" -> HistogramFunctions.histogramQuantile(ev, call, c);
            case "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year" ->
                    date(ev, call, c, name);
            case "clamp", "clamp_min", "clamp_max", "round" -> clamp(ev, call, c, name);
            default -> {
                if (name.startsWith("histogram_")) {
                    yield HistogramFunctions.call(ev, call, c);
                }
                yield math(ev, call, c, name);
            }
        };
    }

    static Sca constant(double v, int steps) {
        double[] a = new double[steps];
        Arrays.fill(a, v);
        return new Sca(a);
    }

    static List<SeriesData> vec(Evaluator ev, Expr e, Ctx c) {
        return ((Vec) ev.eval(e, c)).s();
    }

    private static V math(Evaluator ev, Call call, Ctx c, String name) {
        List<SeriesData> in = vec(ev, call.args().get(0), c);
        int steps = c.steps();
        List<SeriesData> out = new ArrayList<>(in.size());
        for (SeriesData sd : in) {
            SeriesData o = ev.derived(sd, steps);
            for (int k = 0; k < steps; k++) {
                if (sd.isFloat(k)) {
                    o.set(k, apply(name, sd.f[k]));
                }
            }
            out.add(o);
        }
        return new Vec(out);
    }

    static double apply(String name, double x) {
        return switch (name) {
            case "abs" -> Math.abs(x);
            case "ceil" -> Math.ceil(x);
            case "floor" -> Math.floor(x);
            case "exp" -> Math.exp(x);
            case "ln" -> Math.log(x);
            case "log2" -> log2(x);
            case "log10" -> Math.log10(x);
            case "sqrt" -> Math.sqrt(x);
            case "sgn" -> Double.isNaN(x) ? x : Math.signum(x);
            case "sin" -> Math.sin(x);
            case "cos" -> Math.cos(x);
            case "tan" -> Math.tan(x);
            case "asin" -> Math.asin(x);
            case "acos" -> Math.acos(x);
            case "atan" -> Math.atan(x);
            case "sinh" -> Math.sinh(x);
            case "cosh" -> Math.cosh(x);
            case "tanh" -> Math.tanh(x);
            case "asinh" -> Double.isInfinite(x) ? x : (x < 0 ? -1 : 1) * Math.log(Math.abs(x) + Math.sqrt(x * x + 1));
            case "acosh" -> x < 1 ? Double.NaN : Math.log(x + Math.sqrt(x * x - 1));
            case "atanh" -> Math.abs(x) > 1 ? Double.NaN : 0.5 * Math.log((1 + x) / (1 - x));
            case "deg" -> x * 180 / Math.PI;
            case "rad" -> x * Math.PI / 180;
            default -> throw new QueryException("function " + name + " is not implemented");
        };
    }

    /** Exact for powers of two, like Go's math.Log2. */
    static double log2(double x) {
        if (x > 0 && !Double.isInfinite(x)) {
            int e = Math.getExponent(x);
            if (x == Math.scalb(1.0, e)) {
                return e;
            }
        }
        return Math.log(x) / Math.log(2);
    }

    private static V clamp(Evaluator ev, Call call, Ctx c, String name) {
        List<SeriesData> in = vec(ev, call.args().get(0), c);
        int steps = c.steps();
        double[] a = call.args().size() > 1 ? ((Sca) ev.eval(call.args().get(1), c)).v() : null;
        double[] b = call.args().size() > 2 ? ((Sca) ev.eval(call.args().get(2), c)).v() : null;
        List<SeriesData> out = new ArrayList<>();
        for (SeriesData sd : in) {
            SeriesData o = ev.derived(sd, steps);
            for (int k = 0; k < steps; k++) {
                if (!sd.isFloat(k)) {
                    continue;
                }
                double x = sd.f[k];
                switch (name) {
                    case "clamp" -> {
                        if (b[k] < a[k]) {
                            continue;
                        }
                        o.set(k, Math.max(a[k], Math.min(b[k], x)));
                    }
                    case "clamp_min" -> o.set(k, Math.max(a[k], x));
                    case "clamp_max" -> o.set(k, Math.min(a[k], x));
                    default -> {
                        double inv = 1 / (a == null ? 1 : a[k]);
                        o.set(k, Math.floor(x * inv + 0.5) / inv);
                    }
                }
            }
            out.add(o);
        }
        return new Vec(out);
    }

    private static V date(Evaluator ev, Call call, Ctx c, String name) {
        int steps = c.steps();
        List<SeriesData> in;
        if (call.args().isEmpty()) {
            SeriesData sd = new SeriesData(Labels.EMPTY, steps);
            for (int k = 0; k < steps; k++) {
                sd.set(k, c.time(k) / 1000.0);
            }
            in = List.of(sd);
        } else {
            in = vec(ev, call.args().get(0), c);
        }
        List<SeriesData> out = new ArrayList<>();
        for (SeriesData sd : in) {
            SeriesData o = call.args().isEmpty() ? sd : ev.derived(sd, steps);
            if (o == sd) {
                o = new SeriesData(Labels.EMPTY, steps);
            }
            for (int k = 0; k < steps; k++) {
                if (!sd.isFloat(k)) {
                    continue;
                }
                double x = sd.f[k];
                if (Double.isNaN(x) || Double.isInfinite(x)) {
                    o.set(k, x);
                    continue;
                }
                ZonedDateTime t = Instant.ofEpochSecond((long) Math.floor(x)).atZone(ZoneOffset.UTC);
                double v = switch (name) {
                    case "day_of_month" -> t.getDayOfMonth();
                    case "day_of_week" -> t.getDayOfWeek().getValue() % 7;
                    case "day_of_year" -> t.getDayOfYear();
                    case "days_in_month" -> t.toLocalDate().lengthOfMonth();
                    case "hour" -> t.getHour();
                    case "minute" -> t.getMinute();
                    case "month" -> t.getMonthValue();
                    default -> t.getYear();
                };
                o.set(k, v);
            }
            out.add(o);
        }
        return new Vec(out);
    }

    private static V timestamp(Evaluator ev, Call call, Ctx c) {
        List<SeriesData> in = vec(ev, call.args().get(0), c);
        int steps = c.steps();
        List<SeriesData> out = new ArrayList<>();
        for (SeriesData sd : in) {
            SeriesData o = ev.derived(sd, steps);
            for (int k = 0; k < steps; k++) {
                if (sd.has[k]) {
                    o.set(k, (sd.ts != null ? sd.ts[k] : c.time(k)) / 1000.0);
                }
            }
            out.add(o);
        }
        return new Vec(out);
    }

    private static V startTimestamp(Evaluator ev, Call call, Ctx c) {
        List<SeriesData> in = vec(ev, call.args().get(0), c);
        int steps = c.steps();
        List<SeriesData> out = new ArrayList<>();
        if (!(Evaluator.unwrap(call.args().get(0)) instanceof VectorSelector)) {
            return new Vec(out);
        }
        for (SeriesData sd : in) {
            SeriesData o = ev.derived(sd, steps);
            for (int k = 0; k < steps; k++) {
                if (sd.has[k]) {
                    o.set(k, (sd.st != null ? sd.st[k] : 0) / 1000.0);
                }
            }
            out.add(o);
        }
        return new Vec(out);
    }

    private static Labels absentLabels(Expr arg) {
        arg = Evaluator.unwrap(arg);
        if (arg instanceof MatrixSelector m) {
            arg = m.selector();
        }
        if (!(arg instanceof VectorSelector vs)) {
            return Labels.EMPTY;
        }
        Map<String, String> t = new TreeMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (LabelMatcher m : vs.matchers()) {
            seen.merge(m.name(), 1, Integer::sum);
        }
        for (LabelMatcher m : vs.matchers()) {
            if (m.type() == LabelMatcher.Type.EQUAL && !m.name().equals(Evaluator.NAME) && seen.get(m.name()) == 1) {
                t.put(m.name(), m.value());
            }
        }
        return Labels.of(t);
    }

    private static V absent(Evaluator ev, Call call, Ctx c) {
        List<SeriesData> in = vec(ev, call.args().get(0), c);
        int steps = c.steps();
        SeriesData o = new SeriesData(absentLabels(call.args().get(0)), steps);
        for (int k = 0; k < steps; k++) {
            boolean any = false;
            for (SeriesData sd : in) {
                any |= sd.has[k];
            }
            if (!any) {
                o.set(k, 1);
            }
        }
        return new Vec(List.of(o));
    }

    private static V absentOverTime(Evaluator ev, Call call, Ctx c) {
        RangeIn in = ev.rangeInput(call.args().get(0), c);
        int steps = c.steps();
        SeriesData o = new SeriesData(absentLabels(call.args().get(0)), steps);
        for (int k = 0; k < steps; k++) {
            long hi = in.refs()[k];
            long lo = hi - in.range();
            boolean any = false;
            for (RSeries r : in.series()) {
                for (int i = 0; i < r.fn && !any; i++) {
                    any = r.ft[i] > lo && r.ft[i] <= hi;
                }
                for (int i = 0; i < r.hn && !any; i++) {
                    any = r.ht[i] > lo && r.ht[i] <= hi;
                }
            }
            if (!any) {
                o.set(k, 1);
            }
        }
        return new Vec(List.of(o));
    }

    private static V labelReplace(Evaluator ev, Call call, Ctx c) {
        List<SeriesData> in = vec(ev, call.args().get(0), c);
        String dst = str(ev, call.args().get(1), c);
        String repl = str(ev, call.args().get(2), c);
        String srcLabel = str(ev, call.args().get(3), c);
        String regex = str(ev, call.args().get(4), c);
        Pattern p;
        try {
            p = Pattern.compile("^(?:" + Re2Pattern.toJava(regex) + ")$", Pattern.DOTALL);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new QueryException("invalid regular expression in label_replace(): " + regex);
        }
        if (!Aggregations.validLabelName(dst)) {
            throw new QueryException("invalid destination label name in label_replace(): " + dst);
        }
        List<SeriesData> out = new ArrayList<>();
        for (SeriesData sd : in) {
            Matcher m = p.matcher(sd.labels.get(srcLabel));
            SeriesData o = copyOf(sd);
            if (m.matches()) {
                String v = expand(m, repl);
                TreeMap<String, String> t = sd.labels.toMap();
                t.put(dst, v);
                o.labels = Labels.of(t);
                if (dst.equals(Evaluator.NAME)) {
                    o.dropName = false;
                }
            }
            out.add(o);
        }
        checkDuplicates(ev, out);
        return new Vec(out);
    }

    static void checkDuplicates(Evaluator ev, List<SeriesData> out) {
        int steps = out.isEmpty() ? 0 : out.get(0).has.length;
        for (int k = 0; k < steps; k++) {
            java.util.HashSet<Labels> seen = new java.util.HashSet<>();
            for (SeriesData sd : out) {
                if (sd.has[k] && !seen.add(Evaluator.effective(sd)) && !ev.opts.delayedNameRemoval()) {
                    throw new QueryException("vector cannot contain metrics with the same labelset");
                }
            }
        }
    }

    /**
     * Refuses, as Prometheus does before an aggregation takes its input, series whose labels are
     * the same once their dropped metric names are gone and that both have a value at some step
     * ({@code sum(rate({__name__=~"a|b"}[5m]))}): one set of labels per series, and steps are
     * compared only between labels that collide.
     */
    static void checkNameDropDuplicates(Evaluator ev, List<SeriesData> in) {
        if (ev.opts.delayedNameRemoval() || in.size() < 2) {
            return;
        }
        HashMap<Labels, Object> seen = new HashMap<>(); // labels -> first series, then steps taken
        for (SeriesData sd : in) {
            Labels labels = Evaluator.effective(sd);
            Object before = seen.putIfAbsent(labels, sd);
            if (before == null) {
                continue;
            }
            boolean[] taken = before instanceof SeriesData first ? first.has.clone() : (boolean[]) before;
            for (int k = 0; k < taken.length; k++) {
                if (sd.has[k]) {
                    if (taken[k]) {
                        throw new QueryException("vector cannot contain metrics with the same labelset");
                    }
                    taken[k] = true;
                }
            }
            seen.put(labels, taken);
        }
    }

    static SeriesData copyOf(SeriesData sd) {
        SeriesData o = new SeriesData(sd.labels, sd.has.length);
        System.arraycopy(sd.f, 0, o.f, 0, sd.f.length);
        System.arraycopy(sd.has, 0, o.has, 0, sd.has.length);
        o.h = sd.h;
        o.dropName = sd.dropName;
        return o;
    }

    /** Go's regexp Expand: $1, ${1}, $name, ${name}, $$. */
    static String expand(Matcher m, String template) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char ch = template.charAt(i);
            if (ch != '$' || i + 1 >= template.length()) {
                sb.append(ch);
                i++;
                continue;
            }
            char nx = template.charAt(i + 1);
            if (nx == '$') {
                sb.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (nx == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    sb.append(ch);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                end = close + 1;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                    j++;
                }
                name = template.substring(i + 1, j);
                end = j;
            }
            if (name.isEmpty()) {
                sb.append(ch);
                i++;
                continue;
            }
            String v = null;
            try {
                int g = Integer.parseInt(name);
                if (g <= m.groupCount()) {
                    v = m.group(g);
                }
            } catch (NumberFormatException e) {
                try {
                    v = m.group(name);
                } catch (IllegalArgumentException ex) {
                    v = null;
                }
            }
            if (v != null) {
                sb.append(v);
            }
            i = end;
        }
        return sb.toString();
    }

    private static V labelJoin(Evaluator ev, Call call, Ctx c) {
        List<SeriesData> in = vec(ev, call.args().get(0), c);
        String dst = str(ev, call.args().get(1), c);
        String sep = str(ev, call.args().get(2), c);
        List<String> srcs = new ArrayList<>();
        for (int i = 3; i < call.args().size(); i++) {
            srcs.add(str(ev, call.args().get(i), c));
        }
        if (!Aggregations.validLabelName(dst)) {
            throw new QueryException("invalid destination label name in label_join(): " + dst);
        }
        List<SeriesData> out = new ArrayList<>();
        for (SeriesData sd : in) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < srcs.size(); i++) {
                if (i > 0) {
                    sb.append(sep);
                }
                sb.append(sd.labels.get(srcs.get(i)));
            }
            SeriesData o = copyOf(sd);
            TreeMap<String, String> t = sd.labels.toMap();
            t.put(dst, sb.toString());
            o.labels = Labels.of(t);
            if (dst.equals(Evaluator.NAME)) {
                o.dropName = false;
            }
            out.add(o);
        }
        checkDuplicates(ev, out);
        return new Vec(out);
    }

    static String str(Evaluator ev, Expr e, Ctx c) {
        return ((Str) ev.eval(e, c)).s();
    }

    private static V sort(Evaluator ev, Call call, Ctx c, boolean desc) {
        List<SeriesData> in = new ArrayList<>(vec(ev, call.args().get(0), c));
        if (!ev.instant) {
            ev.warn("sort is ineffective for range queries since results are always ordered by labels", call);
            return new Vec(in);
        }
        in.removeIf(sd -> !sd.isFloat(0));
        in.sort((a, b) -> {
            double x = a.f[0];
            double y = b.f[0];
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
            }
            return desc ? Double.compare(y, x) : Double.compare(x, y);
        });
        return new Vec(in);
    }

    private static V sortByLabel(Evaluator ev, Call call, Ctx c, boolean desc) {
        List<SeriesData> in = new ArrayList<>(vec(ev, call.args().get(0), c));
        List<String> names = new ArrayList<>();
        for (int i = 1; i < call.args().size(); i++) {
            names.add(str(ev, call.args().get(i), c));
        }
        Comparator<SeriesData> cmp = (a, b) -> {
            for (String n : names) {
                int r = natural(a.labels.get(n), b.labels.get(n));
                if (r != 0) {
                    return r;
                }
            }
            return a.labels.compareTo(b.labels);
        };
        if (!ev.instant) {
            ev.warn("sort is ineffective for range queries since results are always ordered by labels", call);
        }
        in.sort(desc ? cmp.reversed() : cmp);
        return new Vec(in);
    }

    /** Natural order: runs of digits compare by number. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int r = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (r != 0) {
                    return r;
                }
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    // ---------------------------------------------------------------- range functions

    private static V rangeFunction(Evaluator ev, Call call, Ctx c) {
        return rangeFunction(ev, call, c, null);
    }

    /** A range function call over {@code given} when not null (its argument already selected), else over its argument. */
    static V rangeFunction(Evaluator ev, Call call, Ctx c, RangeIn given) {
        String name = call.function().name();
        int matIdx = name.equals("quantile_over_time") ? 1 : 0;
        Expr arg = Evaluator.unwrap(call.args().get(matIdx));
        if (arg instanceof MatrixSelector ms) {
            if (ms.selector().anchored() && !ANCHORED_OK.contains(name)) {
                throw new QueryException("anchored modifier can only be used with: changes, delta, increase, rate, resets - not with " + name);
            }
            if (ms.selector().smoothed() && !SMOOTHED_OK.contains(name)) {
                throw new QueryException("smoothed modifier can only be used with: delta, increase, rate - not with " + name);
            }
        }
        boolean anchored = arg instanceof MatrixSelector am && am.selector().anchored();
        boolean smoothed = arg instanceof MatrixSelector sm && sm.selector().smoothed();
        int steps = c.steps();
        double[] p0 = null;
        double[] p1 = null;
        if (name.equals("quantile_over_time")) {
            p0 = ((Sca) ev.eval(call.args().get(0), c)).v();
        } else if (name.equals("predict_linear")) {
            p0 = ((Sca) ev.eval(call.args().get(1), c)).v();
        } else if (name.equals("double_exponential_smoothing")) {
            p0 = ((Sca) ev.eval(call.args().get(1), c)).v();
            p1 = ((Sca) ev.eval(call.args().get(2), c)).v();
            for (int k = 0; k < steps; k++) {
                if (p0[k] <= 0 || p0[k] >= 1) {
                    throw new QueryException("invalid smoothing factor. Expected: 0 < sf < 1, got: " + fmt(p0[k]));
                }
                if (p1[k] <= 0 || p1[k] >= 1) {
                    throw new QueryException("invalid trend factor. Expected: 0 < tf < 1, got: " + fmt(p1[k]));
                }
            }
        }
        if (name.equals("quantile_over_time")) {
            for (int k = 0; k < steps; k++) {
                if (p0[k] < 0 || p0[k] > 1 || Double.isNaN(p0[k])) {
                    ev.warn("quantile value should be between 0 and 1, got " + fmt(p0[k]), call.args().get(0));
                }
            }
        }
        RangeIn in = given != null ? given : ev.rangeInput(arg, c);
        boolean keepName = KEEP_NAME.contains(name);
        boolean counterFn = name.equals("rate") || name.equals("increase") || name.equals("irate");
        boolean stAware = counterFn || name.equals("resets");
        // rate, increase and delta skip floatFn's switch on the name, which showed at every step
        boolean increaseLike = counterFn && !name.equals("irate") || name.equals("delta");
        boolean isRate = name.equals("rate");
        // float-only series without start timestamps step through FloatRangeSteps
        boolean steppable = !anchored && !smoothed && FloatRangeSteps.covers(name);
        final double[] fp0 = p0;
        final double[] fp1 = p1;
        // the per-series loop, run on the query's thread or, for many selected series of a range
        // query, on partitions of them at once (each with its own evaluator for annotations)
        SeriesLoop loop = (pev, series) -> {
            List<SeriesData> out = new ArrayList<>();
            Window w = new Window();
            int[] drops = new int[0];
            FloatRangeSteps stepped = new FloatRangeSteps();
            for (RSeries r : series) {
                w.drops = null;
                if (steppable && r.hn == 0 && !(r.hasSt && stAware)) {
                    SeriesData o = new SeriesData(r.labels, steps);
                    o.dropName = r.dropName;
                    if (!keepName) {
                        pev.dropName(o);
                    }
                    if (stepped.run(name, r.ft, r.fv, r.fn, in.refs(), in.range(), o) && counterFn
                            && !isCounterName(Evaluator.metricName(r.labels))) {
                        pev.info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
                                + goQuote(Evaluator.metricName(r.labels)), call.args().get(matIdx));
                    }
                    out.add(o);
                    continue;
                }
                if (counterFn && !anchored && !smoothed && !(r.hasSt && stAware) && r.fn > 1) {
                    if (drops.length < r.fn) {
                        drops = new int[Math.max(r.fn, drops.length * 2)];
                    }
                    drops[0] = 0;
                    for (int i = 1; i < r.fn; i++) {
                        drops[i] = drops[i - 1] + (r.fv[i] < r.fv[i - 1] ? 1 : 0);
                    }
                    w.drops = drops;
                }
                SeriesData o = new SeriesData(r.labels, steps);
                o.dropName = r.dropName;
                if (!keepName) {
                    pev.dropName(o);
                }
                int lo = 0;
                int hi = 0;
                int hlo = 0;
                int hhi = 0;
                boolean warnedCounter = false;
                int counterName = 0; // 1: a counter's name, -1: not, 0: not looked at yet
                boolean warnedOverlap = false;
                for (int k = 0; k < steps; k++) {
                    long end = in.refs()[k];
                    long start = end - in.range();
                    while (hi < r.fn && r.ft[hi] <= end) {
                        hi++;
                    }
                    while (lo < hi && r.ft[lo] <= start) {
                        lo++;
                    }
                    if (lo > hi) {
                        lo = hi;
                    }
                    while (hhi < r.hn && r.ht[hhi] <= end) {
                        hhi++;
                    }
                    while (hlo < hhi && r.ht[hlo] <= start) {
                        hlo++;
                    }
                    int nf = hi - lo;
                    int nh = hhi - hlo;
                    if (r.hn > 0 && (name.equals("changes") || name.equals("resets"))) {
                        if (nf + nh > 0) {
                            o.set(k, anchoredMixed(name, r, lo, hi, hlo, hhi, start, anchored ? pev.opts.lookbackMillis() : 0));
                        }
                        continue;
                    }
                    if ((anchored || smoothed) && r.fn == 0 && r.hn > 0 && !name.equals("changes") && !name.equals("resets")) {
                        FloatHistogram hv = HistogramFunctions.extended(pev, call, name, r, hlo, hhi, start, end, smoothed);
                        if (hv != null) {
                            o.setH(k, hv);
                        }
                        continue;
                    }
                    if (smoothed && nh == 0 && r.hn == 0) {
                        double v = smoothedFn(name, r.ft, r.fv, r.fn, lo, hi, start, end, pev.opts.lookbackMillis(), w);
                        if (w.ok) {
                            o.set(k, v);
                        }
                        continue;
                    }
                    if (nf == 0 && nh == 0) {
                        continue;
                    }
                    if (nh > 0 && MIXED_OK.contains(name)) {
                        mixed(name, r, lo, hi, hlo, hhi, o, k);
                        continue;
                    }
                    if (nh > 0 && FLOAT_ONLY.contains(name)) {
                        if (nf == 0) {
                            continue;
                        }
                        pev.info("ignored histograms in a range of floats and histograms for " + name, call.args().get(matIdx));
                        nh = 0;
                    }
                    if (nh > 0 && nf > 0 && (name.equals("irate") || name.equals("idelta"))) {
                        // only the last two samples count: mixed only if they differ in kind
                        long lastF = r.ft[hi - 1];
                        long lastH = r.ht[hhi - 1];
                        if (lastH > lastF) {
                            if (nh >= 2 && r.ht[hhi - 2] > lastF) {
                                nf = 0;
                            }
                        } else if (nf >= 2 && r.ft[hi - 2] > lastH) {
                            nh = 0;
                        }
                    }
                    if (nh > 0 && nf == 0 && (name.equals("irate") || name.equals("idelta")) && hhi - hlo >= 2) {
                        boolean lastGauge = r.hv[hhi - 1].hint == FloatHistogram.Hint.GAUGE;
                        boolean prevGauge = r.hv[hhi - 2].hint == FloatHistogram.Hint.GAUGE;
                        boolean gauge = name.equals("irate") ? lastGauge || prevGauge : lastGauge && prevGauge;
                        if (name.equals("irate") && gauge) {
                            pev.warn("this native histogram metric is not a counter: " + goQuote(Evaluator.metricName(r.labels)),
                                    call.args().get(matIdx));
                        } else if (name.equals("idelta") && !gauge) {
                            pev.warn("this native histogram metric is not a gauge: " + goQuote(Evaluator.metricName(r.labels)),
                                    call.args().get(matIdx));
                        }
                    }
                    if (nh > 0) {
                        if (nf > 0) {
                            pev.warn("encountered a mix of histograms and floats for metric name "
                                    + goQuote(Evaluator.metricName(r.labels)), call.args().get(matIdx));
                            continue;
                        }
                        FloatHistogram hv = HistogramFunctions.rangeHist(pev, call, name, r, hlo, hhi, start, end, o, k);
                        if (hv != null) {
                            o.setH(k, hv);
                        }
                        continue;
                    }
                    if (anchored || smoothed) {
                        double v = smoothed
                                ? smoothedFn(name, r.ft, r.fv, r.fn, lo, hi, start, end, pev.opts.lookbackMillis(), w)
                                : anchoredFn(name, r.ft, r.fv, lo, hi, start, pev.opts.lookbackMillis(), end, w);
                        if (w.ok) {
                            o.set(k, v);
                        }
                        continue;
                    }
                    w.t = r.ft;
                    w.v = r.fv;
                    w.st = r.hasSt && stAware ? r.fst : null;
                    w.lo = lo;
                    w.hi = hi;
                    w.start = start;
                    w.end = end;
                    w.evalTime = end;
                    w.p0 = fp0 == null ? 0 : fp0[k];
                    w.p1 = fp1 == null ? 0 : fp1[k];
                    w.ok = true;
                    if (w.st != null && counterFn && !warnedOverlap) {
                        for (int i = lo + 1; i < hi; i++) {
                            long cst = w.st[i];
                            if (cst != 0 && cst < r.ft[i - 1] && cst != w.st[i - 1]) {
                                warnedOverlap = true;
                                pev.warn("sample has start time that overlaps with previous sample timestamp for metric "
                                        + goQuote(Evaluator.metricName(r.labels)), call.args().get(matIdx));
                                break;
                            }
                        }
                    }
                    double v = increaseLike ? increaseLike(w, !name.equals("delta"), isRate) : floatFn(name, w, c.time(k), in.refs()[k]);
                    if (w.ok) {
                        o.set(k, v);
                        if (counterFn && counterName == 0) {
                            counterName = isCounterName(Evaluator.metricName(r.labels)) ? 1 : -1;
                        }
                        if (counterFn && !warnedCounter && counterName < 0) {
                            warnedCounter = true;
                            pev.info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
                                    + goQuote(Evaluator.metricName(r.labels)), call.args().get(matIdx));
                        }
                    }
                }
                out.add(o);
            }
            return out;
        };
        if (in.selected() == null || steps < 2 || SeriesPartitions.THREADS < 2) {
            return new Vec(loop.run(ev, in.series()));
        }
        List<Part> parts = SeriesPartitions.run(in.selected().size(), (from, to) -> {
            Evaluator fork = ev.fork();
            return new Part(fork, loop.run(fork, in.part(fork, from, to)));
        });
        if (parts.size() == 1) {
            ev.join(parts.get(0).ev());
            return new Vec(parts.get(0).out());
        }
        List<SeriesData> out = new ArrayList<>();
        for (Part part : parts) {
            ev.join(part.ev());
            out.addAll(part.out());
        }
        return new Vec(out);
    }

    /** What one partition of a range function gave, and the evaluator that holds its annotations. */
    private record Part(Evaluator ev, List<SeriesData> out) {}

    /** The loop of a range function over a stream of series, with the evaluator it annotates. */
    @FunctionalInterface
    private interface SeriesLoop {
        List<SeriesData> run(Evaluator pev, Iterable<RSeries> series);
    }

    private static final Set<String> MIXED_OK = Set.of("count_over_time", "present_over_time", "last_over_time",
            "first_over_time", "ts_of_last_over_time", "ts_of_first_over_time");
    private static final Set<String> FLOAT_ONLY = Set.of("max_over_time", "min_over_time", "stddev_over_time",
            "stdvar_over_time", "quantile_over_time", "mad_over_time", "deriv", "predict_linear",
            "double_exponential_smoothing", "ts_of_max_over_time", "ts_of_min_over_time");

    /** Functions that take floats and histograms alike. */
    private static void mixed(String name, RSeries r, int lo, int hi, int hlo, int hhi, SeriesData o, int k) {
        long lastF = hi > lo ? r.ft[hi - 1] : Long.MIN_VALUE;
        long lastH = hhi > hlo ? r.ht[hhi - 1] : Long.MIN_VALUE;
        long firstF = hi > lo ? r.ft[lo] : Long.MAX_VALUE;
        long firstH = hhi > hlo ? r.ht[hlo] : Long.MAX_VALUE;
        switch (name) {
            case "count_over_time" -> o.set(k, (hi - lo) + (hhi - hlo));
            case "present_over_time" -> o.set(k, 1);
            case "ts_of_last_over_time" -> o.set(k, Math.max(lastF, lastH) / 1000.0);
            case "ts_of_first_over_time" -> o.set(k, Math.min(firstF, firstH) / 1000.0);
            case "last_over_time" -> {
                if (lastF > lastH) {
                    o.set(k, r.fv[hi - 1]);
                } else {
                    o.setH(k, r.hv[hhi - 1]);
                }
            }
            default -> {
                if (firstF < firstH) {
                    o.set(k, r.fv[lo]);
                } else {
                    o.setH(k, r.hv[hlo]);
                }
            }
        }
    }

    /** changes/resets over floats and histograms in time order, from the anchor sample before the window. */
    static double anchoredMixed(String name, RSeries r, int lo, int hi, int hlo, int hhi, long start, long lookback) {
        // anchor: newest sample of either kind at or before start
        int fa = lo > 0 && r.ft[lo - 1] > start - lookback ? lo - 1 : lo;
        int ha = hlo > 0 && r.ht[hlo - 1] > start - lookback ? hlo - 1 : hlo;
        if (fa < lo && ha < hlo) {
            if (r.ft[fa] > r.ht[ha]) {
                ha = hlo;
            } else {
                fa = lo;
            }
        }
        int i = fa;
        int j = ha;
        boolean havePrev = false;
        boolean prevHist = false;
        double pf = 0;
        FloatHistogram ph = null;
        int count = 0;
        while (i < hi || j < hhi) {
            boolean takeH = j < hhi && (i >= hi || r.ht[j] < r.ft[i]);
            if (takeH) {
                int hj = j;
                FloatHistogram h = r.hv[j++];
                if (havePrev) {
                    if (!prevHist) {
                        count++;
                    } else if (name.equals("changes") ? !HistogramFunctions.same(ph, h)
                            : FloatHistogram.detectReset(ph, h) || (hj > 0 && HistogramFunctions.hReset(r, hj))) {
                        count++;
                    }
                }
                ph = h;
                prevHist = true;
            } else {
                double f = r.fv[i++];
                if (havePrev) {
                    if (prevHist) {
                        count++;
                    } else if (name.equals("changes") ? (f != pf && !(Double.isNaN(f) && Double.isNaN(pf))) : f < pf) {
                        count++;
                    }
                }
                pf = f;
                prevHist = false;
            }
            havePrev = true;
        }
        return count;
    }

    /** rate/increase/delta/changes/resets over the window plus the last sample at or before its start. */
    static double anchoredFn(String name, long[] t, double[] v, int lo, int hi, long start, long lookback, long end, Window w) {
        w.ok = hi > lo;
        if (!w.ok) {
            return 0;
        }
        int a = lo > 0 && t[lo - 1] > start - lookback ? lo - 1 : lo;
        int count = 0;
        double corr = 0;
        for (int i = a + 1; i < hi; i++) {
            if (name.equals("changes")) {
                if (v[i] != v[i - 1] && !(Double.isNaN(v[i]) && Double.isNaN(v[i - 1]))) {
                    count++;
                }
            } else if (v[i] < v[i - 1]) {
                count++;
                corr += v[i - 1];
            }
        }
        return switch (name) {
            case "changes", "resets" -> count;
            case "delta" -> v[hi - 1] - v[a];
            case "increase" -> v[hi - 1] - v[a] + corr;
            default -> (v[hi - 1] - v[a] + corr) / ((end - start) / 1000.0);
        };
    }

    /** rate/increase/delta between values interpolated at both ends of the window. */
    static double smoothedFn(String name, long[] t, double[] v, int n, int lo, int hi, long start, long end, long lookback,
            Window w) {
        boolean counter = !name.equals("delta");
        w.ok = hi > 0 && lo < n && t[hi - 1] > end - lookback;
        if (!w.ok) {
            return 0;
        }
        double endVal;
        if (t[hi - 1] == end || hi >= n || t[hi] - end >= lookback) {
            endVal = v[hi - 1];
        } else {
            endVal = interpolate(t, v, hi - 1, hi, end, counter);
        }
        double startVal;
        if (lo > 0 && start - t[lo - 1] < lookback) {
            startVal = interpolate(t, v, lo - 1, lo, start, counter);
        } else {
            startVal = v[lo];
        }
        double result = endVal - startVal;
        if (counter) {
            double prev = startVal;
            for (int i = lo; i < hi; i++) {
                if (v[i] < prev) {
                    result += prev;
                }
                prev = v[i];
            }
            if (endVal < prev) {
                result += prev;
            }
        }
        if (name.equals("rate")) {
            result /= (end - start) / 1000.0;
        }
        return result;
    }

    private static double interpolate(long[] t, double[] v, int i, int j, long x, boolean counter) {
        double frac = (x - t[i]) / (double) (t[j] - t[i]);
        if (counter && v[j] < v[i]) {
            return v[j] * frac;
        }
        return v[i] + (v[j] - v[i]) * frac;
    }

    static boolean isCounterName(String n) {
        return n.endsWith("_total") || n.endsWith("_sum") || n.endsWith("_count") || n.endsWith("_bucket");
    }

    /** A window of float samples [lo, hi) of a series, with the range (start, end]. */
    static final class Window {
        long[] t;
        double[] v;
        /** Start timestamps of the samples (0: unknown), or null when the input carries none. */
        long[] st;
        /**
         * For counters without start timestamps, or null: {@code drops[i]} is how many samples
         * {@code 1..i} are below their predecessor, so a window without a reset skips the scan.
         */
        int[] drops;
        int lo;
        int hi;
        long start;
        long end;
        long evalTime;
        double p0;
        double p1;
        boolean ok;

        int n() {
            return hi - lo;
        }
    }

    /** Whether sample i has a usable start timestamp: known and before its own timestamp. */
    static boolean stUsable(Window w, int i) {
        return w.st != null && w.st[i] != 0 && w.st[i] < w.t[i];
    }

    /** Whether sample i starts a new counter according to its start timestamp. */
    static boolean stReset(Window w, int i) {
        if (!stUsable(w, i)) {
            return false;
        }
        long prevT = w.t[i - 1];
        return w.st[i] > prevT || (w.st[i] == prevT && stUsable(w, i - 1));
    }

    static double floatFn(String name, Window w, long stepTime, long ref) {
        int n = w.n();
        double[] v = w.v;
        long[] t = w.t;
        int lo = w.lo;
        int hi = w.hi;
        switch (name) {
            case "rate", "increase", "delta" -> {
                return increaseLike(w, !name.equals("delta"), name.equals("rate"));
            }
            case "irate", "idelta" -> {
                if (n < 2) {
                    w.ok = false;
                    return 0;
                }
                double last = v[hi - 1];
                double prev = v[hi - 2];
                double d = (name.equals("irate") && (last < prev || stReset(w, hi - 1))) ? last : last - prev;
                if (name.equals("idelta")) {
                    return d;
                }
                long dt = t[hi - 1] - t[hi - 2];
                if (dt == 0) {
                    w.ok = false;
                    return 0;
                }
                return d / (dt / 1000.0);
            }
            case "sum_over_time" -> {
                double s = 0;
                double cc = 0;
                for (int i = lo; i < hi; i++) {
                    double inc1 = v[i];
                    double t1 = s + inc1;
                    cc = kahanComp(s, inc1, t1, cc);
                    s = t1;
                }
                return Double.isInfinite(s) ? s : s + cc;
            }
            case "avg_over_time" -> {
                return avg(v, lo, hi);
            }
            case "count_over_time" -> {
                return n;
            }
            case "present_over_time" -> {
                return 1;
            }
            case "last_over_time" -> {
                return v[hi - 1];
            }
            case "first_over_time" -> {
                return v[lo];
            }
            case "ts_of_last_over_time" -> {
                return t[hi - 1] / 1000.0;
            }
            case "ts_of_first_over_time" -> {
                return t[lo] / 1000.0;
            }
            case "max_over_time", "min_over_time", "ts_of_max_over_time", "ts_of_min_over_time" -> {
                boolean max = name.contains("max");
                double best = v[lo];
                long bt = t[lo];
                for (int i = lo + 1; i < hi; i++) {
                    double x = v[i];
                    if ((max ? x > best : x < best) || (Double.isNaN(best) && !Double.isNaN(x))) {
                        best = x;
                        bt = t[i];
                    }
                }
                if (name.startsWith("ts_")) {
                    // the newest sample holding the extreme value
                    for (int i = hi - 1; i >= lo; i--) {
                        if (v[i] == best || (Double.isNaN(best) && Double.isNaN(v[i]))) {
                            bt = t[i];
                            break;
                        }
                    }
                    return bt / 1000.0;
                }
                return best;
            }
            case "stddev_over_time", "stdvar_over_time" -> {
                double cnt = 0;
                double mean = 0;
                double cMean = 0;
                double aux = 0;
                double cAux = 0;
                for (int i = lo; i < hi; i++) {
                    cnt++;
                    double delta = v[i] - (mean + cMean);
                    double inc2 = delta / cnt;
                    double t2 = mean + inc2;
                    cMean = kahanComp(mean, inc2, t2, cMean);
                    mean = t2;
                    double inc3 = delta * (v[i] - (mean + cMean));
                    double t3 = aux + inc3;
                    cAux = kahanComp(aux, inc3, t3, cAux);
                    aux = t3;
                }
                double var = (aux + cAux) / cnt;
                return name.startsWith("stddev") ? Math.sqrt(var) : var;
            }
            case "quantile_over_time" -> {
                double[] a = Arrays.copyOfRange(v, lo, hi);
                return quantile(w.p0, a, a.length);
            }
            case "mad_over_time" -> {
                for (int i = lo; i < hi; i++) {
                    if (Double.isNaN(v[i])) {
                        return Double.NaN;
                    }
                }
                double[] a = Arrays.copyOfRange(v, lo, hi);
                double med = quantile(0.5, a, a.length);
                for (int i = 0; i < a.length; i++) {
                    a[i] = Math.abs(a[i] - med);
                }
                return quantile(0.5, a, a.length);
            }
            case "changes", "resets" -> {
                int cnt = 0;
                for (int i = lo + 1; i < hi; i++) {
                    double cur = v[i];
                    double prev = v[i - 1];
                    if (name.equals("changes")) {
                        if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
                            cnt++;
                        }
                    } else if (cur < prev || stReset(w, i)) {
                        cnt++;
                    }
                }
                return cnt;
            }
            case "deriv", "predict_linear" -> {
                if (n < 2) {
                    w.ok = false;
                    return 0;
                }
                long intercept = name.equals("deriv") ? t[lo] : stepTime;
                double[] sr = regression(t, v, lo, hi, intercept);
                if (name.equals("deriv")) {
                    return sr[0];
                }
                return sr[0] * w.p0 + sr[1];
            }
            case "double_exponential_smoothing" -> {
                if (n < 2) {
                    w.ok = false;
                    return 0;
                }
                double sf = w.p0;
                double tf = w.p1;
                double s0 = 0;
                double s1 = v[lo];
                double b = v[lo + 1] - v[lo];
                for (int i = lo + 1; i < hi; i++) {
                    double x = v[i];
                    if (i > lo + 1) {
                        b = tf * (s1 - s0) + (1 - tf) * b;
                    }
                    s0 = s1;
                    s1 = sf * x + (1 - sf) * (s1 + b);
                }
                return s1;
            }
            default -> throw new QueryException("function " + name + " is not implemented");
        }
    }

    /** Least squares slope and intercept with x in seconds relative to {@code intercept}. */
    static double[] regression(long[] t, double[] v, int lo, int hi, long intercept) {
        double n = 0;
        double sumX = 0;
        double cX = 0;
        double sumY = 0;
        double cY = 0;
        double sumXY = 0;
        double cXY = 0;
        double sumX2 = 0;
        double cX2 = 0;
        double initY = v[lo];
        boolean constY = true;
        for (int i = lo; i < hi; i++) {
            if (constY && i > lo && v[i] != initY) {
                constY = false;
            }
            n++;
            double x = (t[i] - intercept) / 1e3;
            double inc4 = x;
            double t4 = sumX + inc4;
            cX = kahanComp(sumX, inc4, t4, cX);
            sumX = t4;
            double inc5 = v[i];
            double t5 = sumY + inc5;
            cY = kahanComp(sumY, inc5, t5, cY);
            sumY = t5;
            double inc6 = x * v[i];
            double t6 = sumXY + inc6;
            cXY = kahanComp(sumXY, inc6, t6, cXY);
            sumXY = t6;
            double inc7 = x * x;
            double t7 = sumX2 + inc7;
            cX2 = kahanComp(sumX2, inc7, t7, cX2);
            sumX2 = t7;
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            return new double[] {0, initY};
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        double slope = covXY / varX;
        double icpt = sumY / n - slope * sumX / n;
        return new double[] {slope, icpt};
    }

    /** The Kahan compensation after adding inc to sum (giving t), without allocating. */
    static double kahanComp(double sum, double inc, double t, double c) {
        if (Double.isInfinite(t)) {
            return 0;
        }
        if (Math.abs(sum) >= Math.abs(inc)) {
            return c + ((sum - t) + inc);
        }
        return c + ((inc - t) + sum);
    }

    static double avg(double[] v, int lo, int hi) {
        double s = 0;
        double c = 0;
        int n = 0;
        boolean incremental = false;
        double mean = 0;
        double cMean = 0;
        for (int i = lo; i < hi; i++) {
            n++;
            if (!incremental) {
                double ns = s + v[i];
                if (Double.isInfinite(ns) && !Double.isInfinite(v[i]) && !Double.isInfinite(s)) {
                    incremental = true;
                    mean = s / (n - 1);
                    cMean = c / (n - 1);
                } else {
                    double inc8 = v[i];
                    double t8 = s + inc8;
                    c = kahanComp(s, inc8, t8, c);
                    s = t8;
                    continue;
                }
            }
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(v[i]) && (mean > 0) != (v[i] > 0)) {
                    mean = Double.NaN;
                }
                continue;
            }
            double q = (double) (n - 1) / n;
            double base = q * mean;
            double inc = v[i] / n;
            double t = base + inc;
            cMean = kahanComp(base, inc, t, q * cMean);
            mean = t;
        }
        if (incremental) {
            return mean + cMean;
        }
        if (n == 1) {
            return v[lo];
        }
        return (s + c) / n;
    }

    /** rate, increase ({@code counter}) or delta over the window; clears {@code w.ok} when it has no value. */
    static double increaseLike(Window w, boolean counter, boolean rate) {
        if (counter && stUsable(w, w.lo) && w.st[w.lo] > w.start) {
            return fromStart(w, rate);
        }
        if (w.n() < 2) {
            w.ok = false;
            return 0;
        }
        return extrapolated(w, counter, rate);
    }

    static double extrapolated(Window w, boolean counter, boolean rate) {
        double[] v = w.v;
        long[] t = w.t;
        int lo = w.lo;
        int hi = w.hi;
        double result = v[hi - 1] - v[lo];
        if (counter && (w.drops == null || w.drops[hi - 1] != w.drops[lo])) {
            for (int i = lo + 1; i < hi; i++) {
                if (v[i] < v[i - 1] || stReset(w, i)) {
                    result += v[i - 1];
                }
            }
        }
        return FloatRangeSteps.extrapolate(t, v, lo, hi, w.start, w.end, result, counter, rate, (w.end - w.start) / 1000.0);
    }

    /**
     * rate/increase when the first sample's start timestamp lies inside the window: the counter is
     * taken as zero at that start time instead of extrapolating to the left; only the right end is
     * extrapolated (using the spacing of the real samples).
     */
    static double fromStart(Window w, boolean rate) {
        double[] v = w.v;
        long[] t = w.t;
        int lo = w.lo;
        int hi = w.hi;
        double result = v[hi - 1];
        for (int i = lo + 1; i < hi; i++) {
            if (v[i] < v[i - 1] || stReset(w, i)) {
                result += v[i - 1];
            }
        }
        double sampled = (t[hi - 1] - w.st[lo]) / 1000.0;
        double extrapolateTo = sampled;
        if (hi - lo >= 2) {
            double avgDur = (t[hi - 1] - t[lo]) / 1000.0 / (hi - lo - 1);
            double durationToEnd = (w.end - t[hi - 1]) / 1000.0;
            extrapolateTo += durationToEnd >= avgDur * 1.1 ? avgDur / 2 : durationToEnd;
        }
        result *= extrapolateTo / sampled;
        if (rate) {
            result /= (w.end - w.start) / 1000.0;
        }
        return result;
    }

    /** The q-quantile of the first n values (sorted in place), as Prometheus computes it. */
    static double quantile(double q, double[] a, int n) {
        if (n == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        Arrays.sort(a, 0, n);
        // Go sorts NaN first; Java last: move NaNs to the front
        int nan = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(a[i])) {
                nan++;
            }
        }
        if (nan > 0) {
            double[] b = new double[n];
            Arrays.fill(b, 0, nan, Double.NaN);
            System.arraycopy(a, 0, b, nan, n - nan);
            System.arraycopy(b, 0, a, 0, n);
        }
        double rank = q * (n - 1);
        int lower = (int) Math.max(0, Math.floor(rank));
        int upper = (int) Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return a[lower] * (1 - weight) + a[upper] * weight;
    }

    /** Go's %g-like formatting for messages ('f', -1). */
    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return Aggregations.formatValue(v);
    }

    /** Go's %q for a string: escapes quotes, backslashes, control and invalid bytes. */
    static String goQuote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= 0xDC80 && ch <= 0xDCFF) {
                sb.append(String.format("\\x%02x", ch - 0xDC00));
            } else if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch == '\n') {
                sb.append("\\n");
            } else if (ch == '\t') {
                sb.append("\\t");
            } else if (ch < 0x20) {
                sb.append(String.format("\\x%02x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }
}

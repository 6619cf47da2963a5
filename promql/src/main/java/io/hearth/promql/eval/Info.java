package io.hearth.promql.eval;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AtPreprocessor;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.LabelMatcher;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.UnaryExpr;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.promql.eval.Evaluator.Ctx;
import io.hearth.promql.eval.Evaluator.V;
import io.hearth.promql.eval.Evaluator.Vec;
import io.hearth.promql.storage.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * The experimental {@code info(v, {selector})}: adds the data labels of info series (default
 * {@code target_info}) that share the identifying labels {@code instance} and {@code job} with a
 * series of {@code v}, as of the time the base series was read.
 */
final class Info {
    private Info() {}

    static final List<String> IDENTIFYING = List.of("instance", "job");

    static V info(Evaluator ev, Call call, Ctx c) {
        List<SeriesData> base = Functions.vec(ev, call.args().get(0), c);
        List<LabelMatcher> nameMatchers = new ArrayList<>();
        List<LabelMatcher> dataMatchers = new ArrayList<>();
        if (call.args().size() > 1) {
            VectorSelector sel = (VectorSelector) Evaluator.unwrap(call.args().get(1));
            for (LabelMatcher m : sel.matchers()) {
                (m.name().equals(Labels.METRIC_NAME) ? nameMatchers : dataMatchers).add(m);
            }
        }
        if (nameMatchers.isEmpty()) {
            nameMatchers.add(LabelMatcher.equal(Labels.METRIC_NAME, "target_info"));
        } else if (nameMatchers.stream().noneMatch(m -> m.type() == LabelMatcher.Type.EQUAL || m.type() == LabelMatcher.Type.REGEX)) {
            nameMatchers.add(new LabelMatcher(LabelMatcher.Type.REGEX, Labels.METRIC_NAME, ".+_info"));
        }
        // read the info series as of the base series' reference time
        long[] shift = {0};
        Long[] at = {null};
        timeOf(call.args().get(0), ev, shift, at);
        VectorSelector infoSel = new VectorSelector("", nameMatchers, shift[0], null, at[0], AtPreprocessor.NONE, false,
                false, call.position());
        List<SeriesData> infos = ev.selectVector(infoSel, c);
        List<SeriesData> eligible = new ArrayList<>();
        for (SeriesData sd : infos) {
            if (sd.h != null) {
                for (int k = 0; k < sd.has.length; k++) {
                    if (sd.hist(k) != null) {
                        throw new QueryException("this info metric has a native histogram sample: "
                                + Functions.goQuote(Evaluator.metricName(sd.labels)));
                    }
                }
            }
            if (matchesAll(sd.labels, dataMatchers)) {
                eligible.add(sd);
            }
        }
        boolean emptyOk = true;
        for (LabelMatcher m : dataMatchers) {
            emptyOk &= matches(m, "");
        }
        int steps = c.steps();
        LinkedHashMap<Labels, SeriesData> out = new LinkedHashMap<>();
        for (SeriesData sd : base) {
            if (matchesAll(sd.labels, nameMatchers)) {
                put(out, sd.labels, sd, -1, steps);
                continue;
            }
            for (int k = 0; k < steps; k++) {
                if (!sd.has[k]) {
                    continue;
                }
                TreeMap<String, String> add = new TreeMap<>();
                boolean found = false;
                for (String name : distinctNames(eligible, sd, k)) {
                    SeriesData best = null;
                    for (SeriesData inf : eligible) {
                        if (!inf.has[k] || !Evaluator.metricName(inf.labels).equals(name) || !sameIds(inf.labels, sd.labels)) {
                            continue;
                        }
                        if (best == null || inf.ts[k] > best.ts[k]) {
                            best = inf;
                        }
                    }
                    if (best == null) {
                        continue;
                    }
                    found = true;
                    for (int i = 0; i < best.labels.size(); i++) {
                        String ln = best.labels.name(i);
                        if (ln.equals(Labels.METRIC_NAME) || IDENTIFYING.contains(ln) || sd.labels.has(ln)) {
                            continue;
                        }
                        if (!dataMatchers.isEmpty() && dataMatchers.stream().noneMatch(m -> m.name().equals(ln))) {
                            continue;
                        }
                        String prev = add.putIfAbsent(ln, best.labels.value(i));
                        if (prev != null && !prev.equals(best.labels.value(i))) {
                            throw new QueryException("conflicting label: " + ln + " has values " + Functions.goQuote(prev)
                                    + " and " + Functions.goQuote(best.labels.value(i)) + " in different info metrics");
                        }
                    }
                }
                if (!found && !emptyOk) {
                    continue;
                }
                TreeMap<String, String> l = sd.labels.toMap();
                l.putAll(add);
                put(out, Labels.of(l), sd, k, steps);
            }
        }
        return new Vec(new ArrayList<>(out.values()));
    }

    private static List<String> distinctNames(List<SeriesData> infos, SeriesData base, int k) {
        List<String> names = new ArrayList<>();
        for (SeriesData inf : infos) {
            String n = Evaluator.metricName(inf.labels);
            if (inf.has[k] && !names.contains(n)) {
                names.add(n);
            }
        }
        return names;
    }

    private static void put(LinkedHashMap<Labels, SeriesData> out, Labels l, SeriesData from, int k, int steps) {
        SeriesData o = out.get(l);
        if (o == null) {
            o = new SeriesData(l, steps);
            o.dropName = from.dropName;
            out.put(l, o);
        }
        for (int j = 0; j < steps; j++) {
            if ((k < 0 || j == k) && from.has[j]) {
                Binary.copy(from, j, o);
            }
        }
    }

    private static boolean sameIds(Labels a, Labels b) {
        for (String n : IDENTIFYING) {
            if (!a.get(n).equals(b.get(n))) {
                return false;
            }
        }
        return true;
    }

    static boolean matchesAll(Labels l, List<LabelMatcher> ms) {
        for (LabelMatcher m : ms) {
            if (!matches(m, l.get(m.name()))) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(LabelMatcher m, String v) {
        return switch (m.type()) {
            case EQUAL -> m.value().equals(v);
            case NOT_EQUAL -> !m.value().equals(v);
            case REGEX -> m.pattern().matcher(v).matches();
            case NOT_REGEX -> !m.pattern().matcher(v).matches();
        };
    }

    /** The @ and offset that decide when the base expression's samples were read (first selector found). */
    private static void timeOf(Expr e, Evaluator ev, long[] shift, Long[] at) {
        e = Evaluator.unwrap(e);
        switch (e) {
            case VectorSelector vs -> {
                shift[0] += ev.millis(vs.offsetMillis(), vs.offsetExpr());
                if (at[0] == null) {
                    at[0] = ev.at(vs.atMillis(), vs.atPreprocessor());
                }
            }
            case MatrixSelector m -> timeOf(m.selector(), ev, shift, at);
            case SubqueryExpr s -> {
                shift[0] += ev.millis(s.offsetMillis(), s.offsetExpr());
                Long a = ev.at(s.atMillis(), s.atPreprocessor());
                if (a != null && at[0] == null) {
                    at[0] = a;
                }
                long[] inner = {0};
                Long[] innerAt = {null};
                timeOf(s.expr(), ev, inner, innerAt);
                shift[0] += inner[0];
            }
            case Call call -> {
                for (Expr a : call.args()) {
                    if (a.type() == io.hearth.promql.ast.ValueType.VECTOR || a.type() == io.hearth.promql.ast.ValueType.MATRIX) {
                        timeOf(a, ev, shift, at);
                        return;
                    }
                }
            }
            case AggregateExpr a -> timeOf(a.expr(), ev, shift, at);
            case UnaryExpr u -> timeOf(u.expr(), ev, shift, at);
            case BinaryExpr b -> timeOf(b.lhs(), ev, shift, at);
            default -> {}
        }
    }
}

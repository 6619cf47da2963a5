package io.hearth.promql.eval;

import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.BinaryOp;
import io.hearth.promql.ast.VectorMatching;
import io.hearth.promql.eval.Evaluator.Ctx;
import io.hearth.promql.eval.Evaluator.Sca;
import io.hearth.promql.eval.Evaluator.V;
import io.hearth.promql.eval.Evaluator.Vec;
import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Binary operators: scalar/scalar, vector/scalar, vector/vector with matching, set operators. */
final class Binary {
    private Binary() {}

    static V eval(Evaluator ev, BinaryExpr b, Ctx c) {
        V l = ev.eval(b.lhs(), c);
        V r = ev.eval(b.rhs(), c);
        BinaryOp op = b.op();
        int steps = c.steps();
        if (l instanceof Sca ls && r instanceof Sca rs) {
            double[] out = new double[steps];
            for (int k = 0; k < steps; k++) {
                out[k] = op.isComparison() ? (compare(op, ls.v()[k], rs.v()[k]) ? 1 : 0) : arith(op, ls.v()[k], rs.v()[k]);
            }
            return new Sca(out);
        }
        if (l instanceof Vec lv && r instanceof Sca rs) {
            return new Vec(vectorScalar(ev, b, lv.s(), rs.v(), false, steps));
        }
        if (l instanceof Sca ls && r instanceof Vec rv) {
            return new Vec(vectorScalar(ev, b, rv.s(), ls.v(), true, steps));
        }
        List<SeriesData> lhs = ((Vec) l).s();
        List<SeriesData> rhs = ((Vec) r).s();
        VectorMatching m = b.matching();
        return switch (op) {
            case AND, OR, UNLESS -> new Vec(setOp(op, lhs, rhs, m, steps));
            default -> new Vec(vectorVector(ev, b, lhs, rhs, m, steps));
        };
    }

    static boolean dropsName(BinaryOp op, boolean returnBool) {
        if (op == BinaryOp.TRIM_UPPER || op == BinaryOp.TRIM_LOWER) {
            return false;
        }
        return !op.isComparison() || returnBool;
    }

    private static List<SeriesData> vectorScalar(
            Evaluator ev, BinaryExpr b, List<SeriesData> vec, double[] s, boolean swap, int steps) {
        BinaryOp op = b.op();
        List<SeriesData> out = new ArrayList<>(vec.size());
        boolean drop = dropsName(op, b.returnBool());
        for (SeriesData sd : vec) {
            SeriesData o = new SeriesData(sd.labels, steps);
            o.dropName = sd.dropName;
            if (drop) {
                ev.dropName(o);
            }
            for (int k = 0; k < steps; k++) {
                if (!sd.has[k]) {
                    continue;
                }
                FloatHistogram h = sd.hist(k);
                if (h != null) {
                    if (op.isComparison()) {
                        ev.info("comparison between a histogram and a float ignores the histogram", b);
                        continue;
                    }
                    FloatHistogram res = histScalar(op, h, s[k], swap);
                    if (res != null) {
                        o.setH(k, res);
                    } else {
                        ev.info("incompatible sample types encountered for binary operator " + Functions.goQuote(op.symbol()), b);
                    }
                    continue;
                }
                if (op == BinaryOp.TRIM_UPPER || op == BinaryOp.TRIM_LOWER) {
                    continue;
                }
                double a = swap ? s[k] : sd.f[k];
                double bb = swap ? sd.f[k] : s[k];
                if (op.isComparison()) {
                    boolean keep = compare(op, a, bb);
                    if (b.returnBool()) {
                        o.set(k, keep ? 1 : 0);
                    } else if (keep) {
                        o.set(k, sd.f[k]);
                    }
                } else {
                    o.set(k, arith(op, a, bb));
                }
            }
            out.add(o);
        }
        return out;
    }

    private static FloatHistogram histScalar(BinaryOp op, FloatHistogram h, double s, boolean swap) {
        return switch (op) {
            case MUL -> scale(h, s);
            case DIV -> swap ? null : scale(h, 1 / s);
            case TRIM_UPPER -> swap ? null : HistogramFunctions.trim(h, s, true);
            case TRIM_LOWER -> swap ? null : HistogramFunctions.trim(h, s, false);
            default -> null;
        };
    }

    private static List<SeriesData> setOp(
            BinaryOp op, List<SeriesData> lhs, List<SeriesData> rhs, VectorMatching m, int steps) {
        Labels[] ls = new Labels[lhs.size()];
        Labels[] rs = new Labels[rhs.size()];
        for (int i = 0; i < ls.length; i++) {
            ls[i] = Evaluator.signature(lhs.get(i).labels, m);
        }
        for (int i = 0; i < rs.length; i++) {
            rs[i] = Evaluator.signature(rhs.get(i).labels, m);
        }
        List<SeriesData> out = new ArrayList<>();
        List<SeriesData> lo = new ArrayList<>();
        for (SeriesData sd : lhs) {
            SeriesData o = new SeriesData(sd.labels, steps);
            o.dropName = sd.dropName;
            lo.add(o);
        }
        List<SeriesData> ro = new ArrayList<>();
        if (op == BinaryOp.OR) {
            for (SeriesData sd : rhs) {
                SeriesData o = new SeriesData(sd.labels, steps);
                o.dropName = sd.dropName;
                ro.add(o);
            }
        }
        for (int k = 0; k < steps; k++) {
            java.util.HashSet<Labels> rsig = new java.util.HashSet<>();
            java.util.HashSet<Labels> lsig = new java.util.HashSet<>();
            if (op != BinaryOp.OR) {
                for (int i = 0; i < rs.length; i++) {
                    if (rhs.get(i).has[k]) {
                        rsig.add(rs[i]);
                    }
                }
            }
            for (int i = 0; i < ls.length; i++) {
                SeriesData sd = lhs.get(i);
                if (!sd.has[k]) {
                    continue;
                }
                boolean keep = switch (op) {
                    case AND -> rsig.contains(ls[i]);
                    case UNLESS -> !rsig.contains(ls[i]);
                    default -> true;
                };
                if (keep) {
                    copy(sd, k, lo.get(i));
                    lsig.add(ls[i]);
                }
            }
            if (op == BinaryOp.OR) {
                for (int i = 0; i < rs.length; i++) {
                    SeriesData sd = rhs.get(i);
                    if (sd.has[k] && !lsig.contains(rs[i])) {
                        copy(sd, k, ro.get(i));
                    }
                }
            }
        }
        out.addAll(lo);
        out.addAll(ro);
        return out;
    }

    static void copy(SeriesData from, int k, SeriesData to) {
        if (from.hist(k) != null) {
            to.setH(k, from.hist(k));
        } else {
            to.set(k, from.f[k]);
        }
    }

    private static Labels resultLabels(Labels l, Labels r, VectorMatching m, boolean dropName, boolean delayed) {
        TreeMap<String, String> t = l.toMap();
        if (dropName && !delayed) {
            t.remove(Evaluator.NAME);
            t.remove("__type__");
            t.remove("__unit__");
        }
        if (m.cardinality() == VectorMatching.Cardinality.ONE_TO_ONE) {
            if (m.on()) {
                t.keySet().retainAll(m.matchingLabels());
                if (dropName && delayed && l.has(Evaluator.NAME) && m.matchingLabels().contains(Evaluator.NAME)) {
                    t.put(Evaluator.NAME, l.get(Evaluator.NAME));
                }
            } else {
                for (String n : m.matchingLabels()) {
                    t.remove(n);
                }
            }
        }
        for (String n : m.include()) {
            String v = r.get(n);
            if (v.isEmpty()) {
                t.remove(n);
            } else {
                t.put(n, v);
            }
        }
        return Labels.of(t);
    }

    private static List<SeriesData> vectorVector(
            Evaluator ev, BinaryExpr b, List<SeriesData> lhs, List<SeriesData> rhs, VectorMatching m, int steps) {
        return vectorVector(ev, b, lhs, rhs, m, steps, true);
    }

    /** Vector/vector matching; {@code paired} false keeps it to the step-by-step path (for tests). */
    static List<SeriesData> vectorVector(Evaluator ev, BinaryExpr b, List<SeriesData> lhs, List<SeriesData> rhs,
            VectorMatching m, int steps, boolean paired) {
        BinaryOp op = b.op();
        if (m == null) {
            m = new VectorMatching(VectorMatching.Cardinality.ONE_TO_ONE, List.of(), false, List.of(), null, null);
        }
        boolean drop = dropsName(op, b.returnBool());
        boolean delayed = ev.opts.delayedNameRemoval();
        if (paired) {
            List<SeriesData> pairs = pairedFloats(b, lhs, rhs, m, drop, delayed, steps);
            if (pairs != null) {
                return pairs;
            }
        }
        boolean swap = m.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY;
        List<SeriesData> many = swap ? rhs : lhs; // the side whose labels the result keeps
        List<SeriesData> one = swap ? lhs : rhs;
        Labels[] manySig = new Labels[many.size()];
        Labels[] oneSig = new Labels[one.size()];
        for (int i = 0; i < manySig.length; i++) {
            manySig[i] = Evaluator.signature(many.get(i).labels, m);
        }
        for (int i = 0; i < oneSig.length; i++) {
            oneSig[i] = Evaluator.signature(one.get(i).labels, m);
        }
        LinkedHashMap<Labels, SeriesData> out = new LinkedHashMap<>();
        // Signatures become small ints once, so that each step matches through arrays rather than
        // hashing label sets; a stamp (step + 1) marks the entries set in the current step.
        HashMap<Labels, Integer> sigIds = new HashMap<>();
        int[] manyId = new int[manySig.length];
        int[] oneId = new int[oneSig.length];
        for (int i = 0; i < oneSig.length; i++) {
            oneId[i] = sigIds.computeIfAbsent(oneSig[i], x -> sigIds.size());
        }
        for (int i = 0; i < manySig.length; i++) {
            manyId[i] = sigIds.computeIfAbsent(manySig[i], x -> sigIds.size());
        }
        int[] oneAt = new int[sigIds.size()];
        int[] oneStamp = new int[sigIds.size()];
        int[] manyStamp = new int[sigIds.size()];
        int[] usedStamp = new int[oneSig.length];
        // the output series of many-side series i when matched with one-side series lastJ[i]: the
        // same pair nearly always matches again at the next step
        long[] lastJ = new long[manySig.length];
        java.util.Arrays.fill(lastJ, -1);
        SeriesData[] lastOut = new SeriesData[manySig.length];
        for (int k = 0; k < steps; k++) {
            int stamp = k + 1;
            // kept only for fill_left, which walks the unmatched in this map's order
            HashMap<Labels, Integer> oneBySig = m.fillLeft() != null ? new HashMap<>() : null;
            for (int i = 0; i < oneSig.length; i++) {
                if (!one.get(i).has[k]) {
                    continue;
                }
                int sig = oneId[i];
                int prev = oneStamp[sig] == stamp ? oneAt[sig] : -1;
                oneStamp[sig] = stamp;
                oneAt[sig] = i;
                if (oneBySig != null) {
                    oneBySig.put(oneSig[i], i);
                }
                if (prev >= 0) {
                    String side = swap ? "left" : "right";
                    // the two in text order, as Prometheus 3 names them (stable whatever the series order)
                    String first = one.get(prev).labels.toString();
                    String second = one.get(i).labels.toString();
                    boolean inOrder = first.compareTo(second) <= 0;
                    throw new QueryException("found duplicate series for the match group " + oneSig[i]
                            + " on the " + side + " hand-side of the operation: [" + (inOrder ? first : second) + ", "
                            + (inOrder ? second : first)
                            + "];many-to-many matching not allowed: matching labels must be unique on one side");
                }
            }
            for (int i = 0; i < manySig.length; i++) {
                SeriesData ms = many.get(i);
                if (!ms.has[k]) {
                    continue;
                }
                // the matching one-side series, -1 for none (no boxing at every step)
                int j = oneStamp[manyId[i]] == stamp ? oneAt[manyId[i]] : -1;
                double lf;
                double rf;
                FloatHistogram lh;
                FloatHistogram rh;
                SeriesData os = null;
                if (j < 0) {
                    Double fill = m.fillRight();
                    if (fill == null) {
                        continue;
                    }
                    if (swap) {
                        lf = fill;
                        lh = null;
                        rf = ms.f[k];
                        rh = ms.hist(k);
                    } else {
                        lf = ms.f[k];
                        lh = ms.hist(k);
                        rf = fill;
                        rh = null;
                    }
                } else {
                    os = one.get(j);
                    usedStamp[j] = stamp;
                    if (m.cardinality() == VectorMatching.Cardinality.ONE_TO_ONE) {
                        boolean prev = manyStamp[manyId[i]] == stamp;
                        manyStamp[manyId[i]] = stamp;
                        if (prev) {
                            throw new QueryException(
                                    "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                        }
                    }
                    if (swap) {
                        lf = os.f[k];
                        lh = os.hist(k);
                        rf = ms.f[k];
                        rh = ms.hist(k);
                    } else {
                        lf = ms.f[k];
                        lh = ms.hist(k);
                        rf = os.f[k];
                        rh = os.hist(k);
                    }
                }
                double val;
                FloatHistogram hv = null;
                if ((lh != null || rh != null) && op.isComparison()) {
                    if (lh == null || rh == null || (op != BinaryOp.EQLC && op != BinaryOp.NEQ)) {
                        ev.info("comparison between histograms and floats or ordering of histograms is not supported", b);
                        continue;
                    }
                    boolean eq = HistogramFunctions.same(lh, rh);
                    boolean keep = op == BinaryOp.EQLC ? eq : !eq;
                    if (b.returnBool()) {
                        val = keep ? 1 : 0;
                    } else if (keep) {
                        hv = lh;
                        val = 0;
                    } else {
                        continue;
                    }
                } else if (lh != null || rh != null) {
                    hv = histBinop(ev, b, lf, lh, rf, rh);
                    if (hv == null) {
                        if (op != BinaryOp.TRIM_UPPER && op != BinaryOp.TRIM_LOWER) {
                            ev.info("incompatible sample types encountered for binary operator " + Functions.goQuote(op.symbol()), b);
                        }
                        continue;
                    }
                    val = 0;
                } else if (op == BinaryOp.TRIM_UPPER || op == BinaryOp.TRIM_LOWER) {
                    continue;
                } else if (op.isComparison()) {
                    boolean keep = compare(op, lf, rf);
                    if (b.returnBool()) {
                        val = keep ? 1 : 0;
                    } else if (keep) {
                        val = lf;
                    } else {
                        continue;
                    }
                } else {
                    val = arith(op, lf, rf);
                }
                long key = j < 0 ? 0xffffffffL : j;
                SeriesData o;
                if (lastJ[i] == key) {
                    o = lastOut[i];
                } else {
                    Labels rl = resultLabels(ms.labels, os == null ? Labels.EMPTY : os.labels, m, drop, delayed);
                    o = out.get(rl);
                    if (o == null) {
                        o = new SeriesData(rl, steps);
                        o.dropName = drop ? delayed : ms.dropName;
                        out.put(rl, o);
                    }
                    lastJ[i] = key;
                    lastOut[i] = o;
                }
                if (o.has[k]) {
                    if (m.cardinality() == VectorMatching.Cardinality.ONE_TO_ONE) {
                        throw new QueryException(
                                "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                    }
                    throw new QueryException("multiple matches for labels: grouping labels must ensure unique matches");
                }
                if (hv != null) {
                    o.setH(k, hv);
                } else {
                    o.set(k, val);
                }
            }
            Double fillOther = m.fillLeft();
            if (fillOther != null) {
                for (Map.Entry<Labels, Integer> e : oneBySig.entrySet()) {
                    int j = e.getValue();
                    if (usedStamp[j] == stamp) {
                        continue;
                    }
                    SeriesData os = one.get(j);
                    if (os.hist(k) != null) {
                        continue;
                    }
                    double lf = swap ? os.f[k] : fillOther;
                    double rf = swap ? fillOther : os.f[k];
                    double val;
                    if (op.isComparison()) {
                        boolean keep = compare(op, lf, rf);
                        if (b.returnBool()) {
                            val = keep ? 1 : 0;
                        } else if (keep) {
                            val = lf;
                        } else {
                            continue;
                        }
                    } else {
                        val = arith(op, lf, rf);
                    }
                    Labels rl = Evaluator.signature(os.labels, m);
                    SeriesData o = out.get(rl);
                    if (o == null) {
                        o = new SeriesData(rl, steps);
                        out.put(rl, o);
                    }
                    o.set(k, val);
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /**
     * One-to-one matching of float series whose signatures are unique on each side and whose
     * results would have distinct labels: then each left series meets the same right series at
     * every step where both have a point, so the pairs are found once and each pair is computed
     * series by series, its arrays front to back, instead of step by step across every series
     * (which read each series' arrays a step at a time, a cache miss per series and step). The
     * same values, and the series in the order the step-by-step path creates them (by the step of
     * their first point, then by left series); none of its errors can arise under these
     * conditions (no duplicate signature, no two results with the same labels), and floats raise
     * no annotation. Null when the conditions do not hold: other than one-to-one matching, a fill
     * modifier, a trim operator, a histogram anywhere, a signature twice on a side, or two results
     * with the same labels.
     */
    static List<SeriesData> pairedFloats(BinaryExpr b, List<SeriesData> lhs, List<SeriesData> rhs, VectorMatching m,
            boolean drop, boolean delayed, int steps) {
        BinaryOp op = b.op();
        if (m.cardinality() != VectorMatching.Cardinality.ONE_TO_ONE || m.fillLeft() != null || m.fillRight() != null
                || op == BinaryOp.TRIM_UPPER || op == BinaryOp.TRIM_LOWER) {
            return null;
        }
        for (SeriesData sd : lhs) {
            if (sd.h != null) {
                return null;
            }
        }
        for (SeriesData sd : rhs) {
            if (sd.h != null) {
                return null;
            }
        }
        HashMap<Labels, Integer> sigIds = new HashMap<>();
        int[] lhsId = new int[lhs.size()];
        int[] rhsId = new int[rhs.size()];
        for (int j = 0; j < rhsId.length; j++) {
            rhsId[j] = sigIds.computeIfAbsent(Evaluator.signature(rhs.get(j).labels, m), x -> sigIds.size());
        }
        for (int i = 0; i < lhsId.length; i++) {
            lhsId[i] = sigIds.computeIfAbsent(Evaluator.signature(lhs.get(i).labels, m), x -> sigIds.size());
        }
        int sigs = sigIds.size();
        int[] partner = new int[sigs];
        java.util.Arrays.fill(partner, -1);
        for (int j = 0; j < rhsId.length; j++) {
            if (partner[rhsId[j]] >= 0) {
                return null;
            }
            partner[rhsId[j]] = j;
        }
        boolean[] taken = new boolean[sigs];
        Labels[] labels = new Labels[lhsId.length];
        java.util.HashSet<Labels> distinct = new java.util.HashSet<>();
        for (int i = 0; i < lhsId.length; i++) {
            if (taken[lhsId[i]]) {
                return null;
            }
            taken[lhsId[i]] = true;
            int j = partner[lhsId[i]];
            if (j >= 0) {
                labels[i] = resultLabels(lhs.get(i).labels, rhs.get(j).labels, m, drop, delayed);
                if (!distinct.add(labels[i])) {
                    return null;
                }
            }
        }
        boolean comparison = op.isComparison();
        boolean bool = b.returnBool();
        SeriesData[] outs = new SeriesData[lhsId.length];
        long[] order = new long[lhsId.length]; // first step << 32 | left series
        int count = 0;
        for (int i = 0; i < lhsId.length; i++) {
            int j = partner[lhsId[i]];
            if (j < 0) {
                continue;
            }
            SeriesData l = lhs.get(i);
            SeriesData r = rhs.get(j);
            boolean[] lHas = l.has;
            boolean[] rHas = r.has;
            double[] lf = l.f;
            double[] rf = r.f;
            SeriesData o = null;
            for (int k = 0; k < steps; k++) {
                if (!lHas[k] || !rHas[k]) {
                    continue;
                }
                double val;
                if (comparison) {
                    boolean keep = compare(op, lf[k], rf[k]);
                    if (bool) {
                        val = keep ? 1 : 0;
                    } else if (keep) {
                        val = lf[k];
                    } else {
                        continue;
                    }
                } else {
                    val = arith(op, lf[k], rf[k]);
                }
                if (o == null) {
                    o = new SeriesData(labels[i], steps);
                    o.dropName = drop ? delayed : l.dropName;
                    outs[i] = o;
                    order[count++] = (long) k << 32 | i;
                }
                o.f[k] = val;
                o.has[k] = true;
            }
        }
        java.util.Arrays.sort(order, 0, count);
        List<SeriesData> out = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            out.add(outs[(int) order[c]]);
        }
        return out;
    }

    private static FloatHistogram histBinop(
            Evaluator ev, BinaryExpr b, double lf, FloatHistogram lh, double rf, FloatHistogram rh) {
        BinaryOp op = b.op();
        try {
            if (lh != null && rh != null) {
                if (FloatHistogram.customMismatch(lh, rh) && (op == BinaryOp.ADD || op == BinaryOp.SUB)) {
                    ev.info("mismatched custom buckets were reconciled during "
                            + (op == BinaryOp.ADD ? "addition" : "subtraction"), b);
                }
                return switch (op) {
                    case ADD -> lh.add(rh, 1).withHint(FloatHistogram.Hint.UNKNOWN);
                    case SUB -> lh.add(rh, -1).withHint(FloatHistogram.Hint.GAUGE);
                    default -> null;
                };
            }
            if (lh != null) {
                return switch (op) {
                    case MUL -> scale(lh, rf);
                    case DIV -> scale(lh, 1 / rf);
                    case TRIM_UPPER -> HistogramFunctions.trim(lh, rf, true);
                    case TRIM_LOWER -> HistogramFunctions.trim(lh, rf, false);
                    default -> null;
                };
            }
            return op == BinaryOp.MUL ? scale(rh, lf) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static FloatHistogram scale(FloatHistogram h, double f) {
        return Double.isFinite(f) ? h.scale(f) : h.scaleNonFinite(f);
    }

    static boolean compare(BinaryOp op, double a, double b) {
        return switch (op) {
            case EQLC -> a == b;
            case NEQ -> a != b;
            case GTR -> a > b;
            case LSS -> a < b;
            case GTE -> a >= b;
            case LTE -> a <= b;
            default -> throw new IllegalStateException("not a comparison: " + op);
        };
    }

    static double arith(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MOD -> a % b;
            case POW -> pow(a, b);
            case ATAN2 -> Math.atan2(a, b);
            default -> throw new QueryException("operator " + op.symbol() + " not allowed here");
        };
    }

    /** Go's math.Pow: like Java's except that 1^y is 1 and (-1)^±Inf is 1. */
    static double pow(double a, double b) {
        if (a == 1) {
            return 1;
        }
        if (a == -1 && Double.isInfinite(b)) {
            return 1;
        }
        return Math.pow(a, b);
    }
}

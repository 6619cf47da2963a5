package io.hearth.promql.eval;

import static org.junit.jupiter.api.Assertions.fail;

import io.hearth.promql.ast.Expr;
import io.hearth.promql.parser.ParseException;
import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs every {@code eval} of the upstream conformance scripts ({@code
 * shared/promql-conformance/testdata/*.test}, format in its {@code FORMAT.md}) against the engine
 * with the options the upstream harness uses, over the data of a {@link CorpusStore}, and prints
 * passed/failed counts per file.
 *
 * <p>Cases known to fail are listed with their reason in a failing list. {@link #run} fails when a
 * case fails that is not listed, or when a listed case passes (so the list only shrinks). With
 * {@code -Dhearth.corpus.update=true} it rewrites the list from the current outcomes instead.
 *
 * <p>Shared, through promql's test-jar, by {@link CorpusEvalTest} (in-memory store) and the
 * conformance module's run on the real storage engine.
 */
public final class CorpusRunner {
    /** The corpus, relative to a module directory of this repository. */
    public static final Path CORPUS = Path.of("../../shared/promql-conformance/testdata");
    static final double EPSILON = 1e-6;
    static final double MIN_NORMAL = 2.2250738585072014e-308;

    private final String title;
    private final Path failing;
    final java.util.concurrent.atomic.AtomicInteger rangeChecks = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger atChecks = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param title who runs the corpus, for the printed lines and the failing list's header
     * @param failing the failing list of this run, relative to the module directory
     */
    public CorpusRunner(String title, Path failing) {
        this.title = title;
        this.failing = failing;
    }

    /** Runs the whole corpus over {@code store} and checks the outcomes against the failing list. */
    public void run(CorpusStore store) throws Exception {
        check(outcomes(store));
    }

    /**
     * Runs the whole corpus over {@code store}, prints the counts per file and in total, and
     * returns the failures: {@code file:line} of an eval (or {@code file:line/load} of a load the
     * store could not fully take) to the reason. An eval that fails after such a load, with no
     * {@code clear} between, has its reason prefixed with {@code "data incomplete (file:line/load): "}.
     */
    public Map<String, String> outcomes(CorpusStore store) throws Exception {
        if (!Files.isDirectory(CORPUS)) {
            fail("conformance corpus not found at " + CORPUS.toAbsolutePath().normalize());
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(CORPUS)) {
            files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        Engine engine = new Engine(EngineOptions.CONFORMANCE);
        Map<String, String> failures = new LinkedHashMap<>();
        int totalPass = 0;
        int totalFail = 0;
        StringBuilder perFile = new StringBuilder();
        for (Path f : files) {
            String name = f.getFileName().toString();
            Script script;
            try {
                script = new Script(name, Files.readString(f, StandardCharsets.UTF_8));
            } catch (SeriesLines.SyntaxError e) {
                failures.put(name + ":0", "script: " + e.getMessage());
                totalFail++;
                continue;
            }
            int pass = 0;
            int failed = 0;
            store.clear();
            String incomplete = null;
            for (Script.Command c : script.commands) {
                switch (c) {
                    case Script.Clear x -> {
                        store.clear();
                        incomplete = null;
                    }
                    case Script.Load l -> {
                        String key = name + ":" + l.line() + "/load";
                        try {
                            Script.load(store, l);
                            List<String> problems = store.commit();
                            if (!problems.isEmpty()) {
                                failures.put(key, oneLine("store could not take: " + String.join("; ", problems)));
                                incomplete = incomplete == null ? key : incomplete;
                            }
                        } catch (SeriesLines.SyntaxError | RuntimeException e) {
                            failures.put(key, "load: " + e);
                            incomplete = incomplete == null ? key : incomplete;
                        }
                    }
                    case Script.Eval e -> {
                        String why;
                        try {
                            why = run(engine, store, e);
                        } catch (RuntimeException ex) {
                            why = "crash: " + ex;
                        }
                        if (why == null) {
                            pass++;
                        } else {
                            failed++;
                            failures.put(e.key(name), oneLine(incomplete == null ? why
                                    : "data incomplete (" + incomplete + "): " + why));
                        }
                    }
                }
            }
            totalPass += pass;
            totalFail += failed;
            perFile.append(String.format(Locale.ROOT, "%-28s %4d passed, %4d failed%n", name, pass, failed));
        }
        System.out.print(perFile);
        System.out.printf(Locale.ROOT, "(instant evals ran %d range-mode checks and %d @-invariance rounds,"
                + " FORMAT.md section 8)%n", rangeChecks.get(), atChecks.get());
        System.out.printf(Locale.ROOT, "%s: %d passed, %d failed%n", title, totalPass, totalFail);
        return failures;
    }

    /**
     * Compares outcomes with the failing list, or with {@code -Dhearth.corpus.update=true} rewrites
     * the list from them.
     */
    public void check(Map<String, String> failures) throws Exception {
        if (Boolean.getBoolean("hearth.corpus.update")) {
            StringBuilder sb = new StringBuilder(
                    "# Conformance cases that fail today in the run \"" + title + "\": file:line<TAB>reason.\n"
                            + "# Generated with -Dhearth.corpus.update=true; a listed case that passes, or an unlisted one\n"
                            + "# that fails, fails the build.\n");
            failures.forEach((k, v) -> sb.append(k).append('\t').append(v).append('\n'));
            Files.createDirectories(failing.getParent());
            Files.writeString(failing, sb.toString(), StandardCharsets.UTF_8);
            return;
        }
        Map<String, String> listed = new LinkedHashMap<>();
        if (Files.exists(failing)) {
            for (String line : Files.readAllLines(failing, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                listed.put(tab < 0 ? line : line.substring(0, tab), tab < 0 ? "" : line.substring(tab + 1));
            }
        }
        List<String> problems = new ArrayList<>();
        failures.forEach((k, v) -> {
            if (!listed.containsKey(k)) {
                problems.add("unlisted failure " + k + ": " + v);
            }
        });
        listed.forEach((k, v) -> {
            if (!failures.containsKey(k)) {
                problems.add("passes now, remove from " + failing.getFileName() + ": " + k);
            }
        });
        if (!problems.isEmpty()) {
            fail(problems.size() + " problems:\n" + String.join("\n", problems.subList(0, Math.min(200, problems.size()))));
        }
    }

    private static String oneLine(String s) {
        s = s.replace('\n', ' ').replace('\t', ' ');
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** Runs one eval; null when it passes, else why not. */
    String run(Engine engine, CorpusStore store, Script.Eval e) {
        Expr expr;
        try {
            expr = Script.parse(e.query());
        } catch (ParseException pe) {
            return "unsupported: parse error " + pe.getMessage();
        }
        long t = e.rvTo() != null ? e.rvTo() : e.start();
        String why = runOnce(engine, store, e, expr, e.query(), t);
        if (why != null || e.range() || e.expects().stream().anyMatch(x -> x.type().equals("fail"))) {
            return why;
        }
        // FORMAT.md 8.1: the same query as a short range query around t
        boolean rangeCheck = e.rvFrom() == null && e.string() == null && !e.query().contains("start()")
                && !e.query().contains("end()") && !e.query().contains("range()") && !e.query().contains("step()");
        if (rangeCheck) {
            rangeChecks.incrementAndGet();
            why = rangeMode(engine, store, e, expr, e.query(), t);
            if (why != null) {
                return "range-mode check: " + why;
            }
        }
        // FORMAT.md 8.2: every selector and subquery pinned with @ t, evaluated at other times
        if (!callsTimeDependent(expr)) {
            atChecks.incrementAndGet();
            Expr pinned = pin(expr, t);
            String text = io.hearth.promql.ast.Printer.print(pinned);
            Expr reparsed;
            try {
                reparsed = Script.parse(text);
            } catch (ParseException pe) {
                return "@-invariance: pinned query does not parse: " + text + ": " + pe.getMessage();
            }
            long[] times = t != 0 ? new long[] {-10 * t, 0, t / 5, t, 10 * t} : new long[] {-1000, 0, 1000};
            for (long at : times) {
                why = runOnce(engine, store, e, reparsed, text, at);
                if (why == null && rangeCheck) {
                    why = rangeMode(engine, store, e, reparsed, text, at);
                }
                if (why != null) {
                    return "@-invariance at " + at + "ms (" + text + "): " + why;
                }
            }
        }
        return null;
    }


    private static final java.util.Set<String> TIME_DEPENDENT = java.util.Set.of("time", "timestamp", "predict_linear",
            "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year", "start",
            "end", "range", "step");

    private static boolean callsTimeDependent(Expr e) {
        if (e instanceof io.hearth.promql.ast.Call c && TIME_DEPENDENT.contains(c.function().name())) {
            return true;
        }
        for (Expr child : e.children()) {
            if (callsTimeDependent(child)) {
                return true;
            }
        }
        return false;
    }

    /** Adds {@code @ t} to every selector and subquery without one, not descending into subqueries. */
    static Expr pin(Expr e, long t) {
        io.hearth.promql.ast.PositionRange p = e.position();
        return switch (e) {
            case io.hearth.promql.ast.VectorSelector vs -> vs.hasAt() ? vs : vs.withAt(t, io.hearth.promql.ast.AtPreprocessor.NONE, p);
            case io.hearth.promql.ast.MatrixSelector m -> m.withSelector((io.hearth.promql.ast.VectorSelector) pin(m.selector(), t), p);
            case io.hearth.promql.ast.SubqueryExpr s -> s.hasAt() ? s : s.withAt(t, io.hearth.promql.ast.AtPreprocessor.NONE, p);
            case io.hearth.promql.ast.BinaryExpr b -> new io.hearth.promql.ast.BinaryExpr(b.op(), pin(b.lhs(), t), pin(b.rhs(), t),
                    b.matching(), b.returnBool(), p);
            case io.hearth.promql.ast.Call c -> new io.hearth.promql.ast.Call(c.function(),
                    c.args().stream().map(a -> pin(a, t)).toList(), p);
            case io.hearth.promql.ast.AggregateExpr a -> new io.hearth.promql.ast.AggregateExpr(a.op(), pin(a.expr(), t),
                    a.param() == null ? null : pin(a.param(), t), a.grouping(), a.without(), p);
            case io.hearth.promql.ast.ParenExpr pe -> new io.hearth.promql.ast.ParenExpr(pin(pe.expr(), t), p);
            case io.hearth.promql.ast.UnaryExpr u -> new io.hearth.promql.ast.UnaryExpr(u.op(), pin(u.expr(), t), p);
            default -> e;
        };
    }

    /** FORMAT.md 8.1: run as a range query from t-1m to t+1m and compare the points at t. */
    private String rangeMode(Engine engine, CorpusStore store, Script.Eval e, Expr expr, String text, long t) {
        Result r;
        try {
            r = store.query(src -> engine.range(src, expr, text, t - 60_000, t + 60_000, 60_000));
        } catch (QueryException qe) {
            return "error " + qe.getMessage();
        }
        if (!(r.value() instanceof Result.Matrix m)) {
            return "range query returned " + r.value().getClass().getSimpleName();
        }
        for (int i = 1; i < m.series().size(); i++) {
            if (m.series().get(i - 1).labels().compareTo(m.series().get(i).labels()) >= 0) {
                return "matrix not sorted by labels";
            }
        }
        if (e.ordered()) {
            return null;
        }
        List<Result.Sample> at = new ArrayList<>();
        for (Result.Series s : m.series()) {
            for (int i = 0; i < s.size(); i++) {
                if (s.t()[i] == t) {
                    at.add(new Result.Sample(s.labels(), t, s.f()[i], s.h()[i]));
                }
            }
        }
        if (e.scalar() != null) {
            if (at.isEmpty()) {
                return "no point at t for the scalar";
            }
            return compare(e, new Result.Scalar(t, at.get(0).f()));
        }
        return compare(e, new Result.Vector(at));
    }

    String runOnce(Engine engine, CorpusStore store, Script.Eval e, Expr expr, String text, long t) {
        Script.Expectation failEx = null;
        for (Script.Expectation x : e.expects()) {
            if (x.type().equals("fail")) {
                failEx = x;
            }
        }
        Result r;
        try {
            if (e.range()) {
                r = store.query(src -> engine.range(src, expr, text, e.start(), e.end(), e.step()));
            } else {
                r = store.query(src -> engine.instant(src, expr, text, t));
            }
        } catch (QueryException qe) {
            if (failEx == null) {
                return "unexpected error: " + qe.getMessage();
            }
            if (!failEx.matches(qe.getMessage())) {
                return "error text: expected " + (failEx.msg() != null ? failEx.msg() : "/" + failEx.regex() + "/")
                        + " got " + qe.getMessage();
            }
            return null;
        }
        if (failEx != null) {
            return "expected an error, got a result";
        }
        String ann = annotations(e, "warn", r.warnings());
        if (ann != null) {
            return ann;
        }
        ann = annotations(e, "info", r.infos());
        if (ann != null) {
            return ann;
        }
        return compare(e, r.value());
    }

    private static String annotations(Script.Eval e, String type, List<String> actual) {
        List<Script.Expectation> exp = new ArrayList<>();
        boolean none = false;
        for (Script.Expectation x : e.expects()) {
            if (x.type().equals(type)) {
                exp.add(x);
            } else if (x.type().equals("no_" + type)) {
                none = true;
            }
        }
        if (none && !actual.isEmpty()) {
            return "unexpected " + type + ": " + actual;
        }
        if (exp.isEmpty()) {
            return null;
        }
        if (actual.isEmpty()) {
            return "expected a " + type + " annotation, got none";
        }
        for (Script.Expectation x : exp) {
            if (actual.stream().noneMatch(x::matches)) {
                return "no " + type + " matches " + (x.msg() != null ? x.msg() : x.regex()) + "; got " + actual;
            }
        }
        for (String a : actual) {
            if (exp.stream().noneMatch(x -> x.matches(a))) {
                return "unexpected " + type + ": " + a;
            }
        }
        return null;
    }

    private static String compare(Script.Eval e, Result.Value v) {
        if (e.string() != null) {
            if (!(v instanceof Result.Str s)) {
                return "expected a string, got " + v;
            }
            return s.v().equals(e.string()) ? null : "string: expected " + e.string() + " got " + s.v();
        }
        if (e.range() || e.rvFrom() != null) {
            if (!(v instanceof Result.Matrix m)) {
                return "expected a matrix, got " + v;
            }
            long start = e.range() ? e.start() : e.rvFrom();
            long step = e.range() ? e.step() : e.rvStep();
            return compareMatrix(e, m, start, step);
        }
        if (e.scalar() != null) {
            if (!(v instanceof Result.Scalar s)) {
                return "expected scalar " + e.scalar() + ", got " + v;
            }
            return almostEqual(e.scalar(), s.v()) ? null : "scalar: expected " + e.scalar() + " got " + s.v();
        }
        if (!(v instanceof Result.Vector vec)) {
            return "expected a vector, got " + v.getClass().getSimpleName();
        }
        if (e.ordered()) {
            if (vec.samples().size() != e.series().size()) {
                return "ordered: expected " + e.series().size() + " samples, got " + vec.samples().size();
            }
        }
        Map<Labels, Result.Sample> byLabels = new HashMap<>();
        for (Result.Sample s : vec.samples()) {
            if (byLabels.put(s.labels(), s) != null) {
                return "duplicate series in result: " + s.labels();
            }
        }
        if (vec.samples().size() != e.series().size()) {
            return "expected " + e.series().size() + " samples, got " + vec.samples().size() + ": " + show(vec);
        }
        for (int i = 0; i < e.series().size(); i++) {
            SeriesLines.Parsed p = e.series().get(i);
            Result.Sample s = byLabels.get(p.labels());
            if (s == null) {
                return "missing series " + p.labels() + "; got " + show(vec);
            }
            if (e.ordered() && !vec.samples().get(i).labels().equals(p.labels())) {
                return "order: expected " + p.labels() + " at " + i + ", got " + vec.samples().get(i).labels();
            }
            if (p.items().size() != 1) {
                return "expected one value per series line";
            }
            String why = compareItem(p.items().get(0), s.f(), s.h());
            if (why != null) {
                return p.labels() + ": " + why;
            }
        }
        return null;
    }

    private static String show(Result.Vector v) {
        StringBuilder sb = new StringBuilder();
        for (Result.Sample s : v.samples()) {
            sb.append(s.labels()).append(' ').append(s.h() != null ? s.h().toString() : Double.toString(s.f())).append("; ");
        }
        return sb.toString();
    }

    private static String compareItem(SeriesLines.Item exp, double f, FloatHistogram h) {
        if (exp.h() != null) {
            if (h == null) {
                return "expected histogram " + exp.h() + ", got float " + f;
            }
            return histEqual(exp.h(), h, exp.hintAsserted()) ? null : "expected " + exp.h() + ", got " + h;
        }
        if (h != null) {
            return "expected float " + exp.f() + ", got histogram " + h;
        }
        return almostEqual(exp.f(), f) ? null : "expected " + exp.f() + ", got " + f;
    }

    private static String compareMatrix(Script.Eval e, Result.Matrix m, long start, long step) {
        for (int i = 1; i < m.series().size(); i++) {
            if (m.series().get(i - 1).labels().compareTo(m.series().get(i).labels()) >= 0) {
                return "matrix not sorted by labels";
            }
        }
        Map<Labels, Result.Series> byLabels = new HashMap<>();
        for (Result.Series s : m.series()) {
            byLabels.put(s.labels(), s);
        }
        if (m.series().size() != e.series().size()) {
            return "expected " + e.series().size() + " series, got " + m.series().size() + ": " + showM(m);
        }
        for (SeriesLines.Parsed p : e.series()) {
            Result.Series s = byLabels.get(p.labels());
            if (s == null) {
                return "missing series " + p.labels() + "; got " + showM(m);
            }
            List<Long> et = new ArrayList<>();
            List<SeriesLines.Item> ev = new ArrayList<>();
            for (int i = 0; i < p.items().size(); i++) {
                if (p.items().get(i).present()) {
                    et.add(start + i * step);
                    ev.add(p.items().get(i));
                }
            }
            if (et.size() != s.size()) {
                return p.labels() + ": expected " + et.size() + " points, got " + s.size() + ": " + showS(s);
            }
            for (int i = 0; i < et.size(); i++) {
                if (et.get(i) != s.t()[i]) {
                    return p.labels() + ": point " + i + " at " + s.t()[i] + ", expected at " + et.get(i) + ": " + showS(s);
                }
                String why = compareItem(ev.get(i), s.f()[i], s.h()[i]);
                if (why != null) {
                    return p.labels() + " at " + et.get(i) + ": " + why;
                }
            }
        }
        return null;
    }

    private static String showM(Result.Matrix m) {
        StringBuilder sb = new StringBuilder();
        for (Result.Series s : m.series()) {
            sb.append(s.labels()).append(' ').append(showS(s)).append("; ");
        }
        return sb.toString();
    }

    private static String showS(Result.Series s) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < s.size(); i++) {
            sb.append(s.t()[i]).append('=').append(s.h()[i] != null ? s.h()[i].toString() : Double.toString(s.f()[i])).append(' ');
        }
        return sb.append(']').toString();
    }

    static boolean almostEqual(double a, double b) {
        boolean sa = MemorySeriesSource.isStale(a);
        boolean sb = MemorySeriesSource.isStale(b);
        if (sa || sb) {
            return sa && sb;
        }
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double diff = Math.abs(a - b);
        double sum = Math.abs(a) + Math.abs(b);
        if (a == 0 || b == 0 || sum < MIN_NORMAL) {
            return diff < EPSILON * MIN_NORMAL;
        }
        return diff / Math.min(sum, Double.MAX_VALUE) < EPSILON;
    }

    static boolean histEqual(FloatHistogram e, FloatHistogram a, boolean hint) {
        if (e.schema != a.schema || !almostEqual(e.count, a.count) || !almostEqual(e.sum, a.sum)
                || !almostEqual(e.zeroCount, a.zeroCount) || e.zeroThreshold != a.zeroThreshold) {
            return false;
        }
        if (e.isCustom() && !java.util.Arrays.equals(e.customValues, a.customValues)) {
            return false;
        }
        if (hint && e.hint != a.hint) {
            return false;
        }
        return bucketsEqual(e.posIndex, e.posCount, a.posIndex, a.posCount)
                && bucketsEqual(e.negIndex, e.negCount, a.negIndex, a.negCount);
    }

    private static boolean bucketsEqual(int[] ei, double[] ec, int[] ai, double[] ac) {
        TreeMap<Integer, Double> x = new TreeMap<>();
        TreeMap<Integer, Double> y = new TreeMap<>();
        for (int i = 0; i < ei.length; i++) {
            if (ec[i] != 0) {
                x.put(ei[i], ec[i]);
            }
        }
        for (int i = 0; i < ai.length; i++) {
            if (ac[i] != 0) {
                y.put(ai[i], ac[i]);
            }
        }
        if (!x.keySet().equals(y.keySet())) {
            return false;
        }
        for (Integer k : x.keySet()) {
            if (!almostEqual(x.get(k), y.get(k))) {
                return false;
            }
        }
        return true;
    }
}

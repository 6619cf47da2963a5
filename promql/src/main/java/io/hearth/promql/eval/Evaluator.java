package io.hearth.promql.eval;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AtPreprocessor;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.DurationExpr;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.NumberLiteral;
import io.hearth.promql.ast.ParenExpr;
import io.hearth.promql.ast.StringLiteral;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.UnaryExpr;
import io.hearth.promql.ast.UnaryOp;
import io.hearth.promql.ast.VectorMatching;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.promql.parser.ParseException;
import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import io.hearth.promql.storage.SampleIterator;
import io.hearth.promql.storage.Series;
import io.hearth.promql.storage.SeriesSource;
import io.hearth.spi.storage.FloatSampleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One query's evaluation. Every instant-vector node is evaluated for all steps at once into
 * {@link SeriesData} (dense per-step arrays); range functions walk each series' samples once with
 * a sliding window across the steps.
 */
final class Evaluator {

    private static final String TOO_MANY_SAMPLES =
            "query processing would load too many samples into memory in query execution";
    /** The fewest step slots {@link #reserveSlots} allows, whatever the samples limit: 50 M, Prometheus's default. */
    static final long MIN_SLOT_LIMIT = 50_000_000;
    static final String NAME = Labels.METRIC_NAME;

    /** An evaluation grid: start, end, interval (ms). */
    record Ctx(long start, long end, long interval) {
        int steps() {
            return (int) ((end - start) / interval) + 1;
        }

        long time(int k) {
            return start + k * interval;
        }
    }

    sealed interface V permits Vec, Sca, Str {}

    record Vec(List<SeriesData> s) implements V {}

    record Sca(double[] v) implements V {}

    record Str(String s) implements V {}

    /** The samples of one series for a range function: floats and histograms apart, in time order. */
    static final class RSeries {
        Labels labels;
        boolean dropName;
        /** Where a streamed series stands in the list it was streamed from (see {@link #stream}). */
        int index;
        long[] ft = new long[16];
        double[] fv = new double[16];
        long[] fst = new long[16];
        boolean hasSt;
        int fn;
        long[] ht = new long[0];
        FloatHistogram[] hv = new FloatHistogram[0];
        long[] hst = new long[0];
        int hn;

        void addF(long t, double v) {
            addF(t, v, 0);
        }

        void addF(long t, double v, long st) {
            if (fn == ft.length) {
                ft = Arrays.copyOf(ft, fn * 2);
                fv = Arrays.copyOf(fv, fn * 2);
                fst = Arrays.copyOf(fst, fn * 2);
            }
            ft[fn] = t;
            fst[fn] = st;
            hasSt |= st != 0;
            fv[fn++] = v;
        }

        void addH(long t, FloatHistogram h) {
            addH(t, h, 0);
        }

        void addH(long t, FloatHistogram h, long st) {
            if (hn == ht.length) {
                int c = Math.max(8, hn * 2);
                ht = Arrays.copyOf(ht, c);
                hv = Arrays.copyOf(hv, c);
                hst = Arrays.copyOf(hst, c);
            }
            ht[hn] = t;
            hst[hn] = st;
            hasSt |= st != 0;
            hv[hn++] = h;
        }
    }

    /**
     * The input of a range function: series and, per step, the right end of the window. For range
     * selectors the series are streamed from storage into one reused buffer: an {@link RSeries}
     * is only valid until the iteration moves on (its labels may be kept); {@code selected} then
     * holds the selected series, which {@link #part} streams a slice of (else it is null).
     */
    record RangeIn(Iterable<RSeries> series, long[] refs, long range, List<Series> selected, long lo, long hi) {
        RangeIn(Iterable<RSeries> series, long[] refs, long range) {
            this(series, refs, range, null, 0, 0);
        }

        /** Series {@code from} to {@code to} of {@code selected}, streamed for {@code reader}. */
        Iterable<RSeries> part(Evaluator reader, int from, int to) {
            return reader.stream(selected.subList(from, to), lo, hi, refs, range);
        }
    }

    final SeriesSource src;
    final EngineOptions opts;
    final String query;
    final long qStart;
    final long qEnd;
    final long qStep;
    final long interval;
    final boolean instant;
    final LinkedHashSet<String> warnings = new LinkedHashSet<>();
    /**
     * Greater than zero while evaluating the argument of histogram_count/sum/avg: selectors then
     * read histograms like Prometheus' statistics iterator, which sets reset hints on the fly from
     * the previous sample it read.
     */
    int statsMode;
    /**
     * Whether selectors keep each point's sample timestamp ({@link SeriesData#ts}): only
     * {@code timestamp()} and {@code info()} read them, so other queries skip an array per series.
     */
    boolean keepTimestamps = true;
    /** The most samples held at once so far: a selector's points, a range read's samples, the answer's. */
    private long peakSamples;
    /**
     * Prometheus's totalQueryableSamples so far: a point per instant selector answer, and per step
     * the samples in a range argument's window (a histogram by its size); the windows are only
     * counted when {@link #countQueryable}, as they cost a pass over each series.
     */
    private long queryableSamples;
    private final boolean countQueryable;
    /**
     * Step slots the query's selectors have allocated so far, shared with its forks: selectors
     * hold a slot per step for every series, points or not, so a fine subquery step over many series
     * ({@code [30m:1ms]}) would take the heap long before any sample is counted.
     */
    private AtomicLong slots = new AtomicLong();
    final LinkedHashSet<String> infos = new LinkedHashSet<>();

    Evaluator(SeriesSource src, EngineOptions opts, String query, long start, long end, long step, boolean instant) {
        this.src = src;
        this.opts = opts;
        this.query = query;
        this.qStart = start;
        this.qEnd = end;
        this.qStep = instant ? 0 : step;
        this.interval = step;
        this.instant = instant;
        this.countQueryable = opts.countQueryableSamples();
    }

    /**
     * An evaluator for one partition of this one's series on another thread: the same query and
     * storage, its own annotations (merged back in partition order by {@link #join}).
     */
    Evaluator fork() {
        Evaluator f = new Evaluator(src, opts, query, qStart, qEnd, interval, instant);
        f.statsMode = statsMode;
        f.keepTimestamps = keepTimestamps;
        f.slots = slots;
        return f;
    }

    /** Takes the annotations of a fork, after this one's own. */
    void join(Evaluator fork) {
        warnings.addAll(fork.warnings);
        infos.addAll(fork.infos);
        peakSamples = Math.max(peakSamples, fork.peakSamples);
        queryableSamples += fork.queryableSamples;
    }

    /** Whether {@code e} calls any of the functions {@code names} anywhere (a loop, not recursion). */
    static boolean calls(Expr e, String... names) {
        java.util.ArrayDeque<Expr> todo = new java.util.ArrayDeque<>();
        todo.push(e);
        while (!todo.isEmpty()) {
            Expr x = todo.pop();
            if (x instanceof Call call) {
                for (String n : names) {
                    if (call.function().name().equals(n)) {
                        return true;
                    }
                }
            }
            for (Expr child : x.children()) {
                todo.push(child);
            }
        }
        return false;
    }

    Result run(Expr e) {
        keepTimestamps = calls(e, "timestamp", "info");
        Ctx c = new Ctx(qStart, qEnd, interval);
        Expr u = unwrap(e);
        if (instant && (u instanceof MatrixSelector || u instanceof SubqueryExpr)) {
            RangeIn in = rangeInput(u, c);
            List<Result.Series> out = new ArrayList<>();
            for (RSeries r : in.series()) {
                long lo = in.refs()[0] - in.range();
                long hi = in.refs()[0];
                out.add(points(r, lo, hi));
            }
            out.removeIf(s -> s.size() == 0);
            return result(new Result.Matrix(out));
        }
        V v = eval(e, c);
        return switch (v) {
            case Sca s -> {
                if (instant) {
                    yield result(new Result.Scalar(qStart, s.v()[0]));
                }
                SeriesData sd = new SeriesData(Labels.EMPTY, c.steps());
                for (int k = 0; k < c.steps(); k++) {
                    sd.set(k, s.v()[k]);
                }
                yield result(toMatrix(List.of(sd), c));
            }
            case Str s -> result(new Result.Str(qStart, s.s()));
            case Vec vec -> {
                List<SeriesData> list = finishNames(vec.s(), c);
                if (instant) {
                    List<Result.Sample> samples = new ArrayList<>();
                    for (SeriesData sd : list) {
                        if (sd.has[0]) {
                            samples.add(new Result.Sample(sd.labels, qStart, sd.f[0], sd.hist(0)));
                        }
                    }
                    yield result(new Result.Vector(samples));
                }
                yield result(toMatrix(list, c));
            }
        };
    }

    private Result result(Result.Value v) {
        held(switch (v) {
            case Result.Matrix m -> m.series().stream().mapToLong(Result.Series::size).sum();
            case Result.Vector vec -> vec.samples().size();
            case Result.Scalar s -> 1;
            case Result.Str s -> 0;
        });
        return new Result(v, List.copyOf(warnings), List.copyOf(infos), peakSamples, queryableSamples);
    }

    /**
     * The samples of {@code r} in {@code (lo, hi]}, floats and histograms in one time order; where
     * both have a timestamp the histogram is kept, and of repeated timestamps the later sample. Both
     * lists come from one iterator and are sorted, so this merges them (every instant range query
     * goes through here); a list out of order would still be sorted, the slow way.
     */
    static Result.Series points(RSeries r, long lo, long hi) {
        if (!sorted(r.ft, r.fn) || !sorted(r.ht, r.hn)) {
            return pointsUnsorted(r, lo, hi);
        }
        int fi = 0;
        while (fi < r.fn && r.ft[fi] <= lo) {
            fi++;
        }
        int hi0 = 0;
        while (hi0 < r.hn && r.ht[hi0] <= lo) {
            hi0++;
        }
        int fEnd = fi;
        while (fEnd < r.fn && r.ft[fEnd] <= hi) {
            fEnd++;
        }
        int hEnd = hi0;
        while (hEnd < r.hn && r.ht[hEnd] <= hi) {
            hEnd++;
        }
        int cap = (fEnd - fi) + (hEnd - hi0);
        long[] t = new long[cap];
        double[] f = new double[cap];
        FloatHistogram[] h = new FloatHistogram[cap];
        int n = 0;
        int hj = hi0;
        while (fi < fEnd || hj < hEnd) {
            boolean takeFloat = hj == hEnd || (fi < fEnd && r.ft[fi] <= r.ht[hj]);
            long ts = takeFloat ? r.ft[fi] : r.ht[hj];
            if (n == 0 || t[n - 1] != ts) {
                n++;
            }
            t[n - 1] = ts;
            if (takeFloat) {
                f[n - 1] = r.fv[fi++];
                h[n - 1] = null;
            } else {
                f[n - 1] = 0;
                h[n - 1] = r.hv[hj++];
            }
        }
        if (n < cap) {
            t = Arrays.copyOf(t, n);
            f = Arrays.copyOf(f, n);
            h = Arrays.copyOf(h, n);
        }
        Labels l = r.dropName ? dropNameLabels(r.labels) : r.labels;
        return new Result.Series(l, t, f, h);
    }

    private static boolean sorted(long[] ts, int n) {
        for (int i = 1; i < n; i++) {
            if (ts[i] < ts[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private static Result.Series pointsUnsorted(RSeries r, long lo, long hi) {
        TreeMap<Long, Object> pts = new TreeMap<>();
        for (int i = 0; i < r.fn; i++) {
            if (r.ft[i] > lo && r.ft[i] <= hi) {
                pts.put(r.ft[i], r.fv[i]);
            }
        }
        for (int i = 0; i < r.hn; i++) {
            if (r.ht[i] > lo && r.ht[i] <= hi) {
                pts.put(r.ht[i], r.hv[i]);
            }
        }
        long[] t = new long[pts.size()];
        double[] f = new double[pts.size()];
        FloatHistogram[] h = new FloatHistogram[pts.size()];
        int i = 0;
        for (Map.Entry<Long, Object> e : pts.entrySet()) {
            t[i] = e.getKey();
            if (e.getValue() instanceof Double d) {
                f[i] = d;
            } else {
                h[i] = (FloatHistogram) e.getValue();
            }
            i++;
        }
        Labels l = r.dropName ? dropNameLabels(r.labels) : r.labels;
        return new Result.Series(l, t, f, h);
    }

    private Result.Matrix toMatrix(List<SeriesData> list, Ctx c) {
        List<Result.Series> out = new ArrayList<>();
        for (SeriesData sd : list) {
            int n = 0;
            for (boolean b : sd.has) {
                n += b ? 1 : 0;
            }
            if (n == 0) {
                continue;
            }
            long[] t = new long[n];
            double[] f = new double[n];
            FloatHistogram[] h = new FloatHistogram[n];
            int i = 0;
            for (int k = 0; k < sd.has.length; k++) {
                if (sd.has[k]) {
                    t[i] = c.time(k);
                    f[i] = sd.f[k];
                    h[i] = sd.hist(k);
                    i++;
                }
            }
            out.add(new Result.Series(sd.labels, t, f, h));
        }
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        return new Result.Matrix(out);
    }

    static Labels dropNameLabels(Labels l) {
        return l.without(NAME, "__type__", "__unit__");
    }

    /** Applies delayed name removal; series that end up with equal labels merge or clash. */
    private List<SeriesData> finishNames(List<SeriesData> in, Ctx c) {
        boolean any = false;
        for (SeriesData sd : in) {
            if (sd.dropName) {
                sd.labels = dropNameLabels(sd.labels);
                sd.dropName = false;
                any = true;
            }
        }
        LinkedHashMap<Labels, SeriesData> seen = new LinkedHashMap<>();
        List<SeriesData> out = new ArrayList<>();
        for (SeriesData sd : in) {
            if (!sd.any()) {
                continue;
            }
            SeriesData prev = seen.get(sd.labels);
            if (prev == null) {
                seen.put(sd.labels, sd);
                out.add(sd);
                continue;
            }
            for (int k = 0; k < sd.has.length; k++) {
                if (sd.has[k]) {
                    if (prev.has[k]) {
                        throw new QueryException("vector cannot contain metrics with the same labelset");
                    }
                    if (sd.hist(k) != null) {
                        prev.setH(k, sd.hist(k));
                    } else {
                        prev.set(k, sd.f[k]);
                    }
                }
            }
        }
        return out;
    }

    static Expr unwrap(Expr e) {
        while (e instanceof ParenExpr p) {
            e = p.expr();
        }
        return e;
    }

    // ---------------------------------------------------------------- dispatch

    V eval(Expr e, Ctx c) {
        return switch (e) {
            case NumberLiteral n -> {
                double[] v = new double[c.steps()];
                Arrays.fill(v, n.value());
                yield new Sca(v);
            }
            case StringLiteral s -> new Str(s.value());
            case ParenExpr p -> eval(p.expr(), c);
            case UnaryExpr u -> unary(u, c);
            case VectorSelector vs -> new Vec(selectVector(vs, c));
            case MatrixSelector m -> throw new QueryException("unexpected range vector in instant-vector context");
            case SubqueryExpr s -> throw new QueryException("unexpected subquery in instant-vector context");
            case DurationExpr d -> {
                double[] v = new double[c.steps()];
                Arrays.fill(v, durationSeconds(d));
                yield new Sca(v);
            }
            case Call call -> Functions.call(this, call, c);
            case AggregateExpr a -> Aggregations.aggregate(this, a, c);
            case BinaryExpr b -> Binary.eval(this, b, c);
        };
    }

    private V unary(UnaryExpr u, Ctx c) {
        V v = eval(u.expr(), c);
        if (u.op() == UnaryOp.PLUS) {
            return v;
        }
        if (v instanceof Sca s) {
            double[] r = new double[s.v().length];
            for (int i = 0; i < r.length; i++) {
                r[i] = -s.v()[i];
            }
            return new Sca(r);
        }
        List<SeriesData> out = new ArrayList<>();
        for (SeriesData sd : ((Vec) v).s()) {
            SeriesData o = derived(sd, c.steps());
            for (int k = 0; k < c.steps(); k++) {
                if (sd.has[k]) {
                    if (sd.hist(k) != null) {
                        o.setH(k, sd.hist(k).scale(-1).withHint(FloatHistogram.Hint.GAUGE));
                    } else {
                        o.set(k, -sd.f[k]);
                    }
                }
            }
            out.add(o);
        }
        return new Vec(out);
    }

    /** A new series with the labels of {@code sd} and its metric name dropped. */
    SeriesData derived(SeriesData sd, int steps) {
        SeriesData o = new SeriesData(sd.labels, steps);
        o.dropName = sd.dropName;
        dropName(o);
        return o;
    }

    void dropName(SeriesData o) {
        if (opts.delayedNameRemoval()) {
            o.dropName = true;
        } else {
            o.labels = dropNameLabels(o.labels);
        }
    }

    /** Labels with a pending name drop applied, for grouping and matching. */
    static Labels effective(SeriesData sd) {
        return sd.dropName ? dropNameLabels(sd.labels) : sd.labels;
    }

    // ---------------------------------------------------------------- durations, offsets, @

    double durationSeconds(Expr e) {
        e = unwrap(e);
        if (e instanceof NumberLiteral n) {
            return n.value();
        }
        if (e instanceof UnaryExpr u) {
            double v = durationSeconds(u.expr());
            return u.op() == UnaryOp.MINUS ? -v : v;
        }
        DurationExpr d = (DurationExpr) e;
        return switch (d.op()) {
            case STEP -> qStep / 1000.0;
            case RANGE -> (qEnd - qStart) / 1000.0;
            case MIN_OF -> Math.min(durationSeconds(d.lhs()), durationSeconds(d.rhs()));
            case MAX_OF -> Math.max(durationSeconds(d.lhs()), durationSeconds(d.rhs()));
            case ADD -> d.lhs() == null ? durationSeconds(d.rhs()) : durationSeconds(d.lhs()) + durationSeconds(d.rhs());
            case SUB -> d.lhs() == null ? -durationSeconds(d.rhs()) : durationSeconds(d.lhs()) - durationSeconds(d.rhs());
            case MUL -> durationSeconds(d.lhs()) * durationSeconds(d.rhs());
            case DIV -> durationSeconds(d.lhs()) / durationSeconds(d.rhs());
            case MOD -> durationSeconds(d.lhs()) % durationSeconds(d.rhs());
            case POW -> Math.pow(durationSeconds(d.lhs()), durationSeconds(d.rhs()));
        };
    }

    long millis(long constant, DurationExpr e) {
        return e == null ? constant : Math.round(durationSeconds(e) * 1000);
    }

    Long at(Long atMillis, AtPreprocessor pre) {
        return switch (pre) {
            case START -> qStart;
            case END -> qEnd;
            case NONE -> atMillis;
        };
    }

    // ---------------------------------------------------------------- selectors

    List<SeriesData> selectVector(VectorSelector vs, Ctx c) {
        long off = millis(vs.offsetMillis(), vs.offsetExpr());
        Long at = at(vs.atMillis(), vs.atPreprocessor());
        int steps = c.steps();
        long[] refs = new long[steps];
        for (int k = 0; k < steps; k++) {
            refs[k] = (at != null ? at : c.time(k)) - off;
        }
        long lookback = opts.lookbackMillis();
        long minT = refs[0] - lookback + 1;
        long maxT = refs[steps - 1];
        if (vs.smoothed()) {
            // interpolation reads the next sample after the reference time, up to a lookback later
            maxT += lookback - 1;
        }
        List<Series> selected = src.select(vs.matchers(), minT, maxT);
        int[] perStep = new int[steps];
        if (steps < 2) {
            List<SeriesData> out = selectPart(vs, selected, refs, minT, lookback, perStep);
            checkSamples(perStep[0]);
            held(perStep[0]);
            queryableSamples += perStep[0] + histogramExtra(out);
            return out;
        }
        // a range query reads partitions of the selected series at once, each with its own
        // evaluator (for annotations) and counts per step, merged in order
        List<SelectPart> parts = SeriesPartitions.run(selected.size(), (from, to) -> {
            Evaluator fork = fork();
            int[] counts = new int[steps];
            return new SelectPart(fork, fork.selectPart(vs, selected.subList(from, to), refs, minT, lookback, counts), counts);
        });
        List<SeriesData> out = parts.size() == 1 ? parts.get(0).out() : new ArrayList<>();
        for (SelectPart part : parts) {
            join(part.ev());
            if (parts.size() > 1) {
                out.addAll(part.out());
            }
            for (int k = 0; k < steps; k++) {
                perStep[k] += part.perStep()[k];
            }
        }
        long points = 0;
        for (int n : perStep) {
            checkSamples(n);
            points += n;
        }
        held(points);
        queryableSamples += points + histogramExtra(out);
        return out;
    }

    /**
     * What the histogram points of a selector's answer add to its point count in Prometheus's
     * totalQueryableSamples, which counts a histogram by its size ({@link QueryableSamples#size});
     * only series that hold a histogram are looked at.
     */
    private long histogramExtra(List<SeriesData> out) {
        if (!countQueryable) {
            return 0;
        }
        long extra = 0;
        for (SeriesData sd : out) {
            if (sd.h != null) {
                for (FloatHistogram h : sd.h) {
                    if (h != null) {
                        extra += QueryableSamples.size(h) - 1;
                    }
                }
            }
        }
        return extra;
    }

    /** What one partition of a selector gave: its evaluator (annotations), series and samples per step. */
    private record SelectPart(Evaluator ev, List<SeriesData> out, int[] perStep) {}

    /** The points of {@code selected} at each reference time, adding the samples used per step to {@code perStep}. */
    private List<SeriesData> selectPart(VectorSelector vs, List<Series> selected, long[] refs, long minT, long lookback,
            int[] perStep) {
        if (!vs.smoothed()) {
            return selectPartBatched(selected, refs, minT, lookback, perStep);
        }
        int steps = refs.length;
        List<SeriesData> out = new ArrayList<>();
        SampleIterator it = null;
        for (Series s : selected) {
            it = s.iterator(it);
            reserveSlots(steps);
            SeriesData sd = new SeriesData(s.labels(), steps);
            if (keepTimestamps) {
                sd.ts = new long[steps];
            }
            int kind = it.seek(minT);
            // prev* hold the newest sample at or before the current reference time
            long pt = Long.MIN_VALUE;
            long pst = 0;
            FloatHistogram prevRead = null;
            double pv = 0;
            FloatHistogram ph = null;
            boolean have = false;
            boolean any = false;
            for (int k = 0; k < steps; k++) {
                long r = refs[k];
                while (kind != SampleIterator.NONE && it.timestamp() <= r) {
                    pt = it.timestamp();
                    pst = it.startTimestamp();
                    if (kind == SampleIterator.HISTOGRAM) {
                        ph = statsMode > 0 ? onTheFly(prevRead, it.histogram()) : it.histogram();
                        prevRead = it.histogram();
                    } else {
                        ph = null;
                        pv = it.value();
                    }
                    have = true;
                    kind = it.next();
                }
                if (have && pt > r - lookback && (ph != null || !MemorySeriesSource.isStale(pv))) {
                    if (ph != null && vs.smoothed() && pt != r && kind == SampleIterator.HISTOGRAM
                            && it.timestamp() - r < lookback) {
                        try {
                            FloatHistogram nh = it.histogram();
                            sd.setH(k, HistogramFunctions.interpolate(ph, nh, (r - pt) / (double) (it.timestamp() - pt),
                                    ph.hint != FloatHistogram.Hint.GAUGE));
                        } catch (IllegalArgumentException e) {
                            warn("vector contains a mix of histograms with exponential and custom buckets schemas for metric name "
                                    + Functions.goQuote(metricName(s.labels())), vs);
                            continue;
                        }
                    } else if (vs.smoothed() && pt != r && kind != SampleIterator.NONE && it.timestamp() - r < lookback
                            && (ph != null) != (kind == SampleIterator.HISTOGRAM)) {
                        warn("encountered a mix of histograms and floats for metric name " + Functions.goQuote(metricName(s.labels())), vs);
                        continue;
                    } else if (ph != null) {
                        sd.setH(k, ph);
                    } else if (vs.smoothed() && pt != r && kind == SampleIterator.FLOAT
                            && !MemorySeriesSource.isStale(it.value()) && it.timestamp() - r < lookback) {
                        double nv = it.value();
                        sd.set(k, pv + (nv - pv) * (r - pt) / (double) (it.timestamp() - pt));
                    } else {
                        sd.set(k, pv);
                    }
                    answered(sd, k, pt, pst, perStep);
                    any = true;
                }
            }
            if (any) {
                out.add(sd);
            }
        }
        return out;
    }

    /** Step {@code k} of {@code sd} holds the sample at {@code t} (start timestamp {@code st}, 0: none). */
    private static void answered(SeriesData sd, int k, long t, long st, int[] perStep) {
        if (sd.ts != null) {
            sd.ts[k] = t;
        }
        if (st != 0) {
            if (sd.st == null) {
                sd.st = new long[sd.f.length];
            }
            sd.st[k] = st;
        }
        perStep[k]++;
    }

    /**
     * {@link #selectPart} for a selector without {@code smoothed}: each series' floats are read in runs
     * through {@link SampleIterator#nextFloats} and the steps walk an index over the arrays; a
     * histogram (or a float after one) is read from the iterator where it stands, so every sample is
     * still read, and metered, exactly once.
     */
    private List<SeriesData> selectPartBatched(List<Series> selected, long[] refs, long minT, long lookback,
            int[] perStep) {
        int steps = refs.length;
        long maxT = refs[steps - 1];
        List<SeriesData> out = new ArrayList<>();
        FloatSampleBuffer floats = new FloatSampleBuffer(64);
        SampleIterator it = null;
        for (Series s : selected) {
            it = s.iterator(it);
            reserveSlots(steps);
            SeriesData sd = new SeriesData(s.labels(), steps);
            if (keepTimestamps) {
                sd.ts = new long[steps];
            }
            // the samples ahead: floats buffered at [i, n), then the iterator's current sample (kind)
            floats.clear();
            int i = 0;
            int n = 0;
            int kind = it.seek(minT);
            if (kind == SampleIterator.FLOAT && it.timestamp() <= maxT) {
                floats.add(it.timestamp(), it.value(), it.startTimestamp());
                kind = it.nextFloats(maxT, floats);
                n = floats.size();
            }
            long[] fts = floats.timestamps();
            double[] fvs = floats.values();
            long[] fst = floats.startTimestamps();
            if (kind == SampleIterator.NONE || it.timestamp() > maxT) {
                // every sample up to the last step is a buffered float: the steps walk the arrays alone
                if (stepFloats(sd, fts, fvs, fst, n, refs, lookback, perStep)) {
                    out.add(sd);
                }
                continue;
            }
            // the newest sample at or before the current reference time
            long pt = Long.MIN_VALUE;
            long pst = 0;
            FloatHistogram prevRead = null;
            double pv = 0;
            FloatHistogram ph = null;
            boolean have = false;
            boolean any = false;
            for (int k = 0; k < steps; k++) {
                long r = refs[k];
                while (true) {
                    if (i < n) {
                        if (fts[i] > r) {
                            break;
                        }
                        pt = fts[i];
                        pv = fvs[i];
                        pst = fst == null ? 0 : fst[i];
                        ph = null;
                        have = true;
                        i++;
                    } else if (kind == SampleIterator.HISTOGRAM && it.timestamp() <= r) {
                        pt = it.timestamp();
                        pst = it.startTimestamp();
                        FloatHistogram h = it.histogram();
                        ph = statsMode > 0 ? onTheFly(prevRead, h) : h;
                        prevRead = h;
                        have = true;
                        kind = it.next();
                    } else if (kind == SampleIterator.FLOAT && it.timestamp() <= r) {
                        // floats again after a histogram: the next run goes into the buffer
                        floats.clear();
                        floats.add(it.timestamp(), it.value(), it.startTimestamp());
                        kind = it.nextFloats(maxT, floats);
                        i = 0;
                        n = floats.size();
                        fts = floats.timestamps();
                        fvs = floats.values();
                        fst = floats.startTimestamps();
                    } else {
                        break;
                    }
                }
                if (have && pt > r - lookback && (ph != null || !MemorySeriesSource.isStale(pv))) {
                    if (ph != null) {
                        sd.setH(k, ph);
                    } else {
                        sd.set(k, pv);
                    }
                    answered(sd, k, pt, pst, perStep);
                    any = true;
                }
            }
            if (any) {
                out.add(sd);
            }
        }
        return out;
    }

    /**
     * The points of a series whose samples in the steps' reach are all the floats {@code [0, n)}:
     * at each reference time the newest sample at or before it, if within the lookback and not a
     * staleness marker. Returns whether any step got a point.
     */
    private static boolean stepFloats(SeriesData sd, long[] fts, double[] fvs, long[] fst, int n, long[] refs,
            long lookback, int[] perStep) {
        boolean any = false;
        int i = 0;
        for (int k = 0; k < refs.length; k++) {
            long r = refs[k];
            while (i < n && fts[i] <= r) {
                i++;
            }
            if (i == 0) {
                continue;
            }
            int p = i - 1;
            double pv = fvs[p];
            if (fts[p] > r - lookback && !MemorySeriesSource.isStale(pv)) {
                sd.set(k, pv);
                answered(sd, k, fts[p], fst == null ? 0 : fst[p], perStep);
                any = true;
            }
        }
        return any;
    }

    /** Notes that {@code n} samples are held at once, for the peak the statistics report. */
    void held(long n) {
        if (n > peakSamples) {
            peakSamples = n;
        }
    }

    void checkSamples(long n) {
        if (n > opts.maxSamples()) {
            throw new QueryException(TOO_MANY_SAMPLES);
        }
    }

    /**
     * Takes {@code steps} step slots for one more selected series, refusing the query with the
     * samples limit's error once they pass that limit (at least {@link #MIN_SLOT_LIMIT}, which
     * leaves the small limits of tests to count samples alone).
     */
    private void reserveSlots(int steps) {
        if (slots.addAndGet(steps) > Math.max(opts.maxSamples(), MIN_SLOT_LIMIT)) {
            throw new QueryException(TOO_MANY_SAMPLES);
        }
    }

    /** Series and window ends of a range selector or subquery argument. */
    RangeIn rangeInput(Expr arg, Ctx c) {
        arg = unwrap(arg);
        int steps = c.steps();
        long[] refs = new long[steps];
        if (arg instanceof MatrixSelector m) {
            VectorSelector vs = m.selector();
            long off = millis(vs.offsetMillis(), vs.offsetExpr());
            Long at = at(vs.atMillis(), vs.atPreprocessor());
            long range = millis(m.rangeMillis(), m.rangeExpr());
            for (int k = 0; k < steps; k++) {
                refs[k] = (at != null ? at : c.time(k)) - off;
            }
            long minT = refs[0] - range + 1;
            long maxT = refs[steps - 1];
            if (vs.anchored() || vs.smoothed()) {
                minT -= opts.lookbackMillis();
            }
            if (vs.smoothed()) {
                maxT += opts.lookbackMillis();
            }
            List<Series> selected = src.select(vs.matchers(), minT, maxT);
            return new RangeIn(stream(selected, minT, maxT, refs, range), refs, range, selected, minT, maxT);
        }
        SubqueryExpr sq = (SubqueryExpr) arg;
        long off = millis(sq.offsetMillis(), sq.offsetExpr());
        Long at = at(sq.atMillis(), sq.atPreprocessor());
        long range = millis(sq.rangeMillis(), sq.rangeExpr());
        long step = sq.hasDefaultStep() ? opts.defaultSubqueryStepMillis() : millis(sq.stepMillis(), sq.stepExpr());
        if (step <= 0) {
            throw new QueryException("zero or negative subquery step");
        }
        for (int k = 0; k < steps; k++) {
            refs[k] = (at != null ? at : c.time(k)) - off;
        }
        long lo = refs[0] - range;
        long innerStart = Math.floorDiv(lo, step) * step;
        if (innerStart <= lo) {
            innerStart += step;
        }
        long innerEnd = refs[steps - 1];
        List<RSeries> out = new ArrayList<>();
        if (innerStart <= innerEnd) {
            Ctx inner = new Ctx(innerStart, innerEnd, step);
            // the inner grid itself: even a selector-free subquery (vector(1)[1d:1ms]) holds a slot per step
            reserveSlots(inner.steps());
            // as in Prometheus, the subquery's own reads are not counted, only its points in the windows
            long counted = queryableSamples;
            V v = eval(sq.expr(), inner);
            queryableSamples = counted;
            List<SeriesData> list;
            if (v instanceof Sca s) {
                SeriesData sd = new SeriesData(Labels.EMPTY, inner.steps());
                for (int k = 0; k < inner.steps(); k++) {
                    sd.set(k, s.v()[k]);
                }
                list = List.of(sd);
            } else {
                list = ((Vec) v).s();
            }
            for (SeriesData sd : list) {
                RSeries r = new RSeries();
                r.labels = sd.labels;
                r.dropName = sd.dropName;
                for (int k = 0; k < sd.has.length; k++) {
                    if (sd.has[k]) {
                        if (sd.hist(k) != null) {
                            // subquery results carry no trustworthy reset hints: detect resets explicitly
                            FloatHistogram h = sd.hist(k);
                            r.addH(inner.time(k), h.hint == FloatHistogram.Hint.GAUGE ? h : h.withHint(FloatHistogram.Hint.UNKNOWN));
                        } else {
                            r.addF(inner.time(k), sd.f[k]);
                        }
                    }
                }
                if (r.fn + r.hn > 0) {
                    countWindows(r, refs, range);
                    out.add(r);
                }
            }
        }
        return new RangeIn(out, refs, range);
    }

    /** Adds the samples of {@code r} in each step's window {@code (refs[k] - range, refs[k]]}, when counting. */
    private void countWindows(RSeries r, long[] refs, long range) {
        if (countQueryable) {
            queryableSamples += QueryableSamples.inWindows(r.ft, r.fn, refs, range)
                    + QueryableSamples.inWindows(r.ht, r.hv, r.hn, refs, range);
        }
    }

    /**
     * The samples of {@code selected} in {@code [lo, hi]}, one series at a time in one reused
     * {@link RSeries}; stale markers are left out. An instant query (one step) checks the
     * running total against the samples limit. {@code refs} and {@code range} are the windows the
     * samples are read for (counted for the statistics).
     */
    Iterable<RSeries> stream(List<Series> selected, long lo, long hi, long[] refs, long range) {
        int steps = refs.length;
        return () -> new java.util.Iterator<>() {
            final java.util.Iterator<Series> sit = selected.iterator();
            final RSeries r = new RSeries();
            final FloatSampleBuffer floats = new FloatSampleBuffer(64);
            SampleIterator it;
            long total;
            boolean ready;
            FloatHistogram prevRead;
            int taken;

            @Override
            public boolean hasNext() {
                while (!ready && sit.hasNext()) {
                    Series s = sit.next();
                    it = s.iterator(it);
                    r.index = taken++;
                    r.labels = s.labels();
                    r.fn = 0;
                    r.hn = 0;
                    r.hasSt = false;
                    prevRead = null;
                    floats.clear();
                    // floats come in runs through the storage's batch read, histograms one by one
                    int kind = it.seek(lo);
                    while (kind != SampleIterator.NONE && it.timestamp() <= hi) {
                        if (kind == SampleIterator.HISTOGRAM) {
                            FloatHistogram h = it.histogram();
                            r.addH(it.timestamp(), statsMode > 0 ? onTheFly(prevRead, h) : h, it.startTimestamp());
                            prevRead = h;
                        } else {
                            floats.add(it.timestamp(), it.value(), it.startTimestamp());
                        }
                        kind = it.nextFloats(hi, floats);
                    }
                    takeFloats(r, floats);
                    countWindows(r, refs, range);
                    total += r.fn + r.hn;
                    if (steps == 1) {
                        checkSamples(total);
                        held(total);
                    }
                    ready = r.fn + r.hn > 0;
                }
                return ready;
            }

            @Override
            public RSeries next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                ready = false;
                return r;
            }
        };
    }

    /**
     * Makes the floats read into {@code floats} the float samples of {@code r}, in place: staleness
     * markers are dropped and {@code r}'s arrays become the buffer's (both are reused per series).
     */
    static void takeFloats(RSeries r, FloatSampleBuffer floats) {
        int n = floats.size();
        long[] ts = floats.timestamps();
        double[] vs = floats.values();
        long[] st = floats.startTimestamps();
        // most runs hold no staleness marker: find the first, and move samples only after it
        int j = 0;
        while (j < n && !MemorySeriesSource.isStale(vs[j])) {
            j++;
        }
        for (int i = j + 1; i < n; i++) {
            double v = vs[i];
            if (!MemorySeriesSource.isStale(v)) {
                ts[j] = ts[i];
                vs[j] = v;
                if (st != null) {
                    st[j] = st[i];
                }
                j++;
            }
        }
        if (st != null) {
            boolean any = false;
            for (int i = 0; i < j; i++) {
                any |= st[i] != 0;
            }
            r.hasSt |= any;
        }
        r.ft = ts;
        r.fv = vs;
        r.fn = j;
        if (st != null) {
            r.fst = st;
        } else if (r.hasSt) {
            // the histograms had start timestamps: the floats' are 0
            if (r.fst == null || r.fst.length < j) {
                r.fst = new long[Math.max(j, 16)];
            } else {
                Arrays.fill(r.fst, 0, j, 0L);
            }
        }
    }

    /** The hint a statistics iterator would give h after prev: reset or not_reset (the first keeps its own). */
    static FloatHistogram onTheFly(FloatHistogram prev, FloatHistogram h) {
        if (h.hint == FloatHistogram.Hint.GAUGE) {
            return h;
        }
        if (prev == null) {
            return h; // the first sample read keeps the hint the storage gives it
        }
        boolean reset = h.count < prev.count || FloatHistogram.detectReset(prev, h.withHint(FloatHistogram.Hint.UNKNOWN));
        return h.withHint(reset ? FloatHistogram.Hint.RESET : FloatHistogram.Hint.NOT_RESET);
    }

    // ---------------------------------------------------------------- annotations

    String pos(Expr e) {
        try {
            return ParseException.startPosition(query, e.position().start());
        } catch (RuntimeException ex) {
            return "1:1";
        }
    }

    void warn(String detail, Expr e) {
        warnings.add("PromQL warning: " + detail + " (" + pos(e) + ")");
    }

    void info(String detail, Expr e) {
        infos.add("PromQL info: " + detail + " (" + pos(e) + ")");
    }

    // ---------------------------------------------------------------- helpers shared by operators

    static String metricName(Labels l) {
        return l.get(NAME);
    }

    /** Matching signature of a label set for vector matching. */
    static Labels signature(Labels l, VectorMatching m) {
        if (m != null && m.on()) {
            TreeMap<String, String> t = new TreeMap<>();
            for (String n : m.matchingLabels()) {
                String v = l.get(n);
                if (!v.isEmpty()) {
                    t.put(n, v);
                }
            }
            return Labels.of(t);
        }
        if (m == null || m.matchingLabels().isEmpty()) {
            return l.without(NAME);
        }
        String[] drop = new String[m.matchingLabels().size() + 1];
        drop[0] = NAME;
        for (int i = 1; i < drop.length; i++) {
            drop[i] = m.matchingLabels().get(i - 1);
        }
        return l.without(drop);
    }
}

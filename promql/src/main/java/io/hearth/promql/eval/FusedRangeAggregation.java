package io.hearth.promql.eval;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AggregateOp;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.eval.Evaluator.Ctx;
import io.hearth.promql.eval.Evaluator.RSeries;
import io.hearth.promql.eval.Evaluator.RangeIn;
import io.hearth.promql.eval.Evaluator.Vec;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code sum avg min max count group stddev stdvar} (no parameter) straight over a range function
 * that {@link FloatRangeSteps} steps, of a matrix selector, in a range query: {@code sum by (job)
 * (rate(x[5m]))}. Each series' results go into its group's per-step state as soon as they are
 * computed, instead of into a fresh {@link SeriesData} per series that the aggregation reads after
 * every partition has finished (writing and re-reading those arrays was a fifth of such a query).
 *
 * <p>Results are bit for bit {@link FloatAggregation}'s: every (group, step) takes the series in
 * series order, with its arithmetic. Partitions of the series still run at once
 * ({@link SeriesPartitions}), but only one thread folds at a time and always the lowest unfolded
 * partition: a partition that starts when all before it are folded folds each series as it goes
 * (all of them on one thread), and any other keeps its results in reused rows until its turn.
 *
 * <p>It gives up and hands back the plain range function's result (from the same selection) when
 * a series has histograms or, for the counter functions, start timestamps (the general loop's
 * cases), and does not start when the groups' state would outweigh the series' results (nearly
 * one group per series).
 */
final class FusedRangeAggregation {

    /** Groups x steps below which the groups' state is small whatever the number of series. */
    private static final long SMALL_STATE_CELLS = 1 << 16;

    /** How many aggregations ran fused (tests check that the fusion is taken where it should be). */
    static final LongAdder FUSED = new LongAdder();

    private FusedRangeAggregation() {}

    /**
     * What {@link #run} gave: the aggregation's series ({@code out}), or, when it did not fuse, the
     * evaluated input of the aggregation ({@code input}).
     */
    record Outcome(List<SeriesData> out, List<SeriesData> input) {}

    /** Thrown inside partitions when a series needs the general loop. */
    private static final class Unfusable extends RuntimeException {
        Unfusable() {
            super(null, null, false, false);
        }
    }

    /**
     * Evaluates {@code a} fused with its range function, or evaluates only its input when it cannot;
     * null when {@code a} is not of the fused shape at all (nothing evaluated).
     */
    static Outcome run(Evaluator ev, AggregateExpr a, Ctx c) {
        switch (a.op()) {
            case SUM, AVG, MIN, MAX, COUNT, GROUP, STDDEV, STDVAR -> {
            }
            default -> {
                return null;
            }
        }
        int steps = c.steps();
        if (a.param() != null || steps < 2 || !(Evaluator.unwrap(a.expr()) instanceof Call call)
                || call.args().size() != 1 || !FloatRangeSteps.covers(call.function().name())
                || !(Evaluator.unwrap(call.args().get(0)) instanceof MatrixSelector ms)
                || ms.selector().anchored() || ms.selector().smoothed()) {
            return null;
        }
        RangeIn in = ev.rangeInput(ms, c);
        List<Series> selected = in.selected();
        // group keys from the selected labels, as the aggregation takes them from the function's results
        boolean delayed = ev.opts.delayedNameRemoval();
        if (!delayed && sameWithoutName(selected)) {
            // the function's results would hold one labelset twice, which Prometheus refuses at a
            // step where both have a value: the unfused path checks that step by step
            return unfused(ev, call, c, in);
        }
        // `by` labels other than the name's own read the same from the labels with or without the name
        boolean nameMatters = a.without() || a.grouping().contains(Evaluator.NAME) || a.grouping().contains("__type__")
                || a.grouping().contains("__unit__");
        int n = selected.size();
        int[] keyOf = new int[n];
        HashMap<Labels, Integer> keyIds = new HashMap<>();
        List<Labels> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Labels l = selected.get(i).labels();
            Labels key = Aggregations.groupKey(delayed || !nameMatters ? l : Evaluator.dropNameLabels(l), a);
            Integer id = keyIds.get(key);
            if (id == null) {
                id = keys.size();
                keyIds.put(key, id);
                keys.add(key);
            }
            keyOf[i] = id;
        }
        if ((long) keys.size() * steps > SMALL_STATE_CELLS && keys.size() * 2 > n) {
            return unfused(ev, call, c, in);
        }
        Fold fold = new Fold(a.op(), steps, keyOf, keys.size());
        String name = call.function().name();
        boolean counterFn = name.equals("rate") || name.equals("increase");
        boolean stAware = counterFn || name.equals("resets");
        ConcurrentLinkedQueue<SeriesData> rows = new ConcurrentLinkedQueue<>();
        Combiner combiner = new Combiner(fold, rows);
        List<Evaluator> forks;
        try {
            forks = SeriesPartitions.run(n, (from, to) -> {
                Evaluator pev = ev.fork();
                FloatRangeSteps stepped = new FloatRangeSteps();
                boolean direct = combiner.claimDirect(from);
                Buffer buffer = direct ? null : new Buffer(from, to);
                SeriesData row = direct ? row(rows, steps) : null;
                for (RSeries r : in.part(pev, from, to)) {
                    if (combiner.abandoned || r.hn > 0 || r.hasSt && stAware) {
                        combiner.abandoned = true;
                        throw new Unfusable();
                    }
                    if (!direct) {
                        row = row(rows, steps);
                    }
                    if (stepped.run(name, r.ft, r.fv, r.fn, in.refs(), in.range(), row) && counterFn
                            && !Functions.isCounterName(Evaluator.metricName(r.labels))) {
                        pev.info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
                                + Functions.goQuote(Evaluator.metricName(r.labels)), call.args().get(0));
                    }
                    if (direct) {
                        fold.add(from + r.index, row);
                        Arrays.fill(row.has, false);
                    } else {
                        buffer.add(from + r.index, row);
                    }
                }
                if (direct) {
                    rows.add(row);
                    combiner.finishDirect(to);
                } else {
                    combiner.finishBuffered(buffer);
                }
                return pev;
            });
        } catch (Unfusable e) {
            return unfused(ev, call, c, in);
        }
        for (Evaluator f : forks) {
            ev.join(f);
        }
        FUSED.increment();
        return new Outcome(fold.results(keys, delayed && !a.without()), null);
    }

    /** Whether two of the series have the same labels once the metric name is dropped. */
    static boolean sameWithoutName(List<Series> selected) {
        if (selected.size() < 2) {
            return false;
        }
        // one metric name for all (the usual selector): dropping it leaves them as distinct as they were
        String name = selected.get(0).labels().get(Evaluator.NAME);
        boolean oneName = true;
        for (int i = 1; i < selected.size() && oneName; i++) {
            oneName = Objects.equals(name, selected.get(i).labels().get(Evaluator.NAME));
        }
        if (oneName) {
            return false;
        }
        HashSet<Labels> seen = new HashSet<>();
        for (Series s : selected) {
            if (!seen.add(Evaluator.dropNameLabels(s.labels()))) {
                return true;
            }
        }
        return false;
    }

    private static Outcome unfused(Evaluator ev, Call call, Ctx c, RangeIn in) {
        return new Outcome(null, ((Vec) Functions.rangeFunction(ev, call, c, in)).s());
    }

    /** A cleared row from the query's pool, or a new one. */
    private static SeriesData row(ConcurrentLinkedQueue<SeriesData> rows, int steps) {
        SeriesData row = rows.poll();
        return row != null ? row : new SeriesData(Labels.EMPTY, steps);
    }

    /** The results of a partition that could not fold as it went: rows and the series they belong to. */
    private static final class Buffer {
        final int from;
        final int to;
        final List<SeriesData> rows = new ArrayList<>();
        int[] series = new int[16];

        Buffer(int from, int to) {
            this.from = from;
            this.to = to;
        }

        void add(int s, SeriesData row) {
            if (rows.size() == series.length) {
                series = Arrays.copyOf(series, series.length * 2);
            }
            series[rows.size()] = s;
            rows.add(row);
        }
    }

    /**
     * Hands the fold from partition to partition in series order: one owner at a time folds, always
     * the partition that starts where the folded ones end.
     */
    private static final class Combiner {
        private final Fold fold;
        private final ConcurrentLinkedQueue<SeriesData> rows;
        private final HashMap<Integer, Buffer> ready = new HashMap<>();
        /** The first series not folded yet. */
        private int head;
        /** Whether a thread is folding (or folds its partition as it goes). */
        private boolean owner;
        /** Set when a series needs the general loop: every partition stops. */
        volatile boolean abandoned;

        Combiner(Fold fold, ConcurrentLinkedQueue<SeriesData> rows) {
            this.fold = fold;
            this.rows = rows;
        }

        /** Whether the partition starting at {@code from} may fold as it goes (it is next and nobody folds). */
        synchronized boolean claimDirect(int from) {
            if (!owner && head == from) {
                owner = true;
                return true;
            }
            return false;
        }

        /** A partition that folded as it went is done: fold whatever waits behind it. */
        void finishDirect(int to) {
            synchronized (this) {
                head = to;
            }
            drain();
        }

        /** A partition's rows are ready: fold them (and what follows) now unless another thread is folding. */
        void finishBuffered(Buffer b) {
            synchronized (this) {
                ready.put(b.from, b);
                if (owner) {
                    return; // the owner finds it once it gets there
                }
                owner = true;
            }
            drain();
        }

        private void drain() {
            while (true) {
                Buffer b;
                synchronized (this) {
                    b = ready.remove(head);
                    if (b == null) {
                        owner = false;
                        return;
                    }
                }
                for (int i = 0; i < b.rows.size(); i++) {
                    SeriesData row = b.rows.get(i);
                    fold.add(b.series[i], row);
                    Arrays.fill(row.has, false);
                    rows.add(row);
                }
                synchronized (this) {
                    head = b.to;
                }
            }
        }
    }

    /**
     * The groups' per-step state, taking series in series order: {@link FloatAggregation}'s
     * arithmetic, with a group's steps side by side. Groups are numbered by the first series folded
     * into them, as the aggregation numbers them by first appearance.
     */
    private static final class Fold {
        private final AggregateOp op;
        private final int steps;
        private final int[] keyOf;
        /** Per key: its group's number, or -1 before a series of it was folded. */
        private final int[] groupOfKey;
        private final List<Cells> groups = new ArrayList<>();

        Fold(AggregateOp op, int steps, int[] keyOf, int keys) {
            this.op = op;
            this.steps = steps;
            this.keyOf = keyOf;
            this.groupOfKey = new int[keys];
            Arrays.fill(groupOfKey, -1);
        }

        /** Folds the results of selected series {@code s}. */
        void add(int s, SeriesData row) {
            int key = keyOf[s];
            int g = groupOfKey[key];
            if (g < 0) {
                g = groups.size();
                groupOfKey[key] = g;
                groups.add(new Cells(key, op, steps));
            }
            Cells x = groups.get(g);
            boolean[] has = row.has;
            double[] f = row.f;
            long[] cnt = x.cnt;
            switch (op) {
                case SUM -> {
                    for (int k = 0; k < steps; k++) {
                        if (has[k]) {
                            cnt[k]++;
                            FloatAggregation.kahanAdd(x.sum, x.comp, k, f[k]);
                        }
                    }
                }
                case COUNT, GROUP -> {
                    for (int k = 0; k < steps; k++) {
                        if (has[k]) {
                            cnt[k]++;
                        }
                    }
                }
                default -> {
                    for (int k = 0; k < steps; k++) {
                        if (has[k]) {
                            FloatAggregation.add(op, k, f[k], x.sum, x.comp, x.mean, cnt, x.incr);
                        }
                    }
                }
            }
        }

        /** One series per group, in the order the groups were first seen. */
        List<SeriesData> results(List<Labels> keys, boolean dropName) {
            List<SeriesData> out = new ArrayList<>(groups.size());
            for (Cells x : groups) {
                SeriesData o = new SeriesData(keys.get(x.key), steps);
                o.dropName = dropName;
                for (int k = 0; k < steps; k++) {
                    if (x.cnt[k] > 0) {
                        o.set(k, FloatAggregation.result(op, k, x.sum, x.comp, x.mean, x.cnt, x.incr));
                    }
                }
                out.add(o);
            }
            return out;
        }
    }

    /** One group's state at every step; only the arrays its operator touches. */
    private static final class Cells {
        final int key;
        final long[] cnt;
        final double[] sum;
        final double[] comp;
        final double[] mean;
        final boolean[] incr;

        Cells(int key, AggregateOp op, int steps) {
            this.key = key;
            this.cnt = new long[steps];
            boolean counts = op == AggregateOp.COUNT || op == AggregateOp.GROUP;
            boolean moments = op == AggregateOp.AVG || op == AggregateOp.STDDEV || op == AggregateOp.STDVAR;
            this.sum = counts ? null : new double[steps];
            this.comp = op == AggregateOp.SUM || op == AggregateOp.AVG ? new double[steps] : null;
            this.mean = moments ? new double[steps] : null;
            this.incr = op == AggregateOp.AVG ? new boolean[steps] : null;
        }
    }
}

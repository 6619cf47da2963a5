package io.hearth.promql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hearth.promql.parser.Parser;
import io.hearth.promql.parser.ParserOptions;
import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An aggregation fused with the range function below it gives exactly what the two give one after
 * the other: the same series in the same order, every value bit for bit, the same annotations. The
 * reference is the same query with the function's results negated twice ({@code -(-rate(...))},
 * exact for every double), which the fusion does not take. The data has counter resets, gaps, NaN,
 * values large enough to overflow a sum, -0 and +0, gauges that draw the not-a-counter info, and
 * enough series (480) to be read in several partitions at once; a second store adds a native
 * histogram series, a third a series with start timestamps, which make the fusion give up.
 */
class FusedRangeAggregationTest {
    private static final long STEP = 15_000;
    private static final MemorySeriesSource FLOATS = new MemorySeriesSource();
    private static final MemorySeriesSource WITH_HISTOGRAM = new MemorySeriesSource();
    private static final MemorySeriesSource WITH_START_TIMES = new MemorySeriesSource();

    static {
        Random rnd = new Random(11);
        for (MemorySeriesSource store : List.of(FLOATS, WITH_HISTOGRAM, WITH_START_TIMES)) {
            for (String name : List.of("x_total", "y_g")) {
                for (int s = 0; s < 240; s++) {
                    Labels l = Labels.of("__name__", name, "job", "j" + s % 5, "instance", name.charAt(0) + "" + s);
                    double v = 0;
                    for (long t = 0; t <= 3_600_000; t += STEP) {
                        int r = rnd.nextInt(400);
                        if (r < 8) {
                            continue; // a gap
                        }
                        v = switch (r) {
                            case 8 -> Double.NaN;
                            case 9 -> Double.MAX_VALUE / (1 + rnd.nextInt(3));
                            case 10 -> -0.0;
                            case 11, 12 -> 0.0; // a reset
                            default -> Double.isNaN(v) || Double.isInfinite(v) ? 1 : v + rnd.nextInt(100) / 7.0;
                        };
                        store.append(l, t + rnd.nextInt(3_000), v, 0);
                    }
                }
            }
        }
        Labels hl = Labels.of("__name__", "x_total", "job", "j2", "instance", "h");
        for (long t = 0; t <= 3_600_000; t += STEP) {
            double c = t / 1000.0;
            WITH_HISTOGRAM.append(hl, t, new FloatHistogram(0, 0, 0, c, 2 * c, new int[] {0}, new double[] {c},
                    new int[0], new double[0], null, FloatHistogram.Hint.UNKNOWN), 0);
        }
        Labels sl = Labels.of("__name__", "x_total", "job", "j3", "instance", "st");
        for (long t = 0; t <= 3_600_000; t += STEP) {
            WITH_START_TIMES.append(sl, t, t / 1000.0, t < 1_800_000 ? 1 : 1_800_000);
        }
    }

    static Stream<Arguments> cases() {
        List<String> queries = new ArrayList<>();
        for (String op : List.of("sum", "avg", "min", "max", "count", "group", "stddev", "stdvar")) {
            queries.add(op + " by (job) (rate(x_total[5m]))");
        }
        queries.add("sum(increase(x_total[2m]))");
        queries.add("sum without (instance) (delta(y_g[1m]))");
        queries.add("avg by (job) (changes(y_g[5m]))");
        queries.add("max by (job) (resets(x_total[10m]))");
        queries.add("min by (job) (max_over_time(y_g[3m]))");
        queries.add("max by (job) (min_over_time({__name__=~\"x_total|y_g\"}[3m]))");
        queries.add("count by (__name__) (ts_of_max_over_time({__name__=~\"x_total|y_g\"}[3m]))");
        queries.add("sum by (job) (rate({__name__=~\"x_total|y_g\"}[5m]))");
        queries.add("sum by (instance) (rate({__name__=~\"x_total|y_g\"}[5m]))"); // a group per series: not fused
        List<Arguments> out = new ArrayList<>();
        for (String q : queries) {
            for (EngineOptions opts : List.of(EngineOptions.DEFAULT, EngineOptions.CONFORMANCE)) {
                out.add(Arguments.of(q, opts, FLOATS));
            }
        }
        out.add(Arguments.of("sum by (job) (rate(x_total[5m]))", EngineOptions.CONFORMANCE, WITH_HISTOGRAM));
        out.add(Arguments.of("max by (job) (rate(x_total[5m]))", EngineOptions.CONFORMANCE, WITH_HISTOGRAM));
        out.add(Arguments.of("sum by (job) (rate(x_total[5m]))", EngineOptions.CONFORMANCE, WITH_START_TIMES));
        out.add(Arguments.of("sum by (job) (delta(x_total[5m]))", EngineOptions.CONFORMANCE, WITH_START_TIMES));
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void fusedEqualsTheFunctionThenTheAggregation(String query, EngineOptions opts, MemorySeriesSource store)
            throws Exception {
        String reference = query.replaceFirst("\\((\\w+\\([^()]*\\[\\w+\\]\\))\\)$", "(-(-$1))");
        assertFalse(reference.equals(query), "a reference query for " + query);
        Engine engine = new Engine(opts);
        long fusedBefore = FusedRangeAggregation.FUSED.sum();
        List<String> fused = run(engine, store, query);
        boolean expectFused = !query.contains("by (instance)")
                && (store == FLOATS || store == WITH_START_TIMES && query.contains("delta"));
        assertEquals(expectFused, FusedRangeAggregation.FUSED.sum() > fusedBefore, "fused: " + query);
        assertEquals(run(engine, store, reference), fused, query);
    }

    /** The result, warnings and infos (without positions: the reference's operand starts elsewhere), or the error. */
    private static List<String> run(Engine engine, MemorySeriesSource store, String query) {
        List<String> out = new ArrayList<>();
        Result r;
        try {
            r = engine.range(store, Parser.parse(query, ParserOptions.ALL), query, 600_000, 3_600_000, STEP);
        } catch (Exception e) {
            return List.of("error: " + e.getMessage());
        }
        for (String a : r.warnings()) {
            out.add("warning: " + a.replaceFirst(" \\(\\d+:\\d+\\)$", ""));
        }
        for (String a : r.infos()) {
            out.add("info: " + a.replaceFirst(" \\(\\d+:\\d+\\)$", ""));
        }
        for (Result.Series s : ((Result.Matrix) r.value()).series()) {
            StringBuilder b = new StringBuilder(s.labels().toString());
            for (int i = 0; i < s.size(); i++) {
                b.append(' ').append(s.t()[i]).append('=');
                // a NaN's sign is not part of the answer (JSON says NaN) nor fixed in Java (the JIT may swap the
                // operands of an addition of two NaNs), so NaNs compare as one; every other value bit for bit
                b.append(s.h() != null && s.h()[i] != null ? "h" : Long.toHexString(Double.doubleToLongBits(s.f()[i])));
            }
            out.add(b.toString());
        }
        return out;
    }
}

package io.hearth.promql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.promql.parser.Parser;
import io.hearth.promql.parser.ParserOptions;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A range query over enough series to be read in partitions at once gives, at every step, what
 * an instant query (always one partition) gives there: the same series in the same order, the
 * same values bit for bit, and its annotations in series order.
 */
class PartitionedEvaluationTest {
    static final long STEP = 15_000;
    static final MemorySeriesSource STORE = new MemorySeriesSource();

    static {
        java.util.Random rnd = new java.util.Random(7);
        // gauges named a_g .. e_g (rate over them gives one info per name) and counters with resets
        for (String name : List.of("a_g", "b_g", "c_g", "d_g", "e_g", "x_total")) {
            for (int s = 0; s < 60; s++) {
                Labels l = Labels.of("__name__", name, "job", "j" + s % 3, "instance", "i" + s);
                double v = 0;
                for (long t = 0; t <= 1_800_000; t += STEP) {
                    if (rnd.nextInt(50) == 0) {
                        continue; // a gap
                    }
                    v = rnd.nextInt(40) == 0 ? 0 : v + rnd.nextInt(100) / 7.0;
                    STORE.append(l, t + rnd.nextInt(3_000), v, 0);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x_total", "rate(x_total[2m])", "sum by (job) (rate(x_total[5m]))",
            "sum by (job) (rate({__name__=~\".+_g\"}[1m]))", "topk(3, increase(x_total[3m]))", "last_over_time({__name__=~\".+\"}[90s])",
            "x_total / on(instance) group_left a_g"})
    void rangeAgreesWithInstantAtEveryStep(String query) throws Exception {
        Engine engine = new Engine(EngineOptions.CONFORMANCE);
        long start = 300_000;
        long end = 1_800_000;
        Result range = engine.range(STORE, Parser.parse(query, ParserOptions.ALL), query, start, end, STEP);
        List<Result.Series> series = ((Result.Matrix) range.value()).series();
        assertTrue(series.size() > 1, "a query over many series");
        LinkedHashSet<String> infos = new LinkedHashSet<>();
        for (long t = start; t <= end; t += STEP) {
            Result instant = engine.instant(STORE, Parser.parse(query, ParserOptions.ALL), query, t);
            infos.addAll(instant.infos());
            List<String> expected = new ArrayList<>();
            for (Result.Sample s : ((Result.Vector) instant.value()).samples()) {
                expected.add(s.labels() + "=" + Double.doubleToRawLongBits(s.f()));
            }
            List<String> got = new ArrayList<>();
            for (Result.Series s : series) {
                for (int i = 0; i < s.size(); i++) {
                    if (s.t()[i] == t) {
                        got.add(s.labels() + "=" + Double.doubleToRawLongBits(s.f()[i]));
                    }
                }
            }
            if (!query.startsWith("topk")) { // instant vectors of topk come in heap order, the range matrix sorted
                assertEquals(expected, got, query + " at " + t);
            } else {
                assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(got), query + " at " + t);
            }
        }
        assertEquals(List.copyOf(infos), range.infos(), query);
    }
}

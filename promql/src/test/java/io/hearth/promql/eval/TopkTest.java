package io.hearth.promql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.promql.parser.Parser;
import io.hearth.promql.parser.ParserOptions;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * topk and bottomk pick, at each step and per group, the first k series of a stable sort by value
 * (NaN last; ties, -0 against +0 included, in series order), as Prometheus' heap does for distinct
 * values: checked against that sort over values full of ties, NaNs and signed zeros.
 */
class TopkTest {
    static final long STEP = 15_000;
    static final MemorySeriesSource STORE = new MemorySeriesSource();
    static final List<Labels> SERIES = new ArrayList<>();
    static final double[] VALUES = {0.0, -0.0, 1, 1, 2, Double.NaN, -1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3};

    static {
        Random rnd = new Random(11);
        for (int s = 0; s < 150; s++) {
            Labels l = Labels.of("__name__", "v", "g", "g" + s % 4, "i", String.format("%03d", s));
            SERIES.add(l);
            for (long t = 0; t <= 600_000; t += STEP) {
                if (rnd.nextInt(10) > 0) {
                    STORE.append(l, t, VALUES[rnd.nextInt(VALUES.length)], 0);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"topk, 1, g", "topk, 5, g", "bottomk, 7, g", "topk, 64, g", "bottomk, 65, g", "topk, 200, g",
        "topk, 3, i", "bottomk, 64, i"})
    void picksTheFirstKOfAStableSortPerGroup(String op, int k, String by) throws Exception {
        // by (i): a group per series, so the step tiles of the series-by-series pass are few steps wide
        String q = op + "(" + k + ", v) by (" + by + ")";
        Engine engine = new Engine(EngineOptions.CONFORMANCE);
        Result r = engine.range(STORE, Parser.parse(q, ParserOptions.ALL), q, 0, 600_000, STEP);
        boolean top = op.equals("topk");
        for (long t = 0; t <= 600_000; t += STEP) {
            // the values the query saw: each series' instant value at t
            Result.Vector at = (Result.Vector) engine.instant(STORE, Parser.parse("v", ParserOptions.ALL), "v", t).value();
            TreeSet<String> expected = new TreeSet<>();
            TreeSet<String> groups = new TreeSet<>();
            at.samples().forEach(s -> groups.add(s.labels().get(by)));
            for (String group : groups) {
                List<Result.Sample> members = new ArrayList<>();
                for (Result.Sample s : at.samples()) {
                    if (s.labels().get(by).equals(group)) {
                        members.add(s);
                    }
                }
                members.sort(Comparator.comparing((Result.Sample s) -> s.labels()));
                members.sort((a, b) -> {
                    if (Double.isNaN(a.f()) || Double.isNaN(b.f())) {
                        return Boolean.compare(Double.isNaN(a.f()), Double.isNaN(b.f()));
                    }
                    return top ? Double.compare(b.f(), a.f()) : Double.compare(a.f(), b.f());
                });
                for (int j = 0; j < Math.min(k, members.size()); j++) {
                    expected.add(members.get(j).labels() + "=" + Double.doubleToRawLongBits(members.get(j).f()));
                }
            }
            TreeSet<String> got = new TreeSet<>();
            for (Result.Series s : ((Result.Matrix) r.value()).series()) {
                for (int i = 0; i < s.size(); i++) {
                    if (s.t()[i] == t) {
                        got.add(s.labels() + "=" + Double.doubleToRawLongBits(s.f()[i]));
                    }
                }
            }
            assertEquals(expected, got, q + " at " + t);
        }
    }
}

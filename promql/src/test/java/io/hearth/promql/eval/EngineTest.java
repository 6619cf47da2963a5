package io.hearth.promql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.promql.parser.Parser;
import io.hearth.promql.parser.ParserOptions;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A table of small instant queries over one fixed store, with the values Prometheus gives. */
class EngineTest {
    static final MemorySeriesSource STORE = new MemorySeriesSource();

    static {
        // x: 0, 10, 20, ... every minute for 10 minutes, then a staleness marker at 11m
        Labels x = Labels.of("__name__", "x_total", "job", "a");
        for (int i = 0; i <= 10; i++) {
            STORE.append(x, i * 60_000L, i * 10, 0);
        }
        STORE.append(x, 11 * 60_000L, MemorySeriesSource.STALE_NAN, 0);
        Labels y = Labels.of("__name__", "y", "job", "a");
        STORE.append(y, 0, 1, 0);
        STORE.append(Labels.of("__name__", "y", "job", "b"), 0, 2, 0);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("x_total", 5 * 60_000L, 50.0),
                Arguments.of("x_total", 5 * 60_000L + 30_000, 50.0), // newest sample within lookback
                Arguments.of("x_total offset 1m", 5 * 60_000L, 40.0),
                Arguments.of("x_total offset -1m", 5 * 60_000L, 60.0),
                Arguments.of("x_total @ 120", 10 * 60_000L, 20.0),
                Arguments.of("count(x_total)", 11 * 60_000L + 1, Double.NaN), // stale: no result
                Arguments.of("rate(x_total[5m])", 10 * 60_000L, 1.0 / 6),
                Arguments.of("increase(x_total[5m])", 10 * 60_000L, 50.0),
                Arguments.of("sum_over_time(x_total[2m])", 10 * 60_000L, 190.0), // left-open: 9m and 10m
                Arguments.of("max_over_time(x_total[5m:1m])", 10 * 60_000L, 100.0),
                Arguments.of("sum(y)", 0L, 3.0),
                Arguments.of("y{job=\"a\"} + on(job) group_left y{job=\"a\"}", 0L, 2.0),
                Arguments.of("scalar(y{job=\"b\"}) * 2", 0L, 4.0),
                Arguments.of("histogram_quantile(0.5, vector(1))", 0L, Double.NaN),
                // RE2 regexes: an ASCII class Java would read as a nested class
                Arguments.of("count(label_replace(y, \"d\", \"$1\", \"job\", \"([[:alpha:]])\"))", 0L, 2.0),
                Arguments.of("sum(y{job=~\"[[:alpha:]]\"})", 0L, 3.0));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void instant(String query, long t, double expected) throws Exception {
        Engine engine = new Engine(EngineOptions.CONFORMANCE);
        Result r = engine.instant(STORE, Parser.parse(query, ParserOptions.ALL), query, t);
        double got = switch (r.value()) {
            case Result.Scalar s -> s.v();
            case Result.Vector v -> v.samples().isEmpty() ? Double.NaN : v.samples().get(0).f();
            default -> throw new AssertionError(r.value());
        };
        assertEquals(expected, got, 1e-9, query);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rangeAgreesWithInstantAtEachStep(String query, long t, double expected) throws Exception {
        Engine engine = new Engine(EngineOptions.CONFORMANCE);
        Result r = engine.range(STORE, Parser.parse(query, ParserOptions.ALL), query, t - 60_000, t + 60_000, 60_000);
        Result.Matrix m = (Result.Matrix) r.value();
        double got = Double.NaN;
        for (Result.Series s : m.series()) {
            for (int i = 0; i < s.size(); i++) {
                if (s.t()[i] == t && Double.isNaN(got)) {
                    got = s.f()[i];
                }
            }
        }
        assertEquals(expected, got, 1e-9, query);
    }

    @org.junit.jupiter.api.Test
    void sampleLimitUsesPrometheusText() throws Exception {
        Engine engine = new Engine(new EngineOptions(300_000, 1, 60_000, false, false));
        QueryException e = assertThrows(QueryException.class,
                () -> engine.instant(STORE, Parser.parse("y", ParserOptions.DEFAULT), "y", 0));
        assertEquals("query processing would load too many samples into memory in query execution", e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void anAggregationRefusesInputsThatLostTheirNamesIntoOneLabelset() throws Exception {
        MemorySeriesSource store = new MemorySeriesSource();
        for (int i = 0; i <= 10; i++) {
            store.append(Labels.of("__name__", "a_total", "job", "x"), i * 60_000L, i, 0);
            store.append(Labels.of("__name__", "b_total", "job", "x"), i * 60_000L, 2 * i, 0);
        }
        // c and d share their labels without the name too, but never a step (5 m lookback apart)
        for (int i = 0; i <= 2; i++) {
            store.append(Labels.of("__name__", "c_total", "job", "y"), i * 60_000L, i, 0);
            store.append(Labels.of("__name__", "d_total", "job", "y"), (20 + i) * 60_000L, i, 0);
        }
        Engine engine = new Engine(EngineOptions.DEFAULT);
        for (String q : new String[] {"sum(rate({__name__=~\"a_total|b_total\"}[5m]))",
            "max(abs({__name__=~\"a_total|b_total\"}) * 2)", "count by (job) (delta({job=\"x\"}[5m]))"}) {
            QueryException instant = assertThrows(QueryException.class,
                    () -> engine.instant(store, Parser.parse(q, ParserOptions.DEFAULT), q, 10 * 60_000L), q);
            assertEquals("vector cannot contain metrics with the same labelset", instant.getMessage());
            assertThrows(QueryException.class,
                    () -> engine.range(store, Parser.parse(q, ParserOptions.DEFAULT), q, 5 * 60_000L, 10 * 60_000L, 60_000L), q);
        }
        String apart = "sum(abs({job=\"y\"}))";
        Result r = engine.range(store, Parser.parse(apart, ParserOptions.DEFAULT), apart, 0, 30 * 60_000L, 60_000L);
        assertEquals(7 + 7, ((Result.Matrix) r.value()).series().get(0).size()); // 0-6 m and 20-26 m
        String named = "sum(rate(a_total[5m]))";
        engine.range(store, Parser.parse(named, ParserOptions.DEFAULT), named, 5 * 60_000L, 10 * 60_000L, 60_000L);
    }

    @org.junit.jupiter.api.Test
    void aChainOfThousandsOfOperatorsEvaluatesAsInPrometheus() throws Exception {
        String chain = "vector(1)" + " + 0".repeat(20_000);
        Engine engine = new Engine(EngineOptions.DEFAULT);
        Result r = engine.instant(STORE, Parser.parse(chain, ParserOptions.DEFAULT), chain, 0);
        assertEquals(1.0, ((Result.Vector) r.value()).samples().get(0).f());
        Result range = engine.range(STORE, Parser.parse(chain, ParserOptions.DEFAULT), chain, 0, 120_000, 60_000);
        assertEquals(3, ((Result.Matrix) range.value()).series().get(0).size());
        // 20,000 additions above vector(), above its argument 1
        assertEquals(20_002, DeepStack.depth(Parser.parse(chain, ParserOptions.DEFAULT)));
    }

    @org.junit.jupiter.api.Test
    void manyToManyNamesTheTwoSeriesInTextOrderWhateverTheirOrderInTheVector() throws Exception {
        MemorySeriesSource store = new MemorySeriesSource();
        store.append(Labels.of("__name__", "x", "i", "1"), 0, 1, 0);
        store.append(Labels.of("__name__", "y", "i", "2"), 0, 2, 0);
        String q = "vector(1) + on() (y or x)"; // the right side holds y before x
        String expected = "found duplicate series for the match group {} on the right hand-side of the operation:"
                + " [{__name__=\"x\", i=\"1\"}, {__name__=\"y\", i=\"2\"}];many-to-many matching not allowed:"
                + " matching labels must be unique on one side";
        Engine engine = new Engine(EngineOptions.DEFAULT);
        assertEquals(expected, assertThrows(QueryException.class,
                () -> engine.instant(store, Parser.parse(q, ParserOptions.DEFAULT), q, 1000)).getMessage());
        assertEquals(expected, assertThrows(QueryException.class,
                () -> engine.range(store, Parser.parse(q, ParserOptions.DEFAULT), q, 0, 1000, 1000)).getMessage());
    }

    @org.junit.jupiter.api.Test
    void aSubqueryTooFineForMemoryGetsTheSampleLimitsErrorNotTheHeapsEnd() throws Exception {
        // a millisecond step over a day is 86.4 M slots for the one series, past the 50 M default
        String query = "count_over_time(x_total[1d:1ms])";
        Engine engine = new Engine(EngineOptions.DEFAULT);
        QueryException e = assertThrows(QueryException.class,
                () -> engine.instant(STORE, Parser.parse(query, ParserOptions.DEFAULT), query, 10 * 60_000L));
        assertEquals("query processing would load too many samples into memory in query execution", e.getMessage());
        String noSelector = "count_over_time(vector(1)[1d:1ms])";
        assertThrows(QueryException.class,
                () -> engine.instant(STORE, Parser.parse(noSelector, ParserOptions.DEFAULT), noSelector, 10 * 60_000L));
        // and the same a step coarser stays well inside the limit
        String fine = "count_over_time(x_total[1d:1s])";
        Result r = engine.instant(STORE, Parser.parse(fine, ParserOptions.DEFAULT), fine, 10 * 60_000L);
        assertEquals(1, ((Result.Vector) r.value()).samples().size());
    }
}

package io.hearth.promql.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.promql.eval.Engine;
import io.hearth.promql.eval.EngineOptions;
import io.hearth.promql.eval.Result;
import io.hearth.promql.parser.Parser;
import io.hearth.promql.parser.ParserOptions;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import io.hearth.spi.storage.FloatHistogram;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Query results cross into the spi as Prometheus 3 returns them, including histograms no
 * observation could produce: arithmetic may negate counts or divide them by zero, and only
 * storage refuses such histograms.
 */
class HistogramsTest {

    private static final FloatHistogram.Span THREE = new FloatHistogram.Span(0, 3);

    // schema 0, zero bucket 3 (threshold 0.001), positive and negative buckets 0..2: count 30, sum 33
    private static final FloatHistogram EXPONENTIAL = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0,
            0.001, 3, 30, 33, List.of(THREE), new double[] {3, 3, 3}, List.of(THREE), new double[] {6, 6, 6});

    // custom bounds 1, 5: buckets (-Inf, 1] 2, (1, 5] 3, (5, +Inf] 1; count 6, sum 12
    private static final FloatHistogram CUSTOM = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
            FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 6, 12, List.of(THREE), new double[] {2, 3, 1}, List.of(),
            new double[0], new double[] {1, 5});

    private static final MemorySeriesSource STORE = new MemorySeriesSource();

    static {
        STORE.append(Labels.of("__name__", "exp"), 60_000, Histograms.toEvaluator(EXPONENTIAL), 0);
        STORE.append(Labels.of("__name__", "nhcb"), 60_000, Histograms.toEvaluator(CUSTOM), 0);
    }

    private static FloatHistogram result(String query) throws Exception {
        Result r = new Engine(EngineOptions.DEFAULT).instant(STORE, Parser.parse(query, ParserOptions.DEFAULT), query,
                60_000);
        List<Result.Sample> samples = ((Result.Vector) r.value()).samples();
        assertEquals(1, samples.size(), query);
        return Histograms.toSpi(samples.get(0).h());
    }

    @Test
    void negationNegatesEveryCountAndTheSum() throws Exception {
        for (String query : List.of("-exp", "exp * -1", "-1 * exp")) {
            FloatHistogram h = result(query);
            assertEquals(-30, h.count(), query);
            assertEquals(-33, h.sum(), query);
            assertEquals(-3, h.zeroCount(), query);
            assertEquals(0.001, h.zeroThreshold(), query);
            assertArrayEquals(new double[] {-3, -3, -3}, h.positiveBuckets(), query);
            assertArrayEquals(new double[] {-6, -6, -6}, h.negativeBuckets(), query);
            assertThrows(IllegalArgumentException.class, h::requireStorable, query);
        }
        FloatHistogram nhcb = result("-nhcb");
        assertArrayEquals(new double[] {-2, -3, -1}, nhcb.positiveBuckets());
        assertArrayEquals(new double[] {1, 5}, nhcb.customValues());
        assertEquals(-6, nhcb.count());
    }

    @Test
    void divisionByZeroKeepsNoBucketsAndDividesZeroCountCountAndSum() throws Exception {
        FloatHistogram h = result("nhcb / 0");
        assertTrue(h.usesCustomBuckets());
        assertEquals(Double.POSITIVE_INFINITY, h.count());
        assertEquals(Double.POSITIVE_INFINITY, h.sum());
        assertTrue(Double.isNaN(h.zeroCount()), "0 / 0 in the zero count of a custom-bucket histogram");
        assertEquals(0, h.positiveBucketCount());
        assertEquals(List.of(), h.positiveSpans());
        assertArrayEquals(new double[] {1, 5}, h.customValues());
        assertThrows(IllegalArgumentException.class, h::requireStorable);

        FloatHistogram nan = result("nhcb * 0 / 0");
        assertTrue(Double.isNaN(nan.count()) && Double.isNaN(nan.sum()) && Double.isNaN(nan.zeroCount()));

        FloatHistogram exp = result("exp / 0");
        assertEquals(Double.POSITIVE_INFINITY, exp.zeroCount());
        assertEquals(0, exp.positiveBucketCount() + exp.negativeBucketCount());
    }

    @Test
    void storedHistogramsRoundTrip() {
        assertEquals(EXPONENTIAL, Histograms.toSpi(Histograms.toEvaluator(EXPONENTIAL)));
        assertEquals(CUSTOM, Histograms.toSpi(Histograms.toEvaluator(CUSTOM)));
    }
}

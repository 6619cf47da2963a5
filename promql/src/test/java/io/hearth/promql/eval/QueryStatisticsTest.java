package io.hearth.promql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.promql.parser.Parser;
import io.hearth.promql.parser.ParserOptions;
import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The samples statistics of {@link Result}, counted as Prometheus counts totalQueryableSamples and
 * peakSamples, over {@link EngineTest}'s store (x_total every minute from 0 to 10 m, y twice at 0).
 */
class QueryStatisticsTest {

    private static final EngineOptions COUNTING = new EngineOptions(300_000, 50_000_000, 60_000, false, false, true);
    private static final long MINUTE = 60_000;

    @ParameterizedTest(name = "{0} at {1} m")
    @CsvSource(delimiter = ';', value = {
        "x_total; 5; 1; 1", // one point from an instant selector
        "x_total[5m]; 10; 5; 5", // the window (5m, 10m]: 6, 7, 8, 9 and 10 m
        "rate(x_total[5m]); 10; 5; 5", // the window's samples, held while the rate is taken
        "max_over_time(x_total[5m:1m]); 10; 5; 5", // the subquery's points in the window, not its own reads
        "sum(y); 0; 2; 2",
    })
    void instantQueries(String query, long minutes, long queryable, long peak) throws Exception {
        Result r = new Engine(COUNTING).instant(EngineTest.STORE, Parser.parse(query, ParserOptions.ALL), query,
                minutes * MINUTE);
        assertEquals(queryable, r.queryableSamples(), "totalQueryableSamples");
        assertEquals(peak, r.peakSamples(), "peakSamples");
    }

    @ParameterizedTest(name = "{0} from 5 to 7 m")
    @CsvSource(delimiter = ';', value = {
        "x_total; 3; 3", // a point at each of the three steps, all held in the answer
        "rate(x_total[2m]); 6; 3", // two samples in each step's window
        "rate(x_total[5m]) * 2; 15; 3",
    })
    void rangeQueries(String query, long queryable, long peak) throws Exception {
        Result r = new Engine(COUNTING).range(EngineTest.STORE, Parser.parse(query, ParserOptions.ALL), query,
                5 * MINUTE, 7 * MINUTE, MINUTE);
        assertEquals(queryable, r.queryableSamples(), "totalQueryableSamples");
        assertEquals(peak, r.peakSamples(), "peakSamples");
    }

    @Test
    void histogramPointsCountByTheirSize() throws Exception {
        MemorySeriesSource store = new MemorySeriesSource();
        FloatHistogram h = new FloatHistogram(0, 0, 0, 3, 5, new int[] {0, 1}, new double[] {1, 2}, new int[0],
                new double[0], null, FloatHistogram.Hint.UNKNOWN); // 12 float samples' worth
        for (int i = 0; i <= 10; i++) {
            store.append(Labels.of("__name__", "h"), i * MINUTE, h, 0);
        }
        Result instant = new Engine(COUNTING).instant(store, Parser.parse("h", ParserOptions.ALL), "h", 5 * MINUTE);
        assertEquals(12, instant.queryableSamples());
        Result range = new Engine(COUNTING).range(store, Parser.parse("h", ParserOptions.ALL), "h", 5 * MINUTE,
                7 * MINUTE, MINUTE);
        assertEquals(3 * 12, range.queryableSamples());
        Result windows = new Engine(COUNTING).instant(store, Parser.parse("h[2m]", ParserOptions.ALL), "h[2m]",
                10 * MINUTE);
        assertEquals(2 * 12, windows.queryableSamples());
    }

    @Test
    void windowsAreOnlyCountedWhenAskedFor() throws Exception {
        String query = "rate(x_total[5m])";
        Result r = new Engine(EngineOptions.CONFORMANCE).range(EngineTest.STORE, Parser.parse(query, ParserOptions.ALL),
                query, 5 * MINUTE, 7 * MINUTE, MINUTE);
        assertEquals(0, r.queryableSamples());
    }

    @Test
    void windowsCountTheirSamplesAtEveryStep() {
        long[] t = {10, 20, 30, 40};
        // windows (-5, 15], (5, 25], (15, 35], (25, 45], (35, 55]
        assertEquals(1 + 2 + 2 + 2 + 1, QueryableSamples.inWindows(t, 4, new long[] {15, 25, 35, 45, 55}, 20));
        assertEquals(0, QueryableSamples.inWindows(t, 4, new long[] {5, 100}, 10));
        assertEquals(4 * 3, QueryableSamples.inWindows(t, 4, new long[] {40, 40, 40}, 40)); // step-invariant ends
    }

    @Test
    void histogramsCountByTheirSizeAgainstAFloatSample() {
        // 176 bytes with the timestamp, and 8 for each of one span and two buckets: 200 / 16
        FloatHistogram h = new FloatHistogram(0, 0, 0, 3, 5, new int[] {0, 1}, new double[] {1, 2}, new int[0],
                new double[0], null, FloatHistogram.Hint.UNKNOWN);
        assertEquals(12, QueryableSamples.size(h));
        // three spans (two positive, one negative) and four buckets: (176 + 8 * 7) / 16, rounded down
        FloatHistogram split = new FloatHistogram(0, 0, 0, 3, 5, new int[] {0, 2}, new double[] {1, 2}, new int[] {3, 4},
                new double[] {1, 1}, null, FloatHistogram.Hint.UNKNOWN);
        assertEquals(14, QueryableSamples.size(split));
        assertEquals(12 + 12 * 2, QueryableSamples.inWindows(new long[] {10, 20}, new FloatHistogram[] {h, h}, 2,
                new long[] {15, 25}, 20));
    }
}

package io.hearth.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.spi.query.QueryResult;
import io.hearth.spi.query.QueryValue;
import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryValueWriterTest {

    private static String json(FloatHistogram h) {
        return json(new QueryResult(new QueryValue.Vector(List.of(
                new QueryValue.Sample(Labels.of("__name__", "h"), 1_000, 0, h))), List.of(), List.of(), 0, 0, 0));
    }

    private static String json(QueryResult result) {
        return json(result, null);
    }

    private static String json(QueryResult result, QueryStatistics stats) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonBytes g = new JsonBytes(out);
            g.raw('{');
            QueryValueWriter.write(g, result, stats);
            g.raw('}');
            g.finish();
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void matrixWithFloatsAndHistogramsWarningsAndInfos() {
        FloatHistogram h = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
                FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 1, 2, List.of(new FloatHistogram.Span(0, 1)),
                new double[] {1}, List.of(), new double[0], new double[] {0.5});
        QueryResult result = new QueryResult(new QueryValue.Matrix(List.of(
                new QueryValue.RangeSeries(Labels.of("__name__", "a\"b", "job", "x\ny"), new long[] {1_000, 2_500, 3_000},
                        new double[] {1.5, 0, -7}, new FloatHistogram[] {null, h, null}),
                new QueryValue.RangeSeries(Labels.of("job", "z"), new long[] {60_000}, new double[] {1e21}, null))),
                List.of("PromQL warning: w"), List.of("PromQL info: i"), 0, 0, 0);
        assertEquals("{\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"__name__\":\"a\\\"b\",\"job\":\"x\\ny\"},"
                + "\"values\":[[1,\"1.5\"],[3,\"-7\"]],\"histograms\":[[2.500,{\"count\":\"1\",\"sum\":\"2\",\"buckets\":[[3,\"-Inf\","
                + "\"0.5\",\"1\"]]}]]},{\"metric\":{\"job\":\"z\"},\"values\":[[60,\"1e+21\"]]}]},"
                + "\"warnings\":[\"PromQL warning: w\"],\"infos\":[\"PromQL info: i\"]}", json(result));
    }

    @Test
    void statisticsAreTheLastMemberOfDataBeforeTheWarnings() {
        QueryResult result = new QueryResult(new QueryValue.Vector(List.of()), List.of("PromQL warning: w"), List.of(),
                40, 5, 12);
        assertEquals("{\"data\":{\"resultType\":\"vector\",\"result\":[],\"stats\":{\"timings\":{"
                + "\"evalTotalTime\":0.000351499,\"resultSortTime\":0,\"queryPreparationTime\":0,"
                + "\"innerEvalTime\":0.000351499,\"execQueueTime\":6.01e-07,\"execTotalTime\":0.0003521},"
                + "\"samples\":{\"totalQueryableSamples\":12,\"peakSamples\":5}}},\"warnings\":[\"PromQL warning: w\"]}",
                json(result, new QueryStatistics(601, 351_499, 12, 5)));
    }

    @Test
    void scalarsAndStringsHaveGoFloatTimesAndPlainValues() {
        // as Prometheus's Scalar and String marshal: float64(t)/1000 through Go's JSON, 'f' for the value
        assertEquals("{\"data\":{\"resultType\":\"scalar\",\"result\":[1795885900.5,\"0.00000015\"]}}",
                json(new QueryResult(new QueryValue.Scalar(1_795_885_900_500L, 1.5e-7), List.of(), List.of(), 0, 0, 0)));
        assertEquals("{\"data\":{\"resultType\":\"string\",\"result\":[0,\"x\"]}}",
                json(new QueryResult(new QueryValue.Text(0, "x"), List.of(), List.of(), 0, 0, 0)));
    }

    @Test
    void scalarsAndStrings() {
        assertEquals("{\"data\":{\"resultType\":\"scalar\",\"result\":[1.001,\"0.25\"]}}",
                json(new QueryResult(new QueryValue.Scalar(1_001, 0.25), List.of(), List.of(), 0, 0, 0)));
        assertEquals("{\"data\":{\"resultType\":\"string\",\"result\":[2,\"a\\tb\"]}}",
                json(new QueryResult(new QueryValue.Text(2_000, "a\tb"), List.of(), List.of(), 0, 0, 0)));
    }

    private static String histogramPart(String json) {
        return json.substring(json.indexOf("\"histogram\":[1,") + "\"histogram\":[1,".length(), json.lastIndexOf("]}]"));
    }

    @Test
    void customBucketsRunFromMinusInfinityThroughTheirBoundsToPlusInfinity() {
        // buckets 0 (-Inf, 0.5], 1 (0.5, 1] empty, 2 (1, 5], 3 (5, +Inf]
        FloatHistogram h = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
                FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 9, 20.5, List.of(new FloatHistogram.Span(0, 4)),
                new double[] {2, 0, 3, 4}, List.of(), new double[0], new double[] {0.5, 1, 5});
        assertEquals("{\"count\":\"9\",\"sum\":\"20.5\",\"buckets\":[[3,\"-Inf\",\"0.5\",\"2\"],[0,\"1\",\"5\",\"3\"],"
                + "[0,\"5\",\"+Inf\",\"4\"]]}", histogramPart(json(h)));
    }

    @Test
    void noBucketsFieldWhenAllBucketsAreEmpty() {
        FloatHistogram h = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
                FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 0, 0, List.of(new FloatHistogram.Span(1, 1)),
                new double[] {0}, List.of(), new double[0], new double[] {0.5});
        assertEquals("{\"count\":\"0\",\"sum\":\"0\"}", histogramPart(json(h)));
    }

    @Test
    void exponentialBucketsAroundTheZeroBucket() {
        // schema 0: positive bucket 0 is (0.5, 1], clamped below to the zero threshold 0.75; bucket 1 is (1, 2]
        FloatHistogram h = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0.75, 1, 7, 3,
                List.of(new FloatHistogram.Span(0, 2)), new double[] {2, 3}, List.of(new FloatHistogram.Span(1, 1)),
                new double[] {1});
        assertEquals("{\"count\":\"7\",\"sum\":\"3\",\"buckets\":[[1,\"-2\",\"-1\",\"1\"],[3,\"-0.75\",\"0.75\",\"1\"],"
                + "[0,\"0.75\",\"1\",\"2\"],[0,\"1\",\"2\",\"3\"]]}", histogramPart(json(h)));
    }

    @Test
    void aNegatedHistogramShowsItsNegativeBucketsButNoZeroBucket() {
        // -h: Prometheus's bucket iterator yields the zero bucket only when its count is above 0
        FloatHistogram h = new FloatHistogram(FloatHistogram.CounterResetHint.GAUGE, 0, 0.75, -1, -7, -3,
                List.of(new FloatHistogram.Span(0, 2)), new double[] {-2, -3}, List.of(new FloatHistogram.Span(1, 1)),
                new double[] {-1});
        assertEquals("{\"count\":\"-7\",\"sum\":\"-3\",\"buckets\":[[1,\"-2\",\"-1\",\"-1\"],"
                + "[0,\"0.75\",\"1\",\"-2\"],[0,\"1\",\"2\",\"-3\"]]}", histogramPart(json(h)));
    }

    @Test
    void aCustomBucketHistogramDividedByZeroHasCountAndSumOnly() {
        FloatHistogram h = new FloatHistogram(FloatHistogram.CounterResetHint.GAUGE, FloatHistogram.CUSTOM_BUCKETS_SCHEMA,
                0, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN, List.of(), new double[0], List.of(), new double[0],
                new double[] {1, 5});
        assertEquals("{\"count\":\"+Inf\",\"sum\":\"NaN\"}", histogramPart(json(h)));
        FloatHistogram exponential = new FloatHistogram(FloatHistogram.CounterResetHint.GAUGE, 0, 0.001, Double.NaN,
                Double.NaN, Double.NaN, List.of(), new double[0], List.of(), new double[0]);
        assertEquals("{\"count\":\"NaN\",\"sum\":\"NaN\"}", histogramPart(json(exponential)));
    }
}

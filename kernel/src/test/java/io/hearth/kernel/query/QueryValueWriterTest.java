package io.hearth.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.spi.query.QueryResult;
import io.hearth.spi.query.QueryValue;
import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.Labels;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryValueWriterTest {

    private static String json(FloatHistogram h) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.createGenerator(out)) {
            g.writeStartObject();
            QueryValueWriter.write(g, new QueryResult(new QueryValue.Vector(List.of(
                    new QueryValue.Sample(Labels.of("__name__", "h"), 1_000, 0, h))), List.of(), List.of(), 0));
            g.writeEnd();
        }
        return out.toString();
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

package io.hearth.kernel.query;

import io.hearth.spi.query.QueryResult;
import io.hearth.spi.query.QueryValue;
import io.hearth.spi.storage.FloatHistogram;
import jakarta.json.stream.JsonGenerator;
import java.util.List;

/** Writes a query result in the Prometheus API's JSON, streaming. */
final class QueryValueWriter {

    private QueryValueWriter() {
    }

    /** Writes {@code "data":{...}} and, when present, {@code "warnings"} and {@code "infos"}. */
    static void write(JsonGenerator g, QueryResult result) {
        QueryValue value = result.value();
        g.writeStartObject("data").write("resultType", value.resultType());
        switch (value) {
            case QueryValue.Scalar s -> {
                g.writeStartArray("result");
                g.write(PrometheusNumbers.timestamp(s.timestamp())).write(PrometheusNumbers.value(s.value()));
                g.writeEnd();
            }
            case QueryValue.Text t -> {
                g.writeStartArray("result");
                g.write(PrometheusNumbers.timestamp(t.timestamp())).write(t.value());
                g.writeEnd();
            }
            case QueryValue.Vector v -> {
                g.writeStartArray("result");
                for (QueryValue.Sample s : v.samples()) {
                    g.writeStartObject();
                    LabelsJson.member(g, "metric", s.labels());
                    if (s.histogram() == null) {
                        g.writeStartArray("value").write(PrometheusNumbers.timestamp(s.timestamp()))
                                .write(PrometheusNumbers.value(s.value())).writeEnd();
                    } else {
                        g.writeStartArray("histogram").write(PrometheusNumbers.timestamp(s.timestamp()));
                        histogram(g, s.histogram());
                        g.writeEnd();
                    }
                    g.writeEnd();
                }
                g.writeEnd();
            }
            case QueryValue.Matrix m -> {
                g.writeStartArray("result");
                for (QueryValue.RangeSeries s : m.series()) {
                    g.writeStartObject();
                    LabelsJson.member(g, "metric", s.labels());
                    FloatHistogram[] histograms = s.histograms();
                    boolean anyFloat = false;
                    boolean anyHistogram = false;
                    for (int i = 0; i < s.timestamps().length; i++) {
                        boolean isHistogram = histograms != null && histograms[i] != null;
                        anyHistogram |= isHistogram;
                        anyFloat |= !isHistogram;
                    }
                    if (anyFloat) {
                        g.writeStartArray("values");
                        for (int i = 0; i < s.timestamps().length; i++) {
                            if (histograms == null || histograms[i] == null) {
                                time(g.writeStartArray(), s.timestamps()[i]).write(PrometheusNumbers.value(s.values()[i])).writeEnd();
                            }
                        }
                        g.writeEnd();
                    }
                    if (anyHistogram) {
                        g.writeStartArray("histograms");
                        for (int i = 0; i < s.timestamps().length; i++) {
                            if (histograms[i] != null) {
                                g.writeStartArray().write(PrometheusNumbers.timestamp(s.timestamps()[i]));
                                histogram(g, histograms[i]);
                                g.writeEnd();
                            }
                        }
                        g.writeEnd();
                    }
                    g.writeEnd();
                }
                g.writeEnd();
            }
        }
        g.writeEnd();
        strings(g, "warnings", result.warnings());
        strings(g, "infos", result.infos());
    }

    /** A timestamp as Prometheus writes it; whole seconds (every step of most range queries) as a plain long. */
    private static JsonGenerator time(JsonGenerator g, long millis) {
        return millis % 1000 == 0 ? g.write(millis / 1000) : g.write(PrometheusNumbers.timestamp(millis));
    }

    private static void strings(JsonGenerator g, String name, List<String> values) {
        if (!values.isEmpty()) {
            g.writeStartArray(name);
            values.forEach(g::write);
            g.writeEnd();
        }
    }

    /**
     * A native histogram: count, sum and its non-empty buckets as [rule, lower, upper, count], as
     * Prometheus writes them: no {@code buckets} field when every bucket is empty; rules 0 (left
     * open), 1 (right open), 3 (closed); exponential bounds that reach into the zero bucket clamped
     * to its threshold; custom buckets from {@code -Inf} (closed) through their bounds to
     * {@code +Inf}.
     */
    private static void histogram(JsonGenerator g, FloatHistogram h) {
        g.writeStartObject().write("count", PrometheusNumbers.value(h.count())).write("sum", PrometheusNumbers.value(h.sum()));
        if (!anyBucket(h)) {
            g.writeEnd();
            return;
        }
        g.writeStartArray("buckets");
        if (h.usesCustomBuckets()) {
            int[] positive = indices(h.positiveSpans(), h.positiveBucketCount());
            for (int i = 0; i < positive.length; i++) {
                double count = h.positiveBucket(i);
                if (count != 0) {
                    int idx = positive[i];
                    bucket(g, idx == 0 ? 3 : 0, customBound(h, idx - 1), customBound(h, idx), count);
                }
            }
            g.writeEnd().writeEnd();
            return;
        }
        double zt = h.zeroThreshold();
        int[] negative = indices(h.negativeSpans(), h.negativeBucketCount());
        for (int i = negative.length - 1; i >= 0; i--) {
            double count = h.negativeBucket(i);
            if (count != 0) {
                double upper = -PrometheusNumbers.bucketBound(negative[i] - 1, h.schema());
                bucket(g, 1, -PrometheusNumbers.bucketBound(negative[i], h.schema()),
                        upper < 0 && upper > -zt ? -zt : upper, count);
            }
        }
        if (h.zeroCount() != 0) {
            bucket(g, 3, -zt, zt, h.zeroCount());
        }
        int[] positive = indices(h.positiveSpans(), h.positiveBucketCount());
        for (int i = 0; i < positive.length; i++) {
            double count = h.positiveBucket(i);
            if (count != 0) {
                double lower = PrometheusNumbers.bucketBound(positive[i] - 1, h.schema());
                bucket(g, 0, lower > 0 && lower < zt ? zt : lower, PrometheusNumbers.bucketBound(positive[i], h.schema()),
                        count);
            }
        }
        g.writeEnd().writeEnd();
    }

    private static boolean anyBucket(FloatHistogram h) {
        if (h.zeroCount() != 0 && !h.usesCustomBuckets()) {
            return true;
        }
        for (int i = 0; i < h.positiveBucketCount(); i++) {
            if (h.positiveBucket(i) != 0) {
                return true;
            }
        }
        for (int i = 0; i < h.negativeBucketCount(); i++) {
            if (h.negativeBucket(i) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The upper bound of custom bucket {@code idx}: -Inf below the first, +Inf after the last. */
    private static double customBound(FloatHistogram h, int idx) {
        if (idx < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        return idx >= h.customValueCount() ? Double.POSITIVE_INFINITY : h.customValue(idx);
    }

    private static void bucket(JsonGenerator g, int rule, double lower, double upper, double count) {
        g.writeStartArray().write(rule).write(PrometheusNumbers.value(lower)).write(PrometheusNumbers.value(upper))
                .write(PrometheusNumbers.value(count)).writeEnd();
    }

    private static int[] indices(List<FloatHistogram.Span> spans, int count) {
        int[] out = new int[count];
        int n = 0;
        int index = 0;
        boolean first = true;
        for (FloatHistogram.Span span : spans) {
            index = first ? span.offset() : index + span.offset();
            first = false;
            for (int i = 0; i < span.length(); i++) {
                out[n++] = index++;
            }
        }
        return out;
    }
}

package io.hearth.kernel.query;

import io.hearth.spi.query.QueryResult;
import io.hearth.spi.query.QueryValue;
import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.Labels;
import java.io.IOException;
import java.util.List;

/** Writes a query result in the Prometheus API's JSON, streaming. */
final class QueryValueWriter {

    private QueryValueWriter() {
    }

    /** Writes {@code "data":{...}} and, when present, {@code ,"warnings":[...]} and {@code ,"infos":[...]}. */
    static void write(JsonBytes g, QueryResult result) throws IOException {
        write(g, result, null);
    }

    /**
     * Writes {@code "data":{...}} with {@code stats} as the last member of {@code data} when it is
     * not null, then the warnings and infos as {@link #write(JsonBytes, QueryResult)} does.
     */
    static void write(JsonBytes g, QueryResult result, QueryStatistics stats) throws IOException {
        QueryValue value = result.value();
        g.raw("\"data\":{\"resultType\":").string(value.resultType()).raw(",\"result\":");
        switch (value) {
            // Prometheus marshals scalars and strings through Go's JSON: the time as a plain float
            // ("1.5", not "1.500"), a scalar's value without exponent
            case QueryValue.Scalar s -> g.raw('[').raw(PrometheusNumbers.jsonFloat(s.timestamp() / 1000.0)).raw(',')
                    .plainValue(s.value()).raw(']');
            case QueryValue.Text t -> g.raw('[').raw(PrometheusNumbers.jsonFloat(t.timestamp() / 1000.0)).raw(',')
                    .string(t.value()).raw(']');
            case QueryValue.Vector v -> {
                g.raw('[');
                boolean first = true;
                for (QueryValue.Sample s : v.samples()) {
                    if (!first) {
                        g.raw(',');
                    }
                    first = false;
                    labels(g.raw("{\"metric\":"), s.labels());
                    if (s.histogram() == null) {
                        g.raw(",\"value\":[").timestamp(s.timestamp()).raw(',').value(s.value()).raw(']');
                    } else {
                        g.raw(",\"histogram\":[").timestamp(s.timestamp()).raw(',');
                        histogram(g, s.histogram());
                        g.raw(']');
                    }
                    g.raw('}');
                }
                g.raw(']');
            }
            case QueryValue.Matrix m -> {
                g.raw('[');
                List<QueryValue.RangeSeries> series = m.series();
                ParallelSeries.write(g, series, QueryValueWriter::series);
                g.raw(']');
            }
        }
        if (stats != null) {
            stats.write(g);
        }
        g.raw('}');
        strings(g, "warnings", result.warnings());
        strings(g, "infos", result.infos());
    }

    /** Series {@code i} of a matrix, after a comma unless it is the first. */
    private static void series(JsonBytes g, List<QueryValue.RangeSeries> all, int i) throws IOException {
        QueryValue.RangeSeries s = all.get(i);
        if (i > 0) {
            g.raw(',');
        }
        labels(g.raw("{\"metric\":"), s.labels());
        FloatHistogram[] histograms = s.histograms();
        long[] timestamps = s.timestamps();
        double[] values = s.values();
        boolean anyFloat = histograms == null && timestamps.length > 0;
        boolean anyHistogram = false;
        for (int j = 0; histograms != null && j < timestamps.length; j++) {
            boolean isHistogram = histograms[j] != null;
            anyHistogram |= isHistogram;
            anyFloat |= !isHistogram;
        }
        if (anyFloat) {
            g.raw(",\"values\":[").floatPoints(timestamps, values, histograms).raw(']');
        }
        if (anyHistogram) {
            g.raw(",\"histograms\":[");
            boolean firstPoint = true;
            for (int j = 0; j < timestamps.length; j++) {
                if (histograms[j] != null) {
                    g.raw(firstPoint ? "[" : ",[").timestamp(timestamps[j]).raw(',');
                    histogram(g, histograms[j]);
                    g.raw(']');
                    firstPoint = false;
                }
            }
            g.raw(']');
        }
        g.raw('}');
    }

    /** A label set as one object, a member per label in label order. */
    private static void labels(JsonBytes g, Labels labels) throws IOException {
        g.raw('{');
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                g.raw(',');
            }
            g.string(labels.name(i)).raw(':').string(labels.value(i));
        }
        g.raw('}');
    }

    private static void strings(JsonBytes g, String name, List<String> values) throws IOException {
        if (!values.isEmpty()) {
            g.raw(',').string(name).raw(":[");
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    g.raw(',');
                }
                g.string(values.get(i));
            }
            g.raw(']');
        }
    }

    /**
     * A native histogram: count, sum and its non-empty buckets as [rule, lower, upper, count], as
     * Prometheus writes them: no {@code buckets} field when every bucket is empty, the zero bucket
     * only when its count is above 0 (negative and NaN buckets elsewhere are written); rules 0 (left
     * open), 1 (right open), 3 (closed); exponential bounds that reach into the zero bucket clamped
     * to its threshold; custom buckets from {@code -Inf} (closed) through their bounds to
     * {@code +Inf}.
     */
    private static void histogram(JsonBytes g, FloatHistogram h) throws IOException {
        g.raw("{\"count\":").value(h.count()).raw(",\"sum\":").value(h.sum());
        if (!anyBucket(h)) {
            g.raw('}');
            return;
        }
        g.raw(",\"buckets\":[");
        boolean[] first = {true};
        if (h.usesCustomBuckets()) {
            int[] positive = indices(h.positiveSpans(), h.positiveBucketCount());
            for (int i = 0; i < positive.length; i++) {
                double count = h.positiveBucket(i);
                if (count != 0) {
                    int idx = positive[i];
                    bucket(g, first, idx == 0 ? 3 : 0, customBound(h, idx - 1), customBound(h, idx), count);
                }
            }
            g.raw("]}");
            return;
        }
        double zt = h.zeroThreshold();
        int[] negative = indices(h.negativeSpans(), h.negativeBucketCount());
        for (int i = negative.length - 1; i >= 0; i--) {
            double count = h.negativeBucket(i);
            if (count != 0) {
                double upper = -PrometheusNumbers.bucketBound(negative[i] - 1, h.schema());
                bucket(g, first, 1, -PrometheusNumbers.bucketBound(negative[i], h.schema()),
                        upper < 0 && upper > -zt ? -zt : upper, count);
            }
        }
        if (h.zeroCount() > 0) { // as Prometheus's bucket iterator: a negative (-h) or NaN zero bucket is left out
            bucket(g, first, 3, -zt, zt, h.zeroCount());
        }
        int[] positive = indices(h.positiveSpans(), h.positiveBucketCount());
        for (int i = 0; i < positive.length; i++) {
            double count = h.positiveBucket(i);
            if (count != 0) {
                double lower = PrometheusNumbers.bucketBound(positive[i] - 1, h.schema());
                bucket(g, first, 0, lower > 0 && lower < zt ? zt : lower, PrometheusNumbers.bucketBound(positive[i], h.schema()),
                        count);
            }
        }
        g.raw("]}");
    }

    private static boolean anyBucket(FloatHistogram h) {
        if (h.zeroCount() > 0 && !h.usesCustomBuckets()) {
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

    private static void bucket(JsonBytes g, boolean[] first, int rule, double lower, double upper, double count)
            throws IOException {
        g.raw(first[0] ? "[" : ",[").number(rule).raw(',').value(lower).raw(',').value(upper).raw(',').value(count).raw(']');
        first[0] = false;
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

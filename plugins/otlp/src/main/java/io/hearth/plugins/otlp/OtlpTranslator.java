package io.hearth.plugins.otlp;

import io.hearth.plugins.otlp.PrometheusNames.Kind;
import io.hearth.spi.ingest.WriteSink;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Translates an OTLP metrics request into series, by Prometheus's OTLP rules (see the plugin's
 * README): names with unit and type suffixes, attributes as labels, {@code job} and
 * {@code instance} from the service attributes, the other resource attributes in
 * {@code target_info}, scope name and version as labels. Cumulative data only: points of delta (or
 * unspecified) temporality are refused through {@link WriteSink#refuse}, as are exponential histograms of
 * a scale Prometheus cannot hold. Stateless; one call per request.
 */
final class OtlpTranslator {

    /** Prometheus's stale marker, written for points flagged as having no recorded value. */
    static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

    private static final int NO_RECORDED_VALUE = 1;
    private static final String SERVICE_NAME = "service.name";
    private static final String SERVICE_NAMESPACE = "service.namespace";
    private static final String SERVICE_INSTANCE_ID = "service.instance.id";

    private OtlpTranslator() {
    }

    /**
     * @param request the decoded request
     * @param sink where series and metadata go
     */
    static void translate(ExportMetricsServiceRequest request, WriteSink sink) {
        for (ResourceMetrics resource : request.getResourceMetricsList()) {
            translate(resource, sink);
        }
    }

    private static void translate(ResourceMetrics resource, WriteSink sink) {
        List<KeyValue> attributes = resource.getResource().getAttributesList();
        Map<String, String> identity = new LinkedHashMap<>();
        String name = stringAttribute(attributes, SERVICE_NAME);
        String namespace = stringAttribute(attributes, SERVICE_NAMESPACE);
        if (!name.isEmpty()) {
            identity.put("job", namespace.isEmpty() ? name : namespace + "/" + name);
        }
        String instance = stringAttribute(attributes, SERVICE_INSTANCE_ID);
        if (!instance.isEmpty()) {
            identity.put("instance", instance);
        }
        TreeSet<Long> timestamps = new TreeSet<>();
        for (ScopeMetrics scope : resource.getScopeMetricsList()) {
            Map<String, String> scopeLabels = scopeLabels(scope.getScope());
            for (Metric metric : scope.getMetricsList()) {
                new MetricWriter(metric, scopeLabels, identity, sink, timestamps).write();
            }
        }
        List<KeyValue> info = attributes.stream()
                .filter(kv -> !kv.getKey().equals(SERVICE_NAME) && !kv.getKey().equals(SERVICE_NAMESPACE)
                        && !kv.getKey().equals(SERVICE_INSTANCE_ID))
                .toList();
        Map<String, String> labels = labels(info);
        // Without job or instance a target_info series could not be joined to the target's series.
        if (labels.isEmpty() || identity.isEmpty() || timestamps.isEmpty()) {
            return;
        }
        sink.metadata("target_info", "gauge", "Target metadata", "");
        labels.putAll(identity);
        labels.put("__name__", "target_info");
        sink.beginSeries();
        labels.forEach(sink::label);
        for (long timestamp : timestamps) {
            sink.sample(timestamp, 1);
        }
        sink.endSeries();
    }

    private static Map<String, String> scopeLabels(InstrumentationScope scope) {
        Map<String, String> labels = new LinkedHashMap<>(4);
        if (!scope.getName().isEmpty()) {
            labels.put("otel_scope_name", scope.getName());
        }
        if (!scope.getVersion().isEmpty()) {
            labels.put("otel_scope_version", scope.getVersion());
        }
        return labels;
    }

    /** One metric's points as series; holds what all its points share. */
    private static final class MetricWriter {

        private final Metric metric;
        private final Map<String, String> scopeLabels;
        private final Map<String, String> identity;
        private final WriteSink sink;
        private final TreeSet<Long> timestamps;

        MetricWriter(Metric metric, Map<String, String> scopeLabels, Map<String, String> identity, WriteSink sink, TreeSet<Long> timestamps) {
            this.metric = metric;
            this.scopeLabels = scopeLabels;
            this.identity = identity;
            this.sink = sink;
            this.timestamps = timestamps;
        }

        void write() {
            switch (metric.getDataCase()) {
                case GAUGE -> numbers(metric.getGauge().getDataPointsList(), Kind.GAUGE);
                case SUM -> {
                    var sum = metric.getSum();
                    if (cumulative(sum.getAggregationTemporalityValue(), sum.getDataPointsCount())) {
                        numbers(sum.getDataPointsList(), sum.getIsMonotonic() ? Kind.COUNTER : Kind.NON_MONOTONIC_SUM);
                    }
                }
                case HISTOGRAM -> {
                    var histogram = metric.getHistogram();
                    if (cumulative(histogram.getAggregationTemporalityValue(), histogram.getDataPointsCount())) {
                        histograms(histogram.getDataPointsList());
                    }
                }
                case EXPONENTIAL_HISTOGRAM -> {
                    var histogram = metric.getExponentialHistogram();
                    if (cumulative(histogram.getAggregationTemporalityValue(), histogram.getDataPointsCount())) {
                        exponentialHistograms(histogram.getDataPointsList());
                    }
                }
                case SUMMARY -> summaries(metric.getSummary().getDataPointsList());
                case DATA_NOT_SET -> {
                    // A metric without data has no points to store or refuse.
                }
            }
        }

        /**
         * @param temporality the temporality's number, which may be one this version of OTLP does not know
         * @return whether the points are cumulative; otherwise refuses them, naming the metric
         */
        private boolean cumulative(int temporality, int points) {
            if (temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE_VALUE) {
                return true;
            }
            if (points > 0) {
                String what = temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA_VALUE ? "delta"
                        : temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED_VALUE
                        ? "unspecified" : "unknown (" + temporality + ")";
                sink.refuse(points, "metric \"" + metric.getName() + "\" has " + what
                        + " aggregation temporality; only cumulative is supported (convert delta to cumulative,"
                        + " e.g. with the Collector's deltatocumulative processor)");
            }
            return false;
        }

        private void numbers(List<NumberDataPoint> points, Kind kind) {
            if (points.isEmpty()) {
                return;
            }
            String family = family(kind);
            sink.metadata(family, kind == Kind.COUNTER ? "counter" : "gauge", metric.getDescription(), unit());
            for (NumberDataPoint point : points) {
                long time = pointTime(point.getTimeUnixNano());
                double value = (point.getFlags() & NO_RECORDED_VALUE) != 0 ? STALE_NAN
                        : point.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? point.getAsInt()
                        : point.getAsDouble();
                Map<String, String> labels = base(point.getAttributesList());
                begin(labels, family, null, null);
                sink.sample(time, value);
                exemplars(point.getExemplarsList());
                end(point.getStartTimeUnixNano());
            }
        }

        private void histograms(List<HistogramDataPoint> points) {
            if (points.isEmpty()) {
                return;
            }
            String family = family(Kind.HISTOGRAM);
            sink.metadata(family, "histogram", metric.getDescription(), unit());
            for (HistogramDataPoint point : points) {
                long time = pointTime(point.getTimeUnixNano());
                boolean stale = (point.getFlags() & NO_RECORDED_VALUE) != 0;
                Map<String, String> labels = base(point.getAttributesList());
                // A point without bucket counts (or with fewer than its bounds) has buckets only that far.
                int buckets = Math.min(point.getExplicitBoundsCount(), point.getBucketCountsCount());
                List<List<Exemplar>> byBucket = exemplarsByBucket(point, buckets);
                long cumulative = 0;
                for (int i = 0; i < buckets; i++) {
                    cumulative += point.getBucketCounts(i);
                    begin(labels, family + "_bucket", "le", number(point.getExplicitBounds(i)));
                    sink.sample(time, stale ? STALE_NAN : cumulative);
                    exemplars(byBucket.get(i));
                    end(point.getStartTimeUnixNano());
                }
                begin(labels, family + "_bucket", "le", "+Inf");
                sink.sample(time, stale ? STALE_NAN : point.getCount());
                exemplars(byBucket.get(buckets));
                end(point.getStartTimeUnixNano());
                if (point.hasSum()) {
                    begin(labels, family + "_sum", null, null);
                    sink.sample(time, stale ? STALE_NAN : point.getSum());
                    end(point.getStartTimeUnixNano());
                }
                begin(labels, family + "_count", null, null);
                sink.sample(time, stale ? STALE_NAN : point.getCount());
                end(point.getStartTimeUnixNano());
            }
        }

        /** Each exemplar goes with the first of the buckets whose upper bound holds its value, else +Inf. */
        private static List<List<Exemplar>> exemplarsByBucket(HistogramDataPoint point, int buckets) {
            List<List<Exemplar>> byBucket = new ArrayList<>(buckets + 1);
            for (int i = 0; i <= buckets; i++) {
                byBucket.add(new ArrayList<>(0));
            }
            for (Exemplar exemplar : point.getExemplarsList()) {
                double value = exemplarValue(exemplar);
                int bucket = 0;
                while (bucket < buckets && value > point.getExplicitBounds(bucket)) {
                    bucket++;
                }
                byBucket.get(bucket).add(exemplar);
            }
            return byBucket;
        }

        private void exponentialHistograms(List<ExponentialHistogramDataPoint> points) {
            if (points.isEmpty()) {
                return;
            }
            String family = family(Kind.HISTOGRAM);
            boolean described = false;
            for (ExponentialHistogramDataPoint point : points) {
                if (point.getScale() < ExponentialHistograms.MIN_SCHEMA) {
                    sink.refuse(1, "metric \"" + metric.getName() + "\" has an exponential histogram point of scale "
                            + point.getScale() + "; Prometheus holds scales " + ExponentialHistograms.MIN_SCHEMA
                            + " to " + ExponentialHistograms.MAX_SCHEMA + " (finer ones are merged down)");
                    continue;
                }
                if (!described) {
                    sink.metadata(family, "histogram", metric.getDescription(), unit());
                    described = true;
                }
                long time = pointTime(point.getTimeUnixNano());
                boolean stale = (point.getFlags() & NO_RECORDED_VALUE) != 0;
                begin(base(point.getAttributesList()), family, null, null);
                sink.histogram(ExponentialHistograms.convert(point, time, stale));
                exemplars(point.getExemplarsList());
                end(point.getStartTimeUnixNano());
            }
        }

        private void summaries(List<SummaryDataPoint> points) {
            if (points.isEmpty()) {
                return;
            }
            String family = family(Kind.SUMMARY);
            sink.metadata(family, "summary", metric.getDescription(), unit());
            for (SummaryDataPoint point : points) {
                long time = pointTime(point.getTimeUnixNano());
                boolean stale = (point.getFlags() & NO_RECORDED_VALUE) != 0;
                Map<String, String> labels = base(point.getAttributesList());
                for (SummaryDataPoint.ValueAtQuantile quantile : point.getQuantileValuesList()) {
                    begin(labels, family, "quantile", number(quantile.getQuantile()));
                    sink.sample(time, stale ? STALE_NAN : quantile.getValue());
                    end(point.getStartTimeUnixNano());
                }
                begin(labels, family + "_sum", null, null);
                sink.sample(time, stale ? STALE_NAN : point.getSum());
                end(point.getStartTimeUnixNano());
                begin(labels, family + "_count", null, null);
                sink.sample(time, stale ? STALE_NAN : point.getCount());
                end(point.getStartTimeUnixNano());
            }
        }

        private String family(Kind kind) {
            return PrometheusNames.metricName(metric.getName(), metric.getUnit(), kind);
        }

        private String unit() {
            return PrometheusNames.unit(metric.getUnit());
        }

        /** The labels every series of a point shares: its attributes, the scope's, then job and instance. */
        private Map<String, String> base(List<KeyValue> attributes) {
            Map<String, String> labels = labels(attributes);
            labels.putAll(scopeLabels);
            labels.putAll(identity);
            return labels;
        }

        private void begin(Map<String, String> labels, String name, String extraName, String extraValue) {
            sink.beginSeries();
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!label.getKey().equals(extraName) && !label.getKey().equals("__name__")) {
                    sink.label(label.getKey(), label.getValue());
                }
            }
            if (extraName != null) {
                sink.label(extraName, extraValue);
            }
            sink.label("__name__", name);
        }

        private void end(long startTimeUnixNano) {
            if (startTimeUnixNano != 0) {
                sink.createdTimestamp(millis(startTimeUnixNano));
            }
            sink.endSeries();
        }

        private void exemplars(List<Exemplar> exemplars) {
            for (Exemplar exemplar : exemplars) {
                List<String> pairs = new ArrayList<>(4);
                if (!exemplar.getTraceId().isEmpty()) {
                    pairs.add("trace_id");
                    pairs.add(HexFormat.of().formatHex(exemplar.getTraceId().toByteArray()));
                }
                if (!exemplar.getSpanId().isEmpty()) {
                    pairs.add("span_id");
                    pairs.add(HexFormat.of().formatHex(exemplar.getSpanId().toByteArray()));
                }
                labels(exemplar.getFilteredAttributesList()).forEach((name, value) -> {
                    pairs.add(name);
                    pairs.add(value);
                });
                sink.exemplar(pairs.toArray(new String[0]), millis(exemplar.getTimeUnixNano()), exemplarValue(exemplar));
            }
        }

        /** A point's time in milliseconds, noted for the resource's {@code target_info}. */
        private long pointTime(long unixNanos) {
            long millis = millis(unixNanos);
            timestamps.add(millis);
            return millis;
        }
    }

    private static long millis(long unixNanos) {
        return unixNanos / 1_000_000L;
    }

    private static double exemplarValue(Exemplar exemplar) {
        return exemplar.getValueCase() == Exemplar.ValueCase.AS_INT ? exemplar.getAsInt() : exemplar.getAsDouble();
    }

    /**
     * Attributes as labels: keys sanitised, empty keys and values dropped; keys that sanitise to
     * the same name have their values joined with {@code ;} in the order of the original keys.
     */
    static Map<String, String> labels(List<KeyValue> attributes) {
        Map<String, String> labels = new LinkedHashMap<>(attributes.size() * 2 + 8);
        if (attributes.isEmpty()) {
            return labels;
        }
        List<KeyValue> sorted = new ArrayList<>(attributes);
        sorted.sort(Comparator.comparing(KeyValue::getKey));
        for (KeyValue attribute : sorted) {
            String name = PrometheusNames.labelName(attribute.getKey());
            String value = text(attribute.getValue());
            if (name.isEmpty() || value.isEmpty()) {
                continue;
            }
            labels.merge(name, value, (first, next) -> first + ";" + next);
        }
        return labels;
    }

    private static String stringAttribute(List<KeyValue> attributes, String key) {
        for (KeyValue attribute : attributes) {
            if (attribute.getKey().equals(key)) {
                return text(attribute.getValue());
            }
        }
        return "";
    }

    /** An attribute value as label text; arrays and maps as JSON, bytes as base64. */
    static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> number(value.getDoubleValue());
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            case ARRAY_VALUE -> {
                StringBuilder b = new StringBuilder("[");
                for (AnyValue element : value.getArrayValue().getValuesList()) {
                    if (b.length() > 1) {
                        b.append(',');
                    }
                    json(element, b);
                }
                yield b.append(']').toString();
            }
            case KVLIST_VALUE -> {
                StringBuilder b = new StringBuilder();
                json(value, b);
                yield b.toString();
            }
            // A string-table index belongs to the profiles signal; metrics have no table to resolve it in.
            case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> "";
        };
    }

    private static void json(AnyValue value, StringBuilder b) {
        switch (value.getValueCase()) {
            case STRING_VALUE, BYTES_VALUE -> quote(text(value), b);
            case ARRAY_VALUE, BOOL_VALUE, INT_VALUE -> b.append(text(value));
            case DOUBLE_VALUE -> {
                double d = value.getDoubleValue();
                if (Double.isFinite(d)) {
                    b.append(text(value));
                } else {
                    quote(text(value), b);
                }
            }
            case KVLIST_VALUE -> {
                b.append('{');
                boolean first = true;
                for (KeyValue kv : value.getKvlistValue().getValuesList()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    quote(kv.getKey(), b);
                    b.append(':');
                    json(kv.getValue(), b);
                }
                b.append('}');
            }
            case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> b.append("null");
        }
    }

    private static void quote(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** A float as Prometheus writes {@code le} and {@code quantile}: plain decimal, shortest form. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}

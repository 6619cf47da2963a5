package io.hearth.conformance;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Complete write requests of every format Hearth ingests, built field by field (remote write) or
 * with OTLP's generated classes: floats, classic histograms as series, integer and float native
 * histograms, exemplars, metadata, created timestamps; gauges, sums, histograms, exponential
 * histograms and summaries. The ingestion round trips read them back; the fuzzer mutates them.
 * Remote-write bodies are returned uncompressed ({@link #snappy} compresses).
 */
final class IngestPayloads {

    static final String V1 = "application/x-protobuf";
    static final String V2 = "application/x-protobuf;proto=io.prometheus.write.v2.Request";
    static final String OTLP_PROTOBUF = "application/x-protobuf";
    static final String OTLP_JSON = "application/json";

    private IngestPayloads() {
    }

    /**
     * Native histogram with integer counts, schema 0: zero bucket 1 (threshold 0.001), positive
     * buckets 0, 1, 3 holding 2, 3, 1 ((0.5,1], (1,2], (4,8]), negative bucket 1 holding 3
     * ([-2,-1)); count 10, sum 25.5.
     */
    static void intHistogram(CodedOutputStream h, long timestamp) throws IOException {
        h.writeUInt64(1, 10);
        h.writeDouble(3, 25.5);
        h.writeSInt32(4, 0);
        h.writeDouble(5, 0.001);
        h.writeUInt64(6, 1);
        h.writeByteArray(8, span(1, 1));
        h.writeByteArray(9, packedSInt64(3));
        h.writeByteArray(11, span(0, 2));
        h.writeByteArray(11, span(1, 1));
        h.writeByteArray(12, packedSInt64(2, 1, -2));
        h.writeEnum(14, 2);
        h.writeInt64(15, timestamp);
    }

    /**
     * Native histogram with float counts, schema 0: zero bucket 0.5 (threshold 0.125), positive
     * buckets -1, 0 holding 1.5, 2.5 ((0.25,0.5], (0.5,1]), negative bucket 0 holding 3
     * ([-1,-0.5)); count 7.5, sum -3.25; a gauge histogram.
     */
    static void floatHistogram(CodedOutputStream h, long timestamp) throws IOException {
        h.writeDouble(2, 7.5);
        h.writeDouble(3, -3.25);
        h.writeSInt32(4, 0);
        h.writeDouble(5, 0.125);
        h.writeDouble(7, 0.5);
        h.writeByteArray(8, span(0, 1));
        h.writeByteArray(10, packedDoubles(3));
        h.writeByteArray(11, span(-1, 2));
        h.writeByteArray(13, packedDoubles(1.5, 2.5));
        h.writeEnum(14, 3);
        h.writeInt64(15, timestamp);
    }

    /**
     * Remote write 1.0: a gauge {@code rw1_gauge{job="rt"}} = 3.25 and a counter at two instants
     * ({@code t - 1000}: 1, {@code t}: 7) with an exemplar, a classic histogram
     * {@code rw1_latency_seconds} (le 0.5: 2, le 1: 5, +Inf: 6, sum 3.5, count 6), native
     * histograms {@code rw1_native} (integer) and {@code rw1_native_float} (float), and metadata.
     */
    static byte[] v1(long t) {
        return message(out -> {
            out.writeByteArray(1, v1Series(labels("__name__", "rw1_gauge", "job", "rt"), t, 3.25));
            out.writeByteArray(1, message(ts -> {
                writeV1Labels(ts, labels("__name__", "rw1_requests_total", "job", "rt", "code", "200"));
                ts.writeByteArray(2, sample(t - 1000, 1));
                ts.writeByteArray(2, sample(t, 7));
                ts.writeByteArray(3, message(e -> {
                    e.writeByteArray(1, message(l -> {
                        l.writeString(1, "trace_id");
                        l.writeString(2, "abc123");
                    }));
                    e.writeDouble(2, 7);
                    e.writeInt64(3, t);
                }));
            }));
            String[][] buckets = {{"0.5", "2"}, {"1", "5"}, {"+Inf", "6"}};
            for (String[] b : buckets) {
                out.writeByteArray(1, v1Series(labels("__name__", "rw1_latency_seconds_bucket", "job", "rt", "le", b[0]), t,
                        Double.parseDouble(b[1])));
            }
            out.writeByteArray(1, v1Series(labels("__name__", "rw1_latency_seconds_sum", "job", "rt"), t, 3.5));
            out.writeByteArray(1, v1Series(labels("__name__", "rw1_latency_seconds_count", "job", "rt"), t, 6));
            out.writeByteArray(1, message(ts -> {
                writeV1Labels(ts, labels("__name__", "rw1_native", "job", "rt"));
                ts.writeByteArray(4, message(h -> intHistogram(h, t)));
            }));
            out.writeByteArray(1, message(ts -> {
                writeV1Labels(ts, labels("__name__", "rw1_native_float", "job", "rt"));
                ts.writeByteArray(4, message(h -> floatHistogram(h, t)));
            }));
            out.writeByteArray(3, message(m -> {
                m.writeEnum(1, 1);
                m.writeString(2, "rw1_requests_total");
                m.writeString(4, "Requests served.");
            }));
        });
    }

    /**
     * Remote write 2.0: the same shapes under {@code rw2_}, with a created timestamp on the counter
     * and the native histograms, exemplars and per-series metadata.
     */
    static byte[] v2(long t) {
        List<String> symbols = new ArrayList<>(List.of(""));
        return message(out -> {
            List<byte[]> series = new ArrayList<>();
            series.add(v2Series(symbols, labels("__name__", "rw2_gauge", "job", "rt"), ts -> {
                ts.writeByteArray(2, sample(t, -1.5));
                ts.writeByteArray(5, message(m -> m.writeEnum(1, 2)));
            }));
            series.add(v2Series(symbols, labels("__name__", "rw2_requests_total", "job", "rt", "code", "500"), ts -> {
                ts.writeByteArray(2, sample(t - 1000, 2));
                ts.writeByteArray(2, sample(t, 9));
                ts.writeByteArray(4, message(e -> {
                    e.writeByteArray(1, packedUInt32(ref(symbols, "trace_id"), ref(symbols, "def456")));
                    e.writeDouble(2, 9);
                    e.writeInt64(3, t);
                }));
                int help = ref(symbols, "Requests failed.");
                ts.writeByteArray(5, message(m -> {
                    m.writeEnum(1, 1);
                    m.writeUInt32(3, help);
                }));
                ts.writeInt64(6, t - 60_000);
            }));
            String[][] buckets = {{"0.5", "1"}, {"1", "4"}, {"+Inf", "4"}};
            for (String[] b : buckets) {
                series.add(v2Series(symbols, labels("__name__", "rw2_latency_seconds_bucket", "job", "rt", "le", b[0]),
                        ts -> ts.writeByteArray(2, sample(t, Double.parseDouble(b[1])))));
            }
            series.add(v2Series(symbols, labels("__name__", "rw2_latency_seconds_sum", "job", "rt"),
                    ts -> ts.writeByteArray(2, sample(t, 2.25))));
            series.add(v2Series(symbols, labels("__name__", "rw2_latency_seconds_count", "job", "rt"),
                    ts -> ts.writeByteArray(2, sample(t, 4))));
            series.add(v2Series(symbols, labels("__name__", "rw2_native", "job", "rt"), ts -> {
                ts.writeByteArray(3, message(h -> intHistogram(h, t)));
                ts.writeInt64(6, t - 60_000);
            }));
            series.add(v2Series(symbols, labels("__name__", "rw2_native_float", "job", "rt"), ts -> {
                ts.writeByteArray(3, message(h -> floatHistogram(h, t)));
                ts.writeInt64(6, t - 60_000);
            }));
            for (String symbol : symbols) {
                out.writeString(4, symbol);
            }
            for (byte[] s : series) {
                out.writeByteArray(5, s);
            }
        });
    }

    /**
     * OTLP: resource service {@code rt} instance {@code i-1} with {@code host.name}, scope
     * {@code lib} 1.0; a gauge {@code otel.temperature} (unit Cel) 21.5, a monotonic cumulative sum
     * {@code otel.requests} 42, a histogram {@code otel.latency} (s; bounds 0.1, 1; counts 1, 2, 3;
     * sum 7.25), an exponential histogram {@code otel.size} (By; scale 0, zero count 1, positive
     * offset 0 counts 2, 3; sum 10) and a summary {@code otel.rpc} (quantiles 0.5: 1.5, 0.99: 3;
     * sum 20, count 10).
     */
    static ExportMetricsServiceRequest otlp(long t) {
        long nanos = t * 1_000_000;
        long start = nanos - 60_000_000_000L;
        KeyValue path = kv("path", "/a");
        Metric gauge = Metric.newBuilder().setName("otel.temperature").setUnit("Cel").setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(nanos).setAsDouble(21.5).addAttributes(path)))
                .build();
        Metric sum = Metric.newBuilder().setName("otel.requests").setSum(Sum.newBuilder().setIsMonotonic(true)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(nanos).setAsInt(42)
                        .addAttributes(path)))
                .build();
        Metric histogram = Metric.newBuilder().setName("otel.latency").setUnit("s").setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(HistogramDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(nanos).setCount(6)
                        .setSum(7.25).addExplicitBounds(0.1).addExplicitBounds(1).addBucketCounts(1).addBucketCounts(2)
                        .addBucketCounts(3)))
                .build();
        Metric exponential = Metric.newBuilder().setName("otel.size").setUnit("By").setExponentialHistogram(
                ExponentialHistogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setStartTimeUnixNano(start)
                                .setTimeUnixNano(nanos).setScale(0).setCount(6).setSum(10).setZeroCount(1)
                                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(0)
                                        .addBucketCounts(2).addBucketCounts(3))))
                .build();
        Metric summary = Metric.newBuilder().setName("otel.rpc").setSummary(Summary.newBuilder()
                .addDataPoints(SummaryDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(nanos).setCount(10)
                        .setSum(20)
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(1.5))
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(3))))
                .build();
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "rt"))
                        .addAttributes(kv("service.instance.id", "i-1")).addAttributes(kv("host.name", "box")))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("lib").setVersion("1.0"))
                        .addMetrics(gauge).addMetrics(sum).addMetrics(histogram).addMetrics(exponential).addMetrics(summary)))
                .build();
    }

    /** @return the request in OTLP's JSON encoding (proto3 JSON; it carries no trace ids) */
    static byte[] otlpJson(ExportMetricsServiceRequest request) {
        try {
            return JsonFormat.printer().print(request).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] snappy(byte[] body) {
        try {
            return Snappy.compress(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static String[] labels(String... pairs) {
        return pairs;
    }

    private static byte[] v1Series(String[] labels, long t, double value) throws IOException {
        return RemoteWriteBodies.message(ts -> {
            writeV1Labels(ts, labels);
            ts.writeByteArray(2, sample(t, value));
        });
    }

    private static void writeV1Labels(CodedOutputStream ts, String[] labels) throws IOException {
        for (int i = 0; i < labels.length; i += 2) {
            String name = labels[i];
            String value = labels[i + 1];
            ts.writeByteArray(1, RemoteWriteBodies.message(l -> {
                l.writeString(1, name);
                l.writeString(2, value);
            }));
        }
    }

    private static byte[] v2Series(List<String> symbols, String[] labels, RemoteWriteBodies.Fields rest) throws IOException {
        int[] refs = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            refs[i] = ref(symbols, labels[i]);
        }
        return RemoteWriteBodies.message(ts -> {
            ts.writeByteArray(1, packedUInt32(refs));
            rest.write(ts);
        });
    }

    private static int ref(List<String> symbols, String symbol) {
        int at = symbols.indexOf(symbol);
        if (at >= 0) {
            return at;
        }
        symbols.add(symbol);
        return symbols.size() - 1;
    }

    private static byte[] sample(long t, double value) throws IOException {
        return RemoteWriteBodies.message(s -> {
            s.writeDouble(1, value);
            s.writeInt64(2, t);
        });
    }

    private static byte[] span(int offset, int length) throws IOException {
        return RemoteWriteBodies.message(s -> {
            s.writeSInt32(1, offset);
            s.writeUInt32(2, length);
        });
    }

    private static byte[] packedSInt64(long... values) throws IOException {
        return RemoteWriteBodies.message(p -> {
            for (long v : values) {
                p.writeSInt64NoTag(v);
            }
        });
    }

    private static byte[] packedUInt32(int... values) throws IOException {
        return RemoteWriteBodies.message(p -> {
            for (int v : values) {
                p.writeUInt32NoTag(v);
            }
        });
    }

    private static byte[] packedDoubles(double... values) throws IOException {
        return RemoteWriteBodies.message(p -> {
            for (double v : values) {
                p.writeDoubleNoTag(v);
            }
        });
    }

    private static byte[] message(RemoteWriteBodies.Fields fields) {
        try {
            return RemoteWriteBodies.message(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

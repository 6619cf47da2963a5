package io.hearth.plugins.otlp;

import com.google.protobuf.ByteString;
import io.hearth.spi.ingest.IngestRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds OTLP requests with the generated classes, and codec requests around them. */
final class Otlp {

    /** 2026-01-01T00:00:00Z in nanoseconds, and the same in milliseconds. */
    static final long T0_NANOS = 1_767_225_600_000_000_000L;
    static final long T0 = T0_NANOS / 1_000_000;
    static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
    static final String SPAN_ID = "eee19b7ec3c1b174";

    private Otlp() {
    }

    static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    /** A request of one resource and one scope ({@code lib} 1.2.3) holding the metrics. */
    static ExportMetricsServiceRequest request(List<KeyValue> resource, Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(resource))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("lib").setVersion("1.2.3"))
                        .addAllMetrics(List.of(metrics))))
                .build();
    }

    /** A request whose resource is service {@code shop/cart} instance {@code i-1}, nothing else. */
    static ExportMetricsServiceRequest request(Metric... metrics) {
        return request(List.of(kv("service.name", "cart"), kv("service.namespace", "shop"),
                kv("service.instance.id", "i-1")), metrics);
    }

    static NumberDataPoint point(double value, KeyValue... attributes) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(T0_NANOS).setAsDouble(value)
                .addAllAttributes(List.of(attributes)).build();
    }

    static Metric gauge(String name, String unit, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setUnit(unit).setDescription("about " + name)
                .setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points))).build();
    }

    static Metric sum(String name, String unit, boolean monotonic, AggregationTemporality temporality,
            NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setUnit(unit).setDescription("about " + name)
                .setSum(Sum.newBuilder().setIsMonotonic(monotonic).setAggregationTemporality(temporality)
                        .addAllDataPoints(List.of(points)))
                .build();
    }

    static Exemplar exemplar(double value, long timeNanos) {
        return Exemplar.newBuilder().setAsDouble(value).setTimeUnixNano(timeNanos)
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(TRACE_ID)))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(SPAN_ID)))
                .addFilteredAttributes(kv("user.id", "u7")).build();
    }

    static IngestRequest protobuf(ExportMetricsServiceRequest request) {
        return new IngestRequest(OtlpCodec.ENDPOINT, Map.of("content-type", List.of("application/x-protobuf")),
                request.toByteArray());
    }

    static IngestRequest body(String contentType, String contentEncoding, byte[] body) {
        return new IngestRequest(OtlpCodec.ENDPOINT, contentEncoding.isEmpty()
                ? Map.of("content-type", List.of(contentType))
                : Map.of("content-type", List.of(contentType), "content-encoding", List.of(contentEncoding)), body);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

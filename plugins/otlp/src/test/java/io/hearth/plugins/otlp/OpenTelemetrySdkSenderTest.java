package io.hearth.plugins.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hearth.spi.ingest.IngestOutcome;
import io.hearth.spi.ingest.IngestRequest;
import io.hearth.spi.ingest.IngestResponse;
import io.hearth.spi.ingest.MalformedPayloadException;
import io.hearth.spi.ingest.NativeHistogram;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real sender: the OpenTelemetry Java SDK's OTLP/HTTP exporter (JDK HTTP sender, protobuf,
 * gzip) exports to a JDK HttpServer on 127.0.0.1 that plays the kernel: it picks the codec by
 * {@code accepts}, decodes into a recording sink and sends back the codec's answer.
 */
class OpenTelemetrySdkSenderTest {

    private final OtlpCodec protobuf = new OtlpCodec(OtlpCodec.Format.PROTOBUF, OtlpPlugin.DEFAULT_MAX_BYTES);
    private final OtlpCodec json = new OtlpCodec(OtlpCodec.Format.JSON, OtlpPlugin.DEFAULT_MAX_BYTES);
    private final List<IngestRequest> requests = new CopyOnWriteArrayList<>();
    private final List<RecordingSink> sinks = new CopyOnWriteArrayList<>();
    private final List<byte[]> answers = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/metrics", exchange -> {
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            IngestRequest request = new IngestRequest(OtlpCodec.ENDPOINT, headers, exchange.getRequestBody().readAllBytes());
            requests.add(request);
            OtlpCodec codec = protobuf.accepts(request) ? protobuf : json.accepts(request) ? json : null;
            IngestResponse answer;
            if (codec == null) {
                answer = new IngestResponse(415, Map.of(), null, null);
            } else {
                RecordingSink sink = new RecordingSink();
                try {
                    codec.decode(request, sink);
                    sinks.add(sink);
                    answer = codec.respond(sink.outcome(new IngestOutcome(sink.series.size(), 0, 0, 0, List.of())));
                } catch (MalformedPayloadException e) {
                    answer = new IngestResponse(e.unsupportedMediaType() ? 415 : 400, Map.of(), null, null);
                }
            }
            byte[] body = answer.body() == null ? new byte[0] : answer.body();
            answers.add(body);
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            }
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SdkMeterProvider provider(AggregationTemporalitySelector temporality) {
        OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
                .setEndpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/metrics")
                .setCompression("gzip").setAggregationTemporalitySelector(temporality).build();
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "checkout", AttributeKey.stringKey("service.namespace"), "shop",
                AttributeKey.stringKey("service.instance.id"), "pod-1", AttributeKey.stringKey("host.name"), "box")));
        return SdkMeterProvider.builder().setResource(resource)
                .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
                .registerView(InstrumentSelector.builder().setName("rpc.latency").build(),
                        View.builder().setAggregation(Aggregation.base2ExponentialBucketHistogram()).build())
                .build();
    }

    @Test
    void counterGaugeHistogramAndExponentialHistogramArriveTranslated() {
        try (SdkMeterProvider provider = provider(AggregationTemporalitySelector.alwaysCumulative())) {
            Meter meter = provider.meterBuilder("hearth-test").setInstrumentationVersion("1.0").build();
            Attributes get = Attributes.of(AttributeKey.stringKey("http.method"), "GET");
            meter.counterBuilder("http.requests").setUnit("{request}").build().add(3, get);
            meter.gaugeBuilder("queue.depth").setUnit("{item}").buildWithCallback(m -> m.record(42.5));
            var durations = meter.histogramBuilder("http.server.duration").setUnit("s")
                    .setExplicitBucketBoundariesAdvice(List.of(0.1, 1.0, 10.0)).build();
            for (double d : new double[] {0.05, 0.5, 5, 50}) {
                durations.record(d, get);
            }
            var latency = meter.histogramBuilder("rpc.latency").setUnit("ms").build();
            for (double d : new double[] {1, 2, 4, 1000}) {
                latency.record(d);
            }
            assertTrue(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess(), "the exporter got a 200");
        }

        IngestRequest request = requests.get(0);
        assertEquals("application/x-protobuf", request.mediaType());
        assertEquals("gzip", request.header("content-encoding"));
        RecordingSink sink = sinks.get(0);
        Map<String, String> identity = Map.of("job", "shop/checkout", "instance", "pod-1", "otel_scope_name",
                "hearth-test", "otel_scope_version", "1.0");

        RecordingSink.Series requestsTotal = sink.named("http_requests_total");
        assertEquals(3, requestsTotal.value());
        assertEquals(with(identity, "__name__", "http_requests_total", "http_method", "GET"), requestsTotal.labels());
        assertTrue(requestsTotal.createdTimestamp() > 0, "the SDK's start time is the created timestamp");

        assertEquals(42.5, sink.named("queue_depth").value());

        String bucket = "http_server_duration_seconds_bucket";
        assertEquals(List.of("0.1", "1", "10", "+Inf"), sink.all(bucket).stream().map(s -> s.labels().get("le")).toList());
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), sink.all(bucket).stream().map(RecordingSink.Series::value).toList());
        assertEquals(55.55, sink.named("http_server_duration_seconds_sum").value(), 1e-9);
        assertEquals(4, sink.named("http_server_duration_seconds_count").value());

        NativeHistogram latency = sink.named("rpc_latency_milliseconds").histograms().get(0);
        assertEquals(4, latency.count());
        assertEquals(1007, latency.sum());
        assertTrue(latency.schema() >= -4 && latency.schema() <= 8, "schema " + latency.schema());
        long inBuckets = 0;
        long running = 0;
        for (long delta : latency.positiveDeltas()) {
            running += delta;
            inBuckets += running;
        }
        assertEquals(4, inBuckets + (long) latency.zeroCount());

        RecordingSink.Series info = sink.named("target_info");
        assertEquals("box", info.labels().get("host_name"));
        assertEquals("java", info.labels().get("telemetry_sdk_language"));
        assertEquals("shop/checkout", info.labels().get("job"));
        assertTrue(sink.metadata.contains("http_requests_total|counter||"), sink.metadata.toString());
        assertTrue(sink.metadata.contains("http_server_duration_seconds|histogram||seconds"), sink.metadata.toString());
    }

    @Test
    void deltaExportIsAnsweredWithAPartialSuccessTheSdkAccepts() throws Exception {
        try (SdkMeterProvider provider = provider(AggregationTemporalitySelector.deltaPreferred())) {
            Meter meter = provider.get("hearth-test");
            meter.counterBuilder("http.requests").build().add(1);
            meter.gaugeBuilder("queue.depth").buildWithCallback(m -> m.record(1));
            assertTrue(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess(),
                    "a partial success is still a success for the sender");
        }
        assertEquals(List.of("queue_depth", "target_info"), sinks.get(0).names());
        ExportMetricsServiceResponse response = ExportMetricsServiceResponse.parseFrom(answers.get(0));
        assertEquals(1, response.getPartialSuccess().getRejectedDataPoints());
        assertTrue(response.getPartialSuccess().getErrorMessage().contains("\"http.requests\" has delta"),
                response.getPartialSuccess().getErrorMessage());
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> labels = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }
}

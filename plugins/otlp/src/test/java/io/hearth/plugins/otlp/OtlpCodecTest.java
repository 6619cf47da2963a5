package io.hearth.plugins.otlp;

import static io.hearth.plugins.otlp.Otlp.T0;
import static io.hearth.plugins.otlp.Otlp.TRACE_ID;
import static io.hearth.plugins.otlp.Otlp.gauge;
import static io.hearth.plugins.otlp.Otlp.kv;
import static io.hearth.plugins.otlp.Otlp.point;
import static io.hearth.plugins.otlp.Otlp.request;
import static io.hearth.plugins.otlp.Otlp.sum;
import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.hearth.spi.HearthPlugin;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.IdentityDirectory;
import io.hearth.spi.ingest.IngestCodec;
import io.hearth.spi.ingest.IngestCodecFactory;
import io.hearth.spi.ingest.IngestOutcome;
import io.hearth.spi.ingest.IngestRequest;
import io.hearth.spi.ingest.IngestResponse;
import io.hearth.spi.ingest.MalformedPayloadException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Content negotiation, compression, malformed bodies, the JSON mapping and the answer. */
class OtlpCodecTest {

    private static final int LIMIT = 1 << 20;
    private final OtlpCodec protobuf = new OtlpCodec(OtlpCodec.Format.PROTOBUF, LIMIT);
    private final OtlpCodec json = new OtlpCodec(OtlpCodec.Format.JSON, LIMIT);

    private static final ExportMetricsServiceRequest SAMPLE = request(
            gauge("queue.size", "{item}", point(7, kv("http.method", "GET"))),
            sum("http.requests", "", true, AGGREGATION_TEMPORALITY_CUMULATIVE, point(12)));

    @ParameterizedTest(name = "{0} {1} -> protobuf {2}, json {3}")
    @CsvSource(delimiter = '|', value = {
        "otlp_metrics | application/x-protobuf                  | true  | false",
        "otlp_metrics | Application/X-Protobuf                  | true  | false",
        "otlp_metrics | application/json                        | false | true",
        "otlp_metrics | application/json; charset=utf-8         | false | true",
        "otlp_metrics | text/plain                              | false | false",
        "otlp_metrics | application/x-protobuf;proto=io.prometheus.write.v2.Request | true | false",
        "remote_write | application/x-protobuf                  | false | false",
        "otlp_metrics | ''                                      | false | false",
    })
    void acceptsItsOwnMediaTypeOnItsEndpoint(String endpoint, String contentType, boolean byProtobuf, boolean byJson) {
        IngestRequest request = new IngestRequest(endpoint, Map.of("content-type", List.of(contentType)), new byte[1]);
        assertEquals(byProtobuf, protobuf.accepts(request));
        assertEquals(byJson, json.accepts(request));
        assertEquals("otlp_metrics", protobuf.endpoint());
        assertEquals("otlp_metrics", json.endpoint());
    }

    @Test
    void gzipAndPlainBodiesDecodeAlike() throws Exception {
        RecordingSink plain = decode(protobuf, Otlp.body("application/x-protobuf", "", SAMPLE.toByteArray()));
        RecordingSink gzipped = decode(protobuf, Otlp.body("application/x-protobuf", "gzip", Otlp.gzip(SAMPLE.toByteArray())));
        assertEquals(plain.series, gzipped.series);
        assertEquals(List.of("queue_size", "http_requests_total"), plain.names());
    }

    @Test
    void jsonPrintedFromTheGeneratedClassesDecodesAsItsProtobuf() throws Exception {
        String text = JsonFormat.printer().print(SAMPLE);
        RecordingSink fromJson = decode(json, Otlp.body("application/json", "", text.getBytes(UTF_8)));
        RecordingSink fromProtobuf = decode(protobuf, Otlp.protobuf(SAMPLE));
        assertEquals(fromProtobuf.series, fromJson.series);
        assertEquals(fromProtobuf.metadata, fromJson.metadata);
    }

    /** Snake-case names, int64 as numbers and strings, enums as numbers and names, hex ids. */
    @Test
    void jsonMappingAsOtlpSendersWriteIt() throws Exception {
        String text = """
            {"resource_metrics": [{
              "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "cart"}}]},
              "scopeMetrics": [{"scope": {"name": "lib"}, "metrics": [
                {"name": "orders", "sum": {"aggregationTemporality": 2, "is_monotonic": true, "dataPoints": [
                  {"timeUnixNano": "%d", "start_time_unix_nano": %d, "asInt": "5",
                   "exemplars": [{"timeUnixNano": "%d", "asDouble": 1.5,
                                  "traceId": "%s", "span_id": "eee19b7ec3c1b174"}]}]}},
                {"name": "temp", "unit": "Cel", "gauge": {"dataPoints": [{"time_unix_nano": %d, "as_double": 21.5}]}},
                {"name": "skipped", "sum": {"aggregationTemporality": "AGGREGATION_TEMPORALITY_DELTA",
                  "dataPoints": [{"timeUnixNano": "%d", "asInt": 1}]}}
              ]}]
            }]}
            """.formatted(Otlp.T0_NANOS, Otlp.T0_NANOS - 1_000_000_000L, Otlp.T0_NANOS, TRACE_ID, Otlp.T0_NANOS,
                Otlp.T0_NANOS);
        RecordingSink sink = decode(json, Otlp.body("application/json", "gzip", Otlp.gzip(text.getBytes(UTF_8))));
        RecordingSink.Series orders = sink.named("orders_total");
        assertEquals(5, orders.value());
        assertEquals(T0, orders.samples().get(0).timestampMillis());
        assertEquals(T0 - 1_000, orders.createdTimestamp());
        assertEquals(List.of("trace_id," + TRACE_ID + ",span_id,eee19b7ec3c1b174@" + T0 + "=1.5"), orders.exemplars());
        assertEquals(Map.of("__name__", "orders_total", "job", "cart", "otel_scope_name", "lib"), orders.labels());
        assertEquals(21.5, sink.named("temp_celsius").value());
        assertEquals(List.of("orders_total", "temp_celsius"), sink.names());

        IngestResponse answer = json.respond(sink.outcome(new IngestOutcome(2, 0, 1, 0, List.of())));
        assertEquals(200, answer.status());
        assertEquals("application/json", answer.contentType());
        ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
        JsonFormat.parser().merge(new String(answer.body(), UTF_8), response);
        assertEquals(1, response.getPartialSuccess().getRejectedDataPoints());
        assertTrue(response.getPartialSuccess().getErrorMessage().contains("\"skipped\" has delta"));
        assertTrue(new String(answer.body(), UTF_8).contains("\"partialSuccess\""), "lowerCamelCase field names");
    }

    @Test
    void protobufAnswerWithoutRejectionsIsAnEmptyResponse() throws Exception {
        decode(protobuf, Otlp.protobuf(SAMPLE));
        IngestResponse answer = protobuf.respond(new IngestOutcome(2, 0, 0, 0, List.of()));
        assertEquals(200, answer.status());
        assertEquals("application/x-protobuf", answer.contentType());
        assertEquals(ExportMetricsServiceResponse.getDefaultInstance(), ExportMetricsServiceResponse.parseFrom(answer.body()));
        decode(json, Otlp.body("application/json", "", "{}".getBytes(UTF_8)));
        assertEquals("{}", new String(json.respond(new IngestOutcome(0, 0, 0, 0, List.of())).body(), UTF_8));
    }

    @Test
    void kernelRejectionsAloneMakeAPartialSuccess() throws Exception {
        decode(protobuf, Otlp.protobuf(SAMPLE));
        IngestResponse answer = protobuf.respond(new IngestOutcome(1, 0, 0, 1,
                List.of("series {__name__=\"queue_size\"}: sample too far in the future")));
        ExportMetricsServiceResponse response = ExportMetricsServiceResponse.parseFrom(answer.body());
        assertEquals(1, response.getPartialSuccess().getRejectedDataPoints());
        assertEquals("series {__name__=\"queue_size\"}: sample too far in the future",
                response.getPartialSuccess().getErrorMessage());
    }

    static List<Object[]> malformedBodies() {
        byte[] gz = Otlp.gzip(SAMPLE.toByteArray());
        return List.of(
                new Object[] {"empty protobuf body", "application/x-protobuf", "", new byte[0], "empty"},
                new Object[] {"empty json body", "application/json", "", new byte[0], "empty"},
                new Object[] {"gzip of nothing", "application/x-protobuf", "gzip", Otlp.gzip(new byte[0]), "empty"},
                new Object[] {"not gzip", "application/x-protobuf", "gzip", SAMPLE.toByteArray(), "gzip"},
                new Object[] {"truncated gzip", "application/x-protobuf", "gzip", Arrays.copyOf(gz, gz.length / 2), "gzip"},
                new Object[] {"protobuf length past the end", "application/x-protobuf", "", new byte[] {0x0a, 0x7f, 1}, "protobuf"},
                new Object[] {"protobuf bad wire type", "application/x-protobuf", "", new byte[] {0x0f}, "protobuf"},
                new Object[] {"truncated protobuf", "application/x-protobuf", "",
                    Arrays.copyOf(SAMPLE.toByteArray(), SAMPLE.getSerializedSize() - 3), "protobuf"},
                new Object[] {"unterminated JSON", "application/json", "", "{\"resourceMetrics\": [".getBytes(UTF_8), "JSON"},
                new Object[] {"JSON array", "application/json", "", "[]".getBytes(UTF_8), "object"},
                new Object[] {"JSON with trailing content", "application/json", "", "{} {}".getBytes(UTF_8), "JSON"},
                new Object[] {"lenient JSON", "application/json", "", "{resourceMetrics: []}".getBytes(UTF_8), "JSON"},
                new Object[] {"JSON not UTF-8", "application/json", "", new byte[] {'{', '"', (byte) 0xff, '"', '}'}, "UTF-8"},
                new Object[] {"JSON wrong field type", "application/json", "", "{\"resourceMetrics\": 5}".getBytes(UTF_8),
                    "ExportMetricsServiceRequest"},
                new Object[] {"JSON trace id not hex", "application/json", "",
                    "{\"resourceMetrics\": [{\"traceId\": \"zz\"}]}".getBytes(UTF_8), "hex"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedBodiesAreRefusedWithAMessage(String what, String contentType, String encoding, byte[] body,
            String mentioned) {
        OtlpCodec codec = contentType.equals("application/json") ? json : protobuf;
        RecordingSink sink = new RecordingSink();
        MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
                () -> codec.decode(Otlp.body(contentType, encoding, body), sink));
        assertFalse(e.unsupportedMediaType(), what);
        assertTrue(e.getMessage().contains(mentioned), e.getMessage());
        assertTrue(sink.series.isEmpty(), "nothing reaches the sink from a body that does not parse");
    }

    @ParameterizedTest(name = "Content-Encoding {0}")
    @CsvSource({"br", "deflate", "snappy", "zstd"})
    void otherEncodingsAreUnsupported(String encoding) {
        MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
                () -> protobuf.decode(Otlp.body("application/x-protobuf", encoding, SAMPLE.toByteArray()), new RecordingSink()));
        assertTrue(e.unsupportedMediaType());
        assertTrue(e.getMessage().contains(encoding), e.getMessage());
    }

    @Test
    void gzipBombIsStoppedAtTheLimit() {
        byte[] bomb = Otlp.gzip(new byte[64 << 20]);
        assertTrue(bomb.length < 100_000, "64 MiB of zeros compress to " + bomb.length + " bytes");
        MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
                () -> protobuf.decode(Otlp.body("application/x-protobuf", "gzip", bomb), new RecordingSink()));
        assertTrue(e.getMessage().contains("limit of " + LIMIT), e.getMessage());
    }

    @Test
    void uncompressedBodyOverTheLimitIsRefused() {
        OtlpCodec small = new OtlpCodec(OtlpCodec.Format.PROTOBUF, 10);
        MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
                () -> small.decode(Otlp.protobuf(SAMPLE), new RecordingSink()));
        assertTrue(e.getMessage().contains("limit of 10 bytes"), e.getMessage());
    }

    @Test
    void pluginOffersBothFormatsThroughTheServiceLoaderAndHonoursTheLimitProperty() throws Exception {
        HearthPlugin plugin = ServiceLoader.load(HearthPlugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof OtlpPlugin).findFirst().orElseThrow();
        List<IngestCodecFactory> factories = plugin.ingestCodecFactories();
        assertEquals(List.of("otlp-protobuf", "otlp-json"), factories.stream().map(IngestCodecFactory::name).toList());
        IngestCodec limited = factories.get(0).create(context(Map.of("max-decompressed-bytes", "100")));
        byte[] bomb = Otlp.gzip(new byte[1_000]);
        assertThrows(MalformedPayloadException.class,
                () -> limited.decode(Otlp.body("application/x-protobuf", "gzip", bomb), new RecordingSink()));
        IngestCodec defaults = factories.get(1).create(context(Map.of()));
        assertTrue(defaults.accepts(Otlp.body("application/json", "", new byte[1])));
        assertThrows(IllegalArgumentException.class,
                () -> factories.get(0).create(context(Map.of("max-decompressed-bytes", "lots"))));
    }

    private static PluginContext context(Map<String, String> properties) {
        return new PluginContext(Path.of("target"), "us-east-1", "123456789012", properties, IdentityDirectory.EMPTY);
    }

    private static RecordingSink decode(IngestCodec codec, IngestRequest request) throws MalformedPayloadException {
        RecordingSink sink = new RecordingSink();
        codec.decode(request, sink);
        return sink;
    }

    @Test
    void aRefusedRequestGetsAGoogleRpcStatusInItsOwnFormat() throws Exception {
        IngestResponse throttled = protobuf.refuse(429, Map.of("Retry-After", "3"), "ingestion rate limit exceeded");
        assertEquals(429, throttled.status());
        assertEquals("3", throttled.headers().get("Retry-After"));
        assertEquals("application/x-protobuf", throttled.contentType());
        com.google.protobuf.CodedInputStream in = com.google.protobuf.CodedInputStream.newInstance(throttled.body());
        assertEquals((1 << 3), in.readTag());
        assertEquals(8, in.readInt32(), "RESOURCE_EXHAUSTED");
        assertEquals((2 << 3) | 2, in.readTag());
        assertEquals("ingestion rate limit exceeded", in.readString());
        assertTrue(in.isAtEnd());

        IngestResponse malformed = json.refuse(400, Map.of(), "body is not \"JSON\"\n");
        assertEquals("application/json", malformed.contentType());
        var status = com.google.gson.JsonParser.parseString(new String(malformed.body(), UTF_8)).getAsJsonObject();
        assertEquals(3, status.get("code").getAsInt(), "INVALID_ARGUMENT");
        assertEquals("body is not \"JSON\"\n", status.get("message").getAsString());
    }
}

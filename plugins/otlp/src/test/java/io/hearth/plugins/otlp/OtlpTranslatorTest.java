package io.hearth.plugins.otlp;

import static io.hearth.plugins.otlp.Otlp.SPAN_ID;
import static io.hearth.plugins.otlp.Otlp.T0;
import static io.hearth.plugins.otlp.Otlp.T0_NANOS;
import static io.hearth.plugins.otlp.Otlp.TRACE_ID;
import static io.hearth.plugins.otlp.Otlp.exemplar;
import static io.hearth.plugins.otlp.Otlp.gauge;
import static io.hearth.plugins.otlp.Otlp.kv;
import static io.hearth.plugins.otlp.Otlp.point;
import static io.hearth.plugins.otlp.Otlp.request;
import static io.hearth.plugins.otlp.Otlp.sum;
import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.ingest.IngestOutcome;
import io.hearth.spi.ingest.MalformedPayloadException;
import io.hearth.spi.ingest.NativeHistogram;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each translation rule, through the protobuf codec into a recording sink. */
class OtlpTranslatorTest {

    private static final long STALE = 0x7ff0000000000002L;
    private static final Map<String, String> IDENTITY = Map.of("job", "shop/cart", "instance", "i-1",
            "otel_scope_name", "lib", "otel_scope_version", "1.2.3");

    private final OtlpCodec codec = new OtlpCodec(OtlpCodec.Format.PROTOBUF, 1 << 20);

    private RecordingSink lastSink;

    private RecordingSink decode(ExportMetricsServiceRequest request) {
        RecordingSink sink = new RecordingSink();
        lastSink = sink;
        try {
            codec.decode(Otlp.protobuf(request), sink);
        } catch (MalformedPayloadException e) {
            throw new AssertionError(e);
        }
        return sink;
    }

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new java.util.HashMap<>(IDENTITY);
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }

    @Test
    void gaugeBecomesOneSeriesWithAttributesScopeJobAndInstance() {
        RecordingSink sink = decode(request(gauge("queue.size", "{item}", point(7, kv("http.method", "GET"))),
                gauge("cpu.utilization", "1", point(0.25))));
        RecordingSink.Series queue = sink.named("queue_size");
        assertEquals(labels("__name__", "queue_size", "http_method", "GET"), queue.labels());
        assertEquals(List.of(new RecordingSink.Sample(T0, Double.doubleToRawLongBits(7))), queue.samples());
        assertEquals(0.25, sink.named("cpu_utilization_ratio").value());
        assertEquals(List.of("queue_size|gauge|about queue.size|", "cpu_utilization_ratio|gauge|about cpu.utilization|"),
                sink.metadata);
    }

    @ParameterizedTest(name = "{0} monotonic={2} -> {3} ({4})")
    @CsvSource(delimiter = '|', value = {
        "http.requests | {request} | true  | http_requests_total | counter",
        "io.read       | By        | true  | io_read_bytes_total | counter",
        "jobs.queued   | {job}     | false | jobs_queued         | gauge",
        "memory.used   | By        | false | memory_used_bytes   | gauge",
        "pool.share    | 1         | false | pool_share          | gauge",
    })
    void cumulativeSumsBecomeCountersWhenMonotonicAndGaugesOtherwise(String name, String unit, boolean monotonic,
            String expected, String type) {
        RecordingSink sink = decode(request(sum(name, unit, monotonic, AGGREGATION_TEMPORALITY_CUMULATIVE, point(3))));
        assertEquals(3, sink.named(expected).value());
        assertEquals(List.of(expected + "|" + type + "|about " + name + "|" + PrometheusNames.unit(unit)), sink.metadata);
    }

    @Test
    void integerPointsKeepTheirValue() {
        NumberDataPoint point = NumberDataPoint.newBuilder().setTimeUnixNano(T0_NANOS).setAsInt(1L << 40).build();
        assertEquals(1L << 40, (long) decode(request(gauge("big", "", point))).named("big").value());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "name and namespace   | cart | shop | i-1 | job=shop/cart instance=i-1",
        "name only            | cart |      | i-1 | job=cart instance=i-1",
        "no instance          | cart |      |     | job=cart",
        "namespace only       |      | shop |     | ''",
    })
    void jobAndInstanceComeFromTheServiceAttributes(String what, String name, String namespace, String instance,
            String expected) {
        List<io.opentelemetry.proto.common.v1.KeyValue> resource = new java.util.ArrayList<>();
        if (name != null) {
            resource.add(kv("service.name", name));
        }
        if (namespace != null) {
            resource.add(kv("service.namespace", namespace));
        }
        if (instance != null) {
            resource.add(kv("service.instance.id", instance));
        }
        RecordingSink sink = decode(request(resource, gauge("g", "", point(1))));
        assertEquals(expected, jobAndInstance(sink.named("g").labels()));
        assertTrue(sink.all("target_info").isEmpty(), "only service attributes: no target_info");
    }

    private static String jobAndInstance(Map<String, String> labels) {
        StringBuilder text = new StringBuilder();
        if (labels.containsKey("job")) {
            text.append("job=").append(labels.get("job"));
        }
        if (labels.containsKey("instance")) {
            text.append(text.isEmpty() ? "" : " ").append("instance=").append(labels.get("instance"));
        }
        return text.toString();
    }

    @Test
    void otherResourceAttributesGoToTargetInfoAtEachDistinctTimestamp() {
        NumberDataPoint later = point(2).toBuilder().setTimeUnixNano(T0_NANOS + 15_000_000_000L).build();
        RecordingSink sink = decode(request(List.of(kv("service.name", "cart"), kv("service.instance.id", "i-1"),
                kv("host.name", "box"), kv("k8s.pod.name", "cart-0")), gauge("a", "", point(1), later),
                gauge("b", "", point(3))));
        RecordingSink.Series info = sink.named("target_info");
        assertEquals(Map.of("__name__", "target_info", "job", "cart", "instance", "i-1", "host_name", "box",
                "k8s_pod_name", "cart-0"), info.labels());
        assertEquals(List.of(T0, T0 + 15_000), info.samples().stream().map(RecordingSink.Sample::timestampMillis).toList());
        assertTrue(info.samples().stream().allMatch(s -> s.value() == 1));
        assertTrue(sink.metadata.contains("target_info|gauge|Target metadata|"));
        assertTrue(!sink.named("a", "job", "cart").labels().containsKey("host_name"),
                "resource attributes are not series labels");
    }

    @Test
    void noTargetInfoWithoutJobOrInstanceToJoinItBy() {
        RecordingSink sink = decode(request(List.of(kv("host.name", "box")), gauge("g", "", point(1))));
        assertEquals(List.of("g"), sink.names());
    }

    @Test
    void attributesThatSanitiseAlikeAreJoinedInKeyOrder() {
        RecordingSink sink = decode(request(gauge("g", "", point(1, kv("a_b", "second"), kv("a.b", "first"),
                kv("empty", ""), kv("n", AnyValue.newBuilder().setIntValue(42).build()),
                kv("flag", AnyValue.newBuilder().setBoolValue(true).build()),
                kv("list", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setStringValue("x"))
                        .addValues(AnyValue.newBuilder().setIntValue(1))).build())))));
        Map<String, String> labels = sink.named("g").labels();
        assertEquals("first;second", labels.get("a_b"));
        assertEquals("42", labels.get("n"));
        assertEquals("true", labels.get("flag"));
        assertEquals("[\"x\",1]", labels.get("list"));
        assertTrue(!labels.containsKey("empty"), "an empty value is no label");
    }

    @Test
    void histogramBecomesCumulativeBucketsSumAndCount() {
        HistogramDataPoint point = HistogramDataPoint.newBuilder().setTimeUnixNano(T0_NANOS)
                .setStartTimeUnixNano(T0_NANOS - 60_000_000_000L).addAllExplicitBounds(List.of(0.1, 1.0, 10.0))
                .addAllBucketCounts(List.of(1L, 2L, 3L, 4L)).setCount(10).setSum(25.5)
                .addAttributes(kv("http.route", "/cart")).addExemplars(exemplar(0.5, T0_NANOS - 1_000_000)).build();
        RecordingSink sink = decode(request(Metric.newBuilder().setName("http.server.duration").setUnit("s")
                .setDescription("how long").setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AGGREGATION_TEMPORALITY_CUMULATIVE).addDataPoints(point))
                .build()));
        String bucket = "http_server_duration_seconds_bucket";
        assertEquals(List.of("0.1", "1", "10", "+Inf"), sink.all(bucket).stream().map(s -> s.labels().get("le")).toList());
        assertEquals(List.of(1.0, 3.0, 6.0, 10.0), sink.all(bucket).stream().map(RecordingSink.Series::value).toList());
        assertEquals(labels("__name__", bucket, "http_route", "/cart", "le", "1"), sink.named(bucket, "le", "1").labels());
        assertEquals(25.5, sink.named("http_server_duration_seconds_sum").value());
        assertEquals(10, sink.named("http_server_duration_seconds_count").value());
        assertEquals(List.of("trace_id," + TRACE_ID + ",span_id," + SPAN_ID + ",user_id,u7@" + (T0 - 1) + "=0.5"),
                sink.named(bucket, "le", "1").exemplars(), "an exemplar goes with the bucket that holds it");
        assertTrue(sink.series.stream().allMatch(s -> s.createdTimestamp() == T0 - 60_000), "start time is created time");
        assertEquals(List.of("http_server_duration_seconds|histogram|how long|seconds"), sink.metadata);
    }

    @Test
    void histogramWithoutBoundsOrSumHasOnlyInfBucketAndCount() {
        HistogramDataPoint point = HistogramDataPoint.newBuilder().setTimeUnixNano(T0_NANOS).setCount(4).build();
        RecordingSink sink = decode(request(Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(AGGREGATION_TEMPORALITY_CUMULATIVE).addDataPoints(point)).build()));
        assertEquals(List.of("h_bucket", "h_count"), sink.names());
        assertEquals(4, sink.named("h_bucket", "le", "+Inf").value());
    }

    @Test
    void boundsWithoutBucketCountsGiveOnlyTheInfBucket() {
        HistogramDataPoint point = HistogramDataPoint.newBuilder().setTimeUnixNano(T0_NANOS)
                .addAllExplicitBounds(List.of(1.0, 2.0)).setCount(4).setSum(3)
                .addExemplars(exemplar(1.5, T0_NANOS)).build();
        RecordingSink sink = decode(request(Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(AGGREGATION_TEMPORALITY_CUMULATIVE).addDataPoints(point)).build()));
        assertEquals(1, sink.all("h_bucket").size());
        assertEquals(1, sink.named("h_bucket", "le", "+Inf").exemplars().size());
    }

    @Test
    void attributesWhoseNamesSanitiseToNothingAreDropped() {
        RecordingSink sink = decode(request(gauge("g", "", point(1, kv("ようこそ", "x"), kv("__", "y"), kv("ok", "z")))));
        assertEquals(labels("__name__", "g", "ok", "z"), sink.named("g").labels());
    }

    @Test
    void summaryBecomesQuantilesSumAndCount() {
        SummaryDataPoint point = SummaryDataPoint.newBuilder().setTimeUnixNano(T0_NANOS).setCount(100).setSum(12.5)
                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(0.1))
                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(0.9))
                .build();
        RecordingSink sink = decode(request(Metric.newBuilder().setName("rpc.duration").setUnit("ms")
                .setSummary(Summary.newBuilder().addDataPoints(point)).build()));
        assertEquals(0.1, sink.named("rpc_duration_milliseconds", "quantile", "0.5").value());
        assertEquals(0.9, sink.named("rpc_duration_milliseconds", "quantile", "0.99").value());
        assertEquals(12.5, sink.named("rpc_duration_milliseconds_sum").value());
        assertEquals(100, sink.named("rpc_duration_milliseconds_count").value());
        assertEquals(List.of("rpc_duration_milliseconds|summary||milliseconds"), sink.metadata);
    }

    @Test
    void exponentialHistogramBecomesNativeHistogram() {
        ExponentialHistogramDataPoint point = ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T0_NANOS)
                .setScale(2).setCount(9).setSum(30).setZeroCount(1).setZeroThreshold(1e-9)
                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(3)
                        .addAllBucketCounts(List.of(2L, 0L, 5L)))
                .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-1)
                        .addAllBucketCounts(List.of(1L)))
                .addExemplars(exemplar(4, T0_NANOS)).build();
        RecordingSink sink = decode(request(Metric.newBuilder().setName("latency").setUnit("s")
                .setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .setAggregationTemporality(AGGREGATION_TEMPORALITY_CUMULATIVE).addDataPoints(point))
                .build()));
        RecordingSink.Series series = sink.named("latency_seconds");
        NativeHistogram h = series.histograms().get(0);
        assertEquals(T0, h.timestampMillis());
        assertEquals(2, h.schema());
        assertEquals(9, h.count());
        assertEquals(30, h.sum());
        assertEquals(1, h.zeroCount());
        assertEquals(1e-9, h.zeroThreshold());
        assertEquals(1e-128, ExponentialHistograms.convert(point.toBuilder().clearZeroThreshold().build(), T0, false)
                .zeroThreshold(), "without a threshold, Prometheus's default");
        assertArrayEquals(new int[] {4, 1, 1, 1}, h.positiveSpans(), "OTLP index 3 is Prometheus index 4");
        assertArrayEquals(new long[] {2, 3}, h.positiveDeltas());
        assertArrayEquals(new int[] {0, 1}, h.negativeSpans());
        assertArrayEquals(new long[] {1}, h.negativeDeltas());
        assertEquals(1, series.exemplars().size());
        assertEquals(List.of("latency_seconds|histogram||seconds"), sink.metadata);
    }

    @Test
    void noRecordedValueFlagWritesStaleMarkers() {
        NumberDataPoint gone = point(5).toBuilder().setFlags(1).build();
        HistogramDataPoint goneHistogram = HistogramDataPoint.newBuilder().setTimeUnixNano(T0_NANOS).setFlags(1)
                .addExplicitBounds(1).addAllBucketCounts(List.of(0L, 0L)).setSum(0).build();
        ExponentialHistogramDataPoint goneExponential = ExponentialHistogramDataPoint.newBuilder()
                .setTimeUnixNano(T0_NANOS).setFlags(1).build();
        RecordingSink sink = decode(request(gauge("g", "", gone),
                Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AGGREGATION_TEMPORALITY_CUMULATIVE).addDataPoints(goneHistogram))
                        .build(),
                Metric.newBuilder().setName("e").setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .setAggregationTemporality(AGGREGATION_TEMPORALITY_CUMULATIVE).addDataPoints(goneExponential))
                        .build()));
        for (String name : List.of("g", "h_sum", "h_count")) {
            assertEquals(STALE, sink.named(name).samples().get(0).valueBits(), name);
        }
        assertTrue(sink.all("h_bucket").stream().allMatch(s -> s.samples().get(0).valueBits() == STALE));
        assertEquals(STALE, Double.doubleToRawLongBits(sink.named("e").histograms().get(0).sum()));
    }

    @Test
    void startTimeIsTheCreatedTimestamp() {
        NumberDataPoint point = point(1).toBuilder().setStartTimeUnixNano(T0_NANOS - 5_000_000_000L).build();
        RecordingSink sink = decode(request(sum("c", "", true, AGGREGATION_TEMPORALITY_CUMULATIVE, point),
                gauge("g", "", point(2))));
        assertEquals(T0 - 5_000, sink.named("c_total").createdTimestamp());
        assertEquals(0, sink.named("g").createdTimestamp(), "no start time, no created timestamp");
    }

    @Test
    void exemplarsOfNumberPointsCarryTraceAndSpanIds() {
        NumberDataPoint point = point(1).toBuilder().addExemplars(exemplar(1, T0_NANOS)).build();
        RecordingSink sink = decode(request(sum("c", "", true, AGGREGATION_TEMPORALITY_CUMULATIVE, point)));
        assertEquals(List.of("trace_id," + TRACE_ID + ",span_id," + SPAN_ID + ",user_id,u7@" + T0 + "=1.0"),
                sink.named("c_total").exemplars());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"AGGREGATION_TEMPORALITY_DELTA, delta", "AGGREGATION_TEMPORALITY_UNSPECIFIED, unspecified"})
    void nonCumulativeSumsAreRefusedNamingTheMetric(AggregationTemporality temporality, String word) {
        RecordingSink sink = decode(request(sum("orders", "", true, temporality, point(1), point(2), point(3)),
                gauge("kept", "", point(1))));
        assertEquals(List.of("kept"), sink.names(), "nothing of the refused metric reaches the sink");
        ExportMetricsServiceResponse response = response(new IngestOutcome(1, 0, 0, 0, List.of()));
        assertEquals(3, response.getPartialSuccess().getRejectedDataPoints());
        String message = response.getPartialSuccess().getErrorMessage();
        assertTrue(message.contains("\"orders\"") && message.contains(word), message);
    }

    @Test
    void deltaRefusalsAndKernelRejectionsAreReportedTogether() {
        Metric deltaHistogram = Metric.newBuilder().setName("sizes").setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(AGGREGATION_TEMPORALITY_DELTA)
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T0_NANOS).setCount(1))).build();
        Metric deltaExponential = Metric.newBuilder().setName("waits").setExponentialHistogram(ExponentialHistogram
                .newBuilder().setAggregationTemporality(AGGREGATION_TEMPORALITY_DELTA)
                .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T0_NANOS).setCount(1))).build();
        RecordingSink sink = decode(request(deltaHistogram, deltaExponential,
                sum("orders", "", true, AGGREGATION_TEMPORALITY_DELTA, point(1)), gauge("kept", "", point(1))));
        assertEquals(List.of("kept"), sink.names());
        ExportMetricsServiceResponse response = response(new IngestOutcome(0, 0, 0, 1,
                List.of("series {__name__=\"kept\"}: too old")));
        assertEquals(4, response.getPartialSuccess().getRejectedDataPoints());
        String message = response.getPartialSuccess().getErrorMessage();
        for (String part : List.of("\"sizes\"", "\"waits\"", "\"orders\"", "too old")) {
            assertTrue(message.contains(part), part + " in " + message);
        }
    }

    @Test
    void aResponseWithNothingRejectedHasNoPartialSuccess() {
        decode(request(gauge("kept", "", point(1))));
        ExportMetricsServiceResponse response = response(new IngestOutcome(1, 0, 0, 0, List.of()));
        assertTrue(!response.hasPartialSuccess());
    }

    @Test
    void eachRequestReportsOnlyItsOwnRefusals() {
        decode(request(sum("orders", "", true, AGGREGATION_TEMPORALITY_DELTA, point(1))));
        decode(request(gauge("kept", "", point(1))));
        assertTrue(!response(new IngestOutcome(1, 0, 0, 0, List.of())).hasPartialSuccess(),
                "the refusals of a request that was never answered do not leak into the next");
    }

    @Test
    void exponentialHistogramOfTooCoarseAScaleIsRefused() {
        ExponentialHistogramDataPoint coarse = ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T0_NANOS)
                .setScale(-5).setCount(1).build();
        RecordingSink sink = decode(request(Metric.newBuilder().setName("e").setExponentialHistogram(
                ExponentialHistogram.newBuilder().setAggregationTemporality(AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(coarse)).build()));
        assertTrue(sink.series.isEmpty());
        ExportMetricsServiceResponse response = response(new IngestOutcome(0, 0, 0, 0, List.of()));
        assertEquals(1, response.getPartialSuccess().getRejectedDataPoints());
        assertTrue(response.getPartialSuccess().getErrorMessage().contains("scale -5"));
    }

    @Test
    void unspecifiedTemporalityIsNamedAsSuch() {
        decode(request(sum("s", "", false, AGGREGATION_TEMPORALITY_UNSPECIFIED, point(1))));
        assertTrue(response(new IngestOutcome(0, 0, 0, 0, List.of())).getPartialSuccess().getErrorMessage()
                .contains("unspecified"));
    }

    @Test
    void aTemporalityFromAFutureOtlpIsRefusedNotFatal() {
        Metric future = sum("s", "", true, AGGREGATION_TEMPORALITY_CUMULATIVE, point(1)).toBuilder()
                .setSum(sum("s", "", true, AGGREGATION_TEMPORALITY_CUMULATIVE, point(1)).getSum().toBuilder()
                        .setAggregationTemporalityValue(7))
                .build();
        assertTrue(decode(request(future)).series.isEmpty());
        var partial = response(new IngestOutcome(0, 0, 0, 0, List.of())).getPartialSuccess();
        assertEquals(1, partial.getRejectedDataPoints());
        assertTrue(partial.getErrorMessage().contains("unknown (7)"), partial.getErrorMessage());
    }

    private ExportMetricsServiceResponse response(IngestOutcome outcome) {
        var answer = codec.respond(lastSink == null ? outcome : lastSink.outcome(outcome));
        assertEquals(200, answer.status());
        assertEquals("application/x-protobuf", answer.contentType());
        try {
            return ExportMetricsServiceResponse.parseFrom(answer.body());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}

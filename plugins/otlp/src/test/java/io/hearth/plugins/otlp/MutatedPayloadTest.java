package io.hearth.plugins.otlp;

import static io.hearth.plugins.otlp.Otlp.exemplar;
import static io.hearth.plugins.otlp.Otlp.gauge;
import static io.hearth.plugins.otlp.Otlp.kv;
import static io.hearth.plugins.otlp.Otlp.point;
import static io.hearth.plugins.otlp.Otlp.request;
import static io.hearth.plugins.otlp.Otlp.sum;
import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.hearth.spi.ingest.IngestOutcome;
import io.hearth.spi.ingest.IngestRequest;
import io.hearth.spi.ingest.MalformedPayloadException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of truncated and bit-flipped bodies of each format: the codec either decodes one or
 * refuses it with a {@link MalformedPayloadException}; nothing else escapes, and it always answers.
 */
class MutatedPayloadTest {

    private static final ExportMetricsServiceRequest VALID = request(
            gauge("queue.size", "{item}", point(7, kv("http.method", "GET"))),
            sum("http.requests", "", true, AGGREGATION_TEMPORALITY_CUMULATIVE,
                    point(12).toBuilder().addExemplars(exemplar(1, Otlp.T0_NANOS)).build()),
            Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder()
                    .setAggregationTemporality(AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(Otlp.T0_NANOS)
                            .addAllExplicitBounds(List.of(1.0, 2.0)).addAllBucketCounts(List.of(1L, 2L, 3L))
                            .setCount(6).setSum(7)))
                    .build(),
            Metric.newBuilder().setName("e").setExponentialHistogram(ExponentialHistogram.newBuilder()
                    .setAggregationTemporality(AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(Otlp.T0_NANOS)
                            .setScale(12).setCount(3).setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder()
                                    .setOffset(-7).addAllBucketCounts(List.of(1L, 0L, 2L)))))
                    .build());

    @Test
    void mutatedBodiesDecodeOrAreRefusedAsMalformed() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        byte[] proto = VALID.toByteArray();
        byte[] json = JsonFormat.printer().print(VALID).getBytes(UTF_8);
        OtlpCodec protobufCodec = new OtlpCodec(OtlpCodec.Format.PROTOBUF, 1 << 20);
        OtlpCodec jsonCodec = new OtlpCodec(OtlpCodec.Format.JSON, 1 << 20);
        int refused = 0;
        for (int round = 0; round < 3_000; round++) {
            boolean asJson = round % 2 == 1;
            boolean gzip = round % 3 == 0;
            byte[] original = asJson ? json : proto;
            byte[] body = gzip ? Otlp.gzip(original) : original;
            body = mutate(body, random);
            IngestRequest request = Otlp.body(asJson ? "application/json" : "application/x-protobuf",
                    gzip ? "gzip" : "", body);
            OtlpCodec codec = asJson ? jsonCodec : protobufCodec;
            try {
                codec.decode(request, new RecordingSink());
                codec.respond(new IngestOutcome(0, 0, 0, 0, List.of()));
            } catch (MalformedPayloadException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "seed " + seed + " round " + round);
                refused++;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("seed " + seed + " round " + round + ": " + e, e);
            }
        }
        assertTrue(refused > 0, "seed " + seed + ": some mutations must be refused");
    }

    private static byte[] mutate(byte[] body, Random random) {
        byte[] copy = body.clone();
        switch (random.nextInt(3)) {
            case 0 -> {
                return Arrays.copyOf(copy, random.nextInt(copy.length));
            }
            case 1 -> {
                for (int i = random.nextInt(1, 6); i > 0; i--) {
                    copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            default -> {
                for (int i = random.nextInt(1, 4); i > 0; i--) {
                    copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                }
            }
        }
        return copy;
    }
}
